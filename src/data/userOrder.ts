// Events grouped by user and put in time order (file order breaks ties and stands in when
// there is no time column), as index arrays into the event store: nothing is copied.
import type { EventStore } from './eventStore';

export interface UserOrder {
  /** Event indices, user-major, each user's in time order. */
  order: Int32Array;
  /** User u's events are order[offsets[u] .. offsets[u+1]). */
  offsets: Int32Array;
}

export function orderByUser(store: EventStore): UserOrder {
  const numUsers = store.userIds.length;
  const n = store.events;
  const offsets = new Int32Array(numUsers + 1);
  for (let e = 0; e < n; e++) offsets[store.user[e] + 1]++;
  for (let u = 0; u < numUsers; u++) offsets[u + 1] += offsets[u];
  // Counting sort by user keeps file order within a user.
  const order = new Int32Array(n);
  const fill = offsets.slice(0, numUsers);
  for (let e = 0; e < n; e++) order[fill[store.user[e]]++] = e;
  const times = store.time;
  if (times) {
    for (let u = 0; u < numUsers; u++) {
      const seq = order.subarray(offsets[u], offsets[u + 1]);
      // Most logs are written in time order: sort only the users that are not.
      let sorted = true;
      for (let i = 1; i < seq.length && sorted; i++) sorted = times[seq[i - 1]] <= times[seq[i]];
      // Time, then event index: a total order, so equal times keep file order.
      if (!sorted) seq.sort((a, b) => times[a] - times[b] || a - b);
    }
  }
  return { order, offsets };
}

/** Index of the first of `seq`'s events at or after `t` (events in time order). */
export function firstAtOrAfter(seq: Int32Array, times: Float64Array, t: number): number {
  let lo = 0;
  let hi = seq.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[seq[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
