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
import { rawSummary, summaryNames } from './rawSummary';
import type { UserOrder } from './userOrder';

/** Standardised features are clipped to ±this: one extreme user must not dominate a batch. */
export const USER_FEATURE_CLIP = 5;

/** A std below this (slog values are of order 1..20) is rounding noise of a constant feature. */
const CONSTANT_STD = 1e-9;

export interface UserSummary {
  names: string[];
  /** [users, names.length] normalised. */
  values: Float32Array;
  stats: UserFeatureStats;
}

/** The summary features of the kept users, normalised on `train` (dataset user indices; null = all users). */
/** `fitted`: a trained model's statistics (scoring new users), else fitted on `train`. */
export function userSummary(store: EventStore, order: UserOrder, kept: KeptUsers, predictionTime: number | undefined, train: Int32Array | null, fitted?: UserFeatureStats): UserSummary {
  const names = summaryNames(store, predictionTime !== undefined);
  const raw = rawSummary(store, order, kept, predictionTime);
  const stats = fitted ?? fitUserFeatures(raw, names.length, train);
  return { names, values: applyUserFeatures(raw, stats), stats };
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
