// Scoring users with a trained model, chunk by chunk: each chunk's user representations H and
// task probabilities read back at once, so an export of 100,000 users never holds more than
// one chunk on the device and can report progress and stop between chunks.
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset';
import type { UserModel } from '../model/userModel';
import { exactAuc } from './auc';
import { SCORING } from '../model/dropout';
import { buildBatch, disposeBatch, NO_USER } from './batch';

/**
 * Users per forward pass of an evaluation or a scoring: fewer, larger dispatches than
 * training-size chunks (a chunk is forward only, so its memory is small). Capacity is per
 * chunk, as in training, so a user's scores depend on the chunk it is in: scoring the
 * validation users in the evaluation's chunks gives the evaluation's scores to the bit.
 */
export function scoringChunk(batchSize: number): number {
  return Math.max(256, batchSize);
}

export interface ScoredChunk {
  /** [users, dim] user representations H. */
  h: Float32Array;
  dim: number;
  /** [users, K] logits. */
  logits: Float32Array;
}

/** H and logits of `users` (at most `size`), padded to `size` rows so that every chunk has one shape and the shaders compile once. */
export async function scoreChunk(model: UserModel, dataset: Dataset, users: Int32Array, size: number): Promise<ScoredChunk> {
  const chunk = new Int32Array(Math.max(size, users.length)).fill(NO_USER);
  chunk.set(users);
  const batch = buildBatch(dataset, chunk);
  try {
    const [h, logits] = tf.tidy(() => {
      const out = model.forward(batch, SCORING);
      return [out.H, out.logits];
    });
    try {
      const [hv, lv] = await Promise.all([h.data(), logits.data()]);
      const dim = h.shape[1];
      const K = logits.shape[1];
      return { h: (hv as Float32Array).slice(0, users.length * dim), dim, logits: (lv as Float32Array).slice(0, users.length * K) };
    } finally {
      tf.dispose([h, logits]);
    }
  } finally {
    disposeBatch(batch);
  }
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Exact AUC per task of `logits` [users, K] against the dataset's labels of `users`; null where a task has no labelled user of both classes. */
export function aucPerTask(dataset: Dataset, users: Int32Array, logits: Float32Array): (number | null)[] {
  const K = dataset.tasks.length;
  return dataset.tasks.map((_, k) => {
    const scores = Float64Array.from(users, (_, i) => logits[i * K + k]);
    const auc = exactAuc(scores, Float64Array.from(users, (u) => dataset.labels[u * K + k]), Float64Array.from(users, (u) => dataset.labelMask[u * K + k]));
    return auc.defined ? auc.auc : null;
  });
}
