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

/** [users, F] raw feature values, in summaryNames order. */
export function rawSummary(store: EventStore, { order, offsets }: UserOrder, kept: KeptUsers, predictionTime: number | undefined, F: number): Float64Array {
  const out = new Float64Array(kept.users.length * F);
  const times = predictionTime !== undefined ? store.time : null;
  const dense = store.dense.map((c) => c.values);
  const idCols = idColumns(store);
  const ids = idCols.map((c) => c.codes);
  // Per ID column, the last user that had each value: a distinct count without a set per user.
  const lastUser = idCols.map((c) => new Int32Array(c.values.length).fill(-1));
  // Per dense column: values seen, sum, max; per ID column: distinct values (of the current user).
  const [count, sum, max] = [0, 1, 2].map(() => new Float64Array(dense.length));
  const distinct = new Float64Array(ids.length);
  // One pass over each user's rows reading every column: on a large log a user's rows are far
  // apart in memory, and one pass fetches each of them once.
  for (let i = 0; i < kept.users.length; i++) {
    const lo = offsets[kept.users[i]];
    const hi = lo + kept.inputEnd[i];
    count.fill(0);
    sum.fill(0);
    max.fill(-Infinity);
    distinct.fill(0);
    let sessions = 0;
    let days = 0;
    for (let r = lo; r < hi; r++) {
      const e = order[r];
      if (times) {
        const t = times[e];
        const prev = r > lo ? times[order[r - 1]] : NaN;
        if (t !== prev) sessions++;
        if (Math.floor(t / DAY_MS) !== Math.floor(prev / DAY_MS)) days++;
      }
      for (let j = 0; j < dense.length; j++) {
        const v = dense[j][e];
        if (v !== v) continue; // NaN: missing
        count[j]++;
        sum[j] += v;
        if (v > max[j]) max[j] = v;
      }
      for (let j = 0; j < ids.length; j++) {
        const code = ids[j][e];
        if (code < 0 || lastUser[j][code] === i) continue;
        lastUser[j][code] = i;
        distinct[j]++;
      }
    }
    let f = i * F;
    out[f++] = hi - lo;
    if (times) {
      out[f++] = sessions;
      out[f++] = days;
      out[f++] = (predictionTime! - times[order[lo]]) / DAY_MS;
      out[f++] = (predictionTime! - times[order[hi - 1]]) / DAY_MS;
    }
    for (let j = 0; j < dense.length; j++) {
      out[f++] = sum[j];
      out[f++] = count[j] > 0 ? sum[j] / count[j] : 0;
      out[f++] = count[j] > 0 ? max[j] : 0;
    }
    for (let j = 0; j < ids.length; j++) out[f++] = distinct[j];
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
