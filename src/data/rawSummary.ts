// The per-user summary features before normalisation (userSummary.ts), over every input event
// of each kept user. Mostly one pass over the events in file order: on a large log a user's
// events lie far apart in memory, and reading them user by user costs a cache miss per event
// and column (seconds on millions of events; this reruns whenever a setting changes). Only what
// needs a user's events in time order — distinct values, and sessions and days of a user whose
// rows are not in time order in the file — reads them user by user.
import type { EventStore } from './eventStore';
import type { KeptUsers } from './keepUsers';
import type { UserOrder } from './userOrder';

const DAY_MS = 86_400_000;

export const idColumns = (store: EventStore) => store.discrete.filter((c) => c.input && c.kind === 'id');

/** Feature names, in the order of rawSummary's columns. */
export function summaryNames(store: EventStore, timed: boolean): string[] {
  return [
    'events',
    ...(timed ? ['sessions', 'active_days', 'days_since_first', 'days_since_last'] : []),
    ...store.dense.flatMap((c) => [`${c.name}_sum`, `${c.name}_mean`, `${c.name}_max`]),
    ...idColumns(store).map((c) => `${c.name}_distinct`),
  ];
}

/** [users, F] raw feature values, in summaryNames order. `predictionTime` is set exactly when the store has times. */
export function rawSummary(store: EventStore, order: UserOrder, kept: KeptUsers, predictionTime: number | undefined): Float64Array {
  const n = kept.users.length;
  const pass = inFileOrder(store, kept, predictionTime);
  const columns: Float64Array[] = [Float64Array.from(kept.inputEnd)];
  if (pass.time) {
    recountUnsorted(store.time!, order, kept, pass.time);
    const { sessions, days, first, last } = pass.time;
    columns.push(sessions, days, first.map((t) => (predictionTime! - t) / DAY_MS), last.map((t) => (predictionTime! - t) / DAY_MS));
  }
  for (const d of pass.dense) columns.push(d.sum, d.sum.map((s, i) => (d.count[i] > 0 ? s / d.count[i] : 0)), d.max.map((m, i) => (d.count[i] > 0 ? m : 0)));
  for (const c of idColumns(store)) columns.push(distinctValues(c.codes, c.values.length, order, kept));
  const F = columns.length;
  const out = new Float64Array(n * F);
  columns.forEach((column, f) => {
    for (let i = 0; i < n; i++) out[i * F + f] = column[i];
  });
  return out;
}

interface TimeTally {
  sessions: Float64Array;
  days: Float64Array;
  /** Earliest and latest input time (ms). */
  first: Float64Array;
  last: Float64Array;
  /** 1 for a user whose input rows are not in time order in the file: sessions and days are recounted. */
  unsorted: Uint8Array;
}

interface DenseTally {
  count: Float64Array;
  sum: Float64Array;
  max: Float64Array;
}

/** Times and dense columns of every input event, in file order. */
function inFileOrder(store: EventStore, kept: KeptUsers, predictionTime: number | undefined): { time: TimeTally | null; dense: DenseTally[] } {
  const n = kept.users.length;
  const keptIndex = new Int32Array(store.userIds.length).fill(-1);
  kept.users.forEach((u, i) => (keptIndex[u] = i));
  const times = predictionTime !== undefined ? store.time : null;
  const time = times ? { sessions: new Float64Array(n), days: new Float64Array(n), first: new Float64Array(n).fill(Infinity), last: new Float64Array(n).fill(-Infinity), unsorted: new Uint8Array(n) } : null;
  const dense = store.dense.map(() => ({ count: new Float64Array(n), sum: new Float64Array(n), max: new Float64Array(n).fill(-Infinity) }));
  const values = store.dense.map((c) => c.values);
  // Without times, a user's inputs are its first inputEnd events in file order.
  const seen = new Int32Array(n);
  for (let e = 0; e < store.events; e++) {
    const i = keptIndex[store.user[e]];
    if (i < 0) continue;
    if (times) {
      const t = times[e];
      if (!(t < predictionTime!)) continue;
      tallyTime(time!, i, t);
    } else if (seen[i]++ >= kept.inputEnd[i]) continue;
    for (let j = 0; j < values.length; j++) {
      const v = values[j][e];
      if (v !== v) continue; // NaN: missing
      const d = dense[j];
      d.count[i]++;
      d.sum[i] += v;
      if (v > d.max[i]) d.max[i] = v;
    }
  }
  return { time, dense };
}

/** One input time of user i, in file order: sessions and days count changes while the user's rows are in time order. */
function tallyTime(a: TimeTally, i: number, t: number): void {
  const prev = a.last[i];
  if (t < prev) a.unsorted[i] = 1;
  else {
    if (t !== prev) a.sessions[i]++;
    if (Math.floor(t / DAY_MS) !== Math.floor(prev / DAY_MS)) a.days[i]++;
    a.last[i] = t;
  }
  if (t < a.first[i]) a.first[i] = t;
}

/** Sessions, days and the latest time of the users flagged unsorted, from their rows in time order. */
function recountUnsorted(times: Float64Array, { order, offsets }: UserOrder, kept: KeptUsers, a: TimeTally): void {
  for (let i = 0; i < kept.users.length; i++) {
    if (!a.unsorted[i]) continue;
    const lo = offsets[kept.users[i]];
    const hi = lo + kept.inputEnd[i];
    a.sessions[i] = 0;
    a.days[i] = 0;
    for (let r = lo; r < hi; r++) {
      const t = times[order[r]];
      const prev = r > lo ? times[order[r - 1]] : NaN;
      if (t !== prev) a.sessions[i]++;
      if (Math.floor(t / DAY_MS) !== Math.floor(prev / DAY_MS)) a.days[i]++;
    }
    a.last[i] = times[order[hi - 1]];
  }
}

/** Distinct values of a discrete column among each user's input rows (missing not counted). */
function distinctValues(codes: Int32Array, vocab: number, { order, offsets }: UserOrder, kept: KeptUsers): Float64Array {
  const out = new Float64Array(kept.users.length);
  // The last user seen with each value: a distinct count without a set per user.
  const lastUser = new Int32Array(vocab).fill(-1);
  for (let i = 0; i < kept.users.length; i++) {
    const lo = offsets[kept.users[i]];
    for (let r = lo; r < lo + kept.inputEnd[i]; r++) {
      const code = codes[order[r]];
      if (code < 0 || lastUser[code] === i) continue;
      lastUser[code] = i;
      out[i]++;
    }
  }
  return out;
}
