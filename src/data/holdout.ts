// Training users held out of training for a purpose of their own (tuning λ, choosing the step
// to keep): a seeded share, never the validation users (they are not among `users`).
import { createRng, shuffle, type Rng } from '../util/rng';

/** A `share` of `users` (at least one, and at least one left) drawn by `rng`; both parts sorted. */
export function holdOut(users: Int32Array, share: number, rng: Rng): { kept: Int32Array; held: Int32Array } {
  const order = users.slice();
  shuffle(order, rng);
  const n = Math.min(users.length - 1, Math.max(1, Math.round(users.length * share)));
  return { kept: order.slice(n).sort(), held: order.slice(0, n).sort() };
}

/** The training users split into those trained on and the early-stopping holdout (train.earlyStopHoldout; a seeded stream of its own). */
export function earlyStopHoldout(train: Int32Array, share: number, seed: number): { train: Int32Array; holdout: Int32Array } {
  const { kept, held } = holdOut(train, share, createRng(seed).fork('early-stop-holdout'));
  return { train: kept, holdout: held };
}
