// Train/validation split by user (README §Model 1: 80/20 by user), from the run's seed, so that a
// share link holds out the same users on every machine.
import { createRng, shuffle } from '../util/rng';
import { DataError } from './rawTable';

export interface UserSplit {
  /** User indices for training, ascending. */
  train: Int32Array;
  /** User indices held out for validation, ascending. */
  val: Int32Array;
}

export function splitUsers(numUsers: number, valFraction: number, seed: number): UserSplit {
  if (!Number.isInteger(numUsers) || numUsers < 2) {
    throw new DataError({ problem: `A split needs at least 2 users, not ${numUsers}.`, hint: 'Use a file with events of more users.' });
  }
  if (!(valFraction > 0 && valFraction < 1)) {
    throw new DataError({ problem: `The validation share ${valFraction} is not between 0 and 1.`, hint: 'Choose e.g. 0.2 for an 80/20 split.' });
  }
  // At least one user on each side, whatever the share.
  const numVal = Math.min(numUsers - 1, Math.max(1, Math.round(numUsers * valFraction)));
  const order = Int32Array.from({ length: numUsers }, (_, i) => i);
  // A fork of its own, so that other uses of the seed do not move the split.
  shuffle(order, createRng(seed).fork('split'));
  return { train: order.slice(numVal).sort(), val: order.slice(0, numVal).sort() };
}
