// The task-indicator loss (README §Model 3.2, the paper's eq. 3): per task k, the mean
// binary cross-entropy over the users that have a label for k,
//   L_k = Σ_i δ_k^i · BCE(logit_k^i, y_k^i) / Σ_i δ_k^i,
// and the total Σ_k λ_k · L_k. A task without any label in the batch contributes 0 (and is
// reported as null), never 0/0.
import * as tf from '@tensorflow/tfjs-core';

export interface TaskLosses {
  /** [K] L_k; 0 for a task with no label in the batch. */
  perTask: tf.Tensor1D;
  /** Σ_k λ_k · L_k */
  weighted: tf.Scalar;
}

/** `labelled[k]` = Σ_i δ_k^i, counted on the CPU when the batch was built. */
export function taskIndicatorLoss(logits: tf.Tensor2D, labels: tf.Tensor2D, labelMask: tf.Tensor2D, labelled: number[], lambda: number[]): TaskLosses {
  // BCE with logits: softplus(z) − z·y, stable for any z.
  const bce = tf.sub(tf.softplus(logits), tf.mul(logits, labels));
  const perTaskSum = tf.sum(tf.mul(bce, labelMask), 0);
  const perTask = tf.mul(perTaskSum, tf.tensor1d(labelled.map((n) => 1 / Math.max(1, n)))) as tf.Tensor1D;
  const weighted = tf.dot(perTask, tf.tensor1d(lambda)) as tf.Scalar;
  return { perTask, weighted };
}

/** L_k as reported: null where the batch has no label of task k. */
export function reportedTaskLoss(values: ArrayLike<number>, labelled: number[]): (number | null)[] {
  return labelled.map((n, k) => (n > 0 ? values[k] : null));
}

/** BCE of one logit against a binary label, in plain numbers (for evaluation on the CPU). */
export function binaryCrossEntropy(logit: number, y: number): number {
  return Math.max(logit, 0) - logit * y + Math.log1p(Math.exp(-Math.abs(logit)));
}
