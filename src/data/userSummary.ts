// Per-user summary inputs (data.userSummary): what max-pooling over the last N events cannot
// see — how many events the whole history holds, over how many sessions and days, how long ago
// it began and ended at the prediction time, the sum / mean / max of each dense column and the
// distinct values of each ID column. Computed over ALL of a user's input events (every row
// strictly before the prediction time; not only the last N, and not merged), each through
// slog(x) = sign(x)·log1p(|x|) (counts and sums are heavy-tailed, and sums can be negative),
// then standardised with the training users' mean and std and clipped, as a logistic
// regression on these features wants them (the baseline of issue 9 reads them too).
import type { UserFeatureStats } from './dataset';
import type { EventStore } from './eventStore';
import type { KeptUsers } from './keepUsers';
import type { UserOrder } from './userOrder';

/** Standardised features are clipped to ±this: one extreme user must not dominate a batch. */
export const USER_FEATURE_CLIP = 5;

const DAY_MS = 86_400_000;
/** A std below this (slog values are of order 1..20) is rounding noise of a constant feature. */
const CONSTANT_STD = 1e-9;

export interface UserSummary {
  names: string[];
  /** [users, names.length] normalised. */
  values: Float32Array;
  stats: UserFeatureStats;
}

/** The summary features of the kept users, normalised on `train` (dataset user indices; null = all users). */
export function userSummary(store: EventStore, order: UserOrder, kept: KeptUsers, predictionTime: number | undefined, train: Int32Array | null): UserSummary {
  const names = summaryNames(store, predictionTime !== undefined);
  const raw = rawSummary(store, order, kept, predictionTime, names.length);
  const stats = fitUserFeatures(raw, names.length, train);
  return { names, values: applyUserFeatures(raw, stats), stats };
}

const idColumns = (store: EventStore) => store.discrete.filter((c) => c.input && c.kind === 'id');

export function summaryNames(store: EventStore, timed: boolean): string[] {
  return [
    'events',
    ...(timed ? ['sessions', 'active_days', 'days_since_first', 'days_since_last'] : []),
    ...store.dense.flatMap((c) => [`${c.name}_sum`, `${c.name}_mean`, `${c.name}_max`]),
    ...idColumns(store).map((c) => `${c.name}_distinct`),
  ];
}

/** Each kept user's input rows: order[lo[i] .. hi[i]), in time order. */
interface UserRows {
  order: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
}

/** [users, F] raw feature values, in summaryNames order. */
export function rawSummary(store: EventStore, { order, offsets }: UserOrder, kept: KeptUsers, predictionTime: number | undefined, F: number): Float64Array {
  const n = kept.users.length;
  const rows: UserRows = { order, lo: Int32Array.from(kept.users, (u) => offsets[u]), hi: Int32Array.from(kept.users, (u, i) => offsets[u] + kept.inputEnd[i]) };
  // Feature by feature, each a plain loop over all users' rows: this reruns on every setting change.
  const columns = [
    Float64Array.from(kept.inputEnd),
    ...(predictionTime !== undefined ? timeFeatures(store.time!, rows, predictionTime) : []),
    ...store.dense.flatMap((c) => denseFeatures(c.values, rows)),
    ...idColumns(store).map((c) => distinctValues(c.codes, c.values.length, rows)),
  ];
  const out = new Float64Array(n * F);
  columns.forEach((column, f) => {
    for (let i = 0; i < n; i++) out[i * F + f] = column[i];
  });
  return out;
}

/** sessions (distinct times), active_days (distinct UTC days), days_since_first, days_since_last. */
function timeFeatures(times: Float64Array, { order, lo, hi }: UserRows, predictionTime: number): Float64Array[] {
  const n = lo.length;
  const [sessions, days, first, last] = [0, 1, 2, 3].map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let prevTime = NaN;
    let prevDay = NaN;
    for (let r = lo[i]; r < hi[i]; r++) {
      const t = times[order[r]];
      const day = Math.floor(t / DAY_MS);
      if (t !== prevTime) sessions[i]++;
      if (day !== prevDay) days[i]++;
      prevTime = t;
      prevDay = day;
    }
    first[i] = (predictionTime - times[order[lo[i]]]) / DAY_MS;
    last[i] = (predictionTime - times[order[hi[i] - 1]]) / DAY_MS;
  }
  return [sessions, days, first, last];
}

/** Sum, mean and max of a dense column over each user's rows, missing values skipped (none: 0 each). */
function denseFeatures(values: Float32Array, { order, lo, hi }: UserRows): Float64Array[] {
  const n = lo.length;
  const [sum, mean, max] = [0, 1, 2].map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let count = 0;
    let s = 0;
    let m = -Infinity;
    for (let r = lo[i]; r < hi[i]; r++) {
      const v = values[order[r]];
      if (v !== v) continue; // NaN: missing
      count++;
      s += v;
      if (v > m) m = v;
    }
    sum[i] = s;
    mean[i] = count > 0 ? s / count : 0;
    max[i] = count > 0 ? m : 0;
  }
  return [sum, mean, max];
}

/** Distinct values of a discrete column in each user's rows (missing not counted). */
function distinctValues(codes: Int32Array, vocab: number, { order, lo, hi }: UserRows): Float64Array {
  const out = new Float64Array(lo.length);
  // The last user seen with each value: a distinct count without a set per user.
  const lastUser = new Int32Array(vocab).fill(-1);
  for (let i = 0; i < lo.length; i++) {
    for (let r = lo[i]; r < hi[i]; r++) {
      const code = codes[order[r]];
      if (code < 0 || lastUser[code] === i) continue;
      lastUser[code] = i;
      out[i]++;
    }
  }
  return out;
}

export const slog = (x: number) => Math.sign(x) * Math.log1p(Math.abs(x));

/** Mean and std (population) of slog(x) per feature over the `train` users (null = all). */
export function fitUserFeatures(raw: Float64Array, F: number, train: Int32Array | null): UserFeatureStats {
  const users = train ?? Int32Array.from({ length: raw.length / F }, (_, i) => i);
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  for (let f = 0; f < F; f++) {
    let sum = 0;
    for (const i of users) sum += slog(raw[i * F + f]);
    const m = users.length > 0 ? sum / users.length : 0;
    let m2 = 0;
    for (const i of users) m2 += (slog(raw[i * F + f]) - m) ** 2;
    const s = users.length > 0 ? Math.sqrt(m2 / users.length) : 0;
    mean[f] = m;
    // A constant feature's std is 0 up to rounding: no spread to scale by.
    std[f] = s > CONSTANT_STD ? s : 0;
  }
  return { mean, std, clip: USER_FEATURE_CLIP };
}

/** [users, F] raw → normalised with `stats`: a constant feature (std 0) is 0 for everyone. */
export function applyUserFeatures(raw: Float64Array, stats: UserFeatureStats): Float32Array {
  const F = stats.mean.length;
  const out = new Float32Array(raw.length);
  for (let k = 0; k < raw.length; k++) {
    const f = k % F;
    const z = stats.std[f] > 0 ? (slog(raw[k]) - stats.mean[f]) / stats.std[f] : 0;
    out[k] = Math.max(-stats.clip, Math.min(stats.clip, z));
  }
  return out;
}
