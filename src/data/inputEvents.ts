// The kept users' input events as the model reads them: each user's input rows in time
// order, or (data.mergeSameTime) each run of rows sharing a user and a timestamp — one basket,
// one invoice — as one event. A merged event takes its discrete values from its first row (file
// order) and sums each dense column over its rows (missing cells skipped; all missing stays
// missing), so that N events cover more of a history. Labels never read this: a label task
// sees every raw row of its window.
import type { EventStore } from './eventStore';
import type { KeptUsers } from './keepUsers';
import type { UserOrder } from './userOrder';

export interface InputEvents {
  /** Store event index of each input event (a merged event's first row). */
  order: Int32Array;
  /** Kept user i's input events are order[start[i] .. start[i] + count[i]), oldest first. */
  start: Int32Array;
  count: Int32Array;
  /** Present when same-time rows were merged: per input event, its rows and its dense sums. */
  merged?: MergedValues;
}

export interface MergedValues {
  /** Per input event: rows merged into it. */
  rows: Int32Array;
  /** Per dense column of the store, per input event: the sum of its rows' values (NaN = all missing). */
  dense: Float64Array[];
}

/** Each input row is an event: views into the user order, nothing copied. */
export function rowInputs({ order, offsets }: UserOrder, kept: KeptUsers): InputEvents {
  return { order, start: Int32Array.from(kept.users, (u) => offsets[u]), count: kept.inputEnd };
}

/** Rows of a user with the same time merged into one event (kept.inputEvents counts them). */
export function mergedInputs(store: EventStore, { order, offsets }: UserOrder, kept: KeptUsers): InputEvents {
  const times = store.time!;
  const total = kept.inputEvents.reduce((a, b) => a + b, 0);
  const first = new Int32Array(total);
  /** Where each merged event's rows start in `order`. */
  const from = new Int32Array(total);
  const rows = new Int32Array(total);
  const start = new Int32Array(kept.users.length);
  let k = -1;
  for (let i = 0; i < kept.users.length; i++) {
    const base = offsets[kept.users[i]];
    start[i] = k + 1;
    for (let r = base; r < base + kept.inputEnd[i]; r++) {
      if (r === base || times[order[r]] !== times[order[r - 1]]) {
        first[++k] = order[r];
        from[k] = r;
      }
      rows[k]++;
    }
  }
  const dense = store.dense.map((c) => sums(c.values, order, from, rows));
  return { order: first, start, count: kept.inputEvents, merged: { rows, dense } };
}

/** Per merged event, the sum of its rows' values, missing ones skipped (NaN when all are missing). */
function sums(values: Float32Array, order: Int32Array, from: Int32Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(from.length);
  for (let k = 0; k < from.length; k++) {
    let sum = NaN;
    for (let r = from[k]; r < from[k] + rows[k]; r++) {
      const v = values[order[r]];
      if (v === v) sum = sum === sum ? sum + v : v; // v === v: not missing (NaN)
    }
    out[k] = sum;
  }
  return out;
}
