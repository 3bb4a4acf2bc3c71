// A batch of users as tensors: the model's inputs in the layout of `data/dataset.ts`, plus
// the labels and task indicators the losses read. Built on the CPU from the dataset arrays
// and uploaded once; nothing here reads back from the device.
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset';
import type { SequenceBatch } from '../model/inputs';

/** Stands for "no user": an all-padding row that fills the last chunk of an evaluation, so
 *  that every chunk has the same shape. It routes no token and carries no label. */
export const NO_USER = -1;

export interface TrainingBatch extends SequenceBatch {
  /** [B, K] binary labels (0 where unlabelled). */
  labels: tf.Tensor2D;
  /** [B, K] task indicator δ: 1 where the user has the task's label. */
  labelMask: tf.Tensor2D;
  /** Per task, users of the batch with its label (Σ_i δ_k^i), known on the CPU. */
  labelled: number[];
}

/** A batch's arrays on the CPU, before upload (MCP masks them first). */
export interface BatchArrays {
  B: number;
  tokens: Int32Array;
  dense: Float32Array;
  timeGap: Int32Array;
  recency: Int32Array;
  valid: Float32Array;
  /** [B, N] event-age buckets, when the dataset has them. */
  age?: Int32Array;
  /** [B, F] user-summary features, when the dataset has them. */
  userFeatures?: Float32Array;
  numValidTokens: number;
  labels: Float32Array;
  labelMask: Float32Array;
  labelled: number[];
}

export function buildBatch(d: Dataset, users: ArrayLike<number>): TrainingBatch {
  return uploadBatch(d, batchArrays(d, users));
}

export function batchArrays(d: Dataset, users: ArrayLike<number>): BatchArrays {
  const B = users.length;
  const N = d.seqLen;
  const M = d.discrete.length;
  const D = d.dense.length;
  const K = d.tasks.length;
  const tokens = new Int32Array(B * N * M);
  const dense = new Float32Array(B * N * D);
  const timeGap = new Int32Array(B * N);
  const recency = new Int32Array(B * N);
  const valid = new Float32Array(B * N);
  const F = d.userFeatureNames?.length ?? 0;
  const age = d.ageBucket ? new Int32Array(B * N) : undefined;
  const userFeatures = d.userFeatures ? new Float32Array(B * F) : undefined;
  const labels = new Float32Array(B * K);
  const labelMask = new Float32Array(B * K);
  const labelled = new Array<number>(K).fill(0);
  let numValidTokens = 0;
  for (let b = 0; b < B; b++) {
    const u = users[b];
    if (u === NO_USER) continue;
    tokens.set(d.tokens.subarray(u * N * M, (u + 1) * N * M), b * N * M);
    dense.set(d.denseValues.subarray(u * N * D, (u + 1) * N * D), b * N * D);
    timeGap.set(d.timeGapBucket.subarray(u * N, (u + 1) * N), b * N);
    age?.set(d.ageBucket!.subarray(u * N, (u + 1) * N), b * N);
    userFeatures?.set(d.userFeatures!.subarray(u * F, (u + 1) * F), b * F);
    // Events are left-aligned: positions 0..length-1 are real.
    const length = Math.min(N, d.length[u]);
    valid.fill(1, b * N, b * N + length);
    for (let i = 0; i < length; i++) recency[b * N + i] = length - 1 - i;
    numValidTokens += length;
    for (let k = 0; k < K; k++) {
      labels[b * K + k] = d.labels[u * K + k];
      labelMask[b * K + k] = d.labelMask[u * K + k];
      labelled[k] += d.labelMask[u * K + k] > 0 ? 1 : 0;
    }
  }
  const out: BatchArrays = { B, tokens, dense, timeGap, recency, valid, numValidTokens, labels, labelMask, labelled };
  if (age) out.age = age;
  if (userFeatures) out.userFeatures = userFeatures;
  return out;
}

export function uploadBatch(d: Dataset, a: BatchArrays): TrainingBatch {
  const { B, tokens, dense, timeGap, recency, valid, numValidTokens, labels, labelMask, labelled } = a;
  const [N, M, D, K] = [d.seqLen, d.discrete.length, d.dense.length, d.tasks.length];
  const batch: TrainingBatch = {
    tokens: tf.tensor3d(tokens, [B, N, M], 'int32'),
    dense: tf.tensor3d(dense, [B, N, D], 'float32'),
    timeGap: tf.tensor2d(timeGap, [B, N], 'int32'),
    recency: tf.tensor2d(recency, [B, N], 'int32'),
    valid: tf.tensor2d(valid, [B, N], 'float32'),
    numValidTokens,
    labels: tf.tensor2d(labels, [B, K], 'float32'),
    labelMask: tf.tensor2d(labelMask, [B, K], 'float32'),
    labelled,
  };
  if (a.age) batch.age = tf.tensor2d(a.age, [B, N], 'int32');
  if (a.userFeatures) batch.userFeatures = tf.tensor2d(a.userFeatures, [B, d.userFeatureNames?.length ?? 0], 'float32');
  return batch;
}

/** The model-input tensors of a batch (optional ones only when present). */
export function inputTensors(b: SequenceBatch): tf.Tensor[] {
  return [b.tokens, b.dense, b.timeGap, b.recency, b.valid, ...(b.age ? [b.age] : []), ...(b.userFeatures ? [b.userFeatures] : [])];
}

export function disposeBatch(b: TrainingBatch): void {
  tf.dispose([...inputTensors(b), b.labels, b.labelMask]);
}
