// The tiny dataset with per-user summary inputs, standing in for what the data layer computes
// (Dataset.userFeatures, SequenceBatch.userFeatures): events, share of kind 3, mean and max
// amount over the user's events, standardised over the users. Two of them carry the tiny
// dataset's rules, so a logistic regression on them learns both tasks.
import * as tf from '@tensorflow/tfjs-core';
import { FIRST_TOKEN, type Dataset } from '../data/dataset';
import { buildBatch, NO_USER, type TrainingBatch } from '../train/batch';
import { tinyDataset, type TinyOptions } from './tinyDataset';

export const SUMMARY_NAMES = ['events', 'kind3Share', 'amountMean', 'amountMax'];

function userSummary(d: Dataset, u: number): number[] {
  const n = d.length[u];
  const M = d.discrete.length;
  let kind3 = 0;
  let sum = 0;
  let max = -Infinity;
  for (let t = 0; t < n; t++) {
    kind3 += d.tokens[(u * d.seqLen + t) * M] === FIRST_TOKEN + 3 ? 1 : 0;
    const a = d.denseValues[u * d.seqLen + t];
    sum += a;
    max = Math.max(max, a);
  }
  return [n, kind3 / n, sum / n, max];
}

/** `d` with summary inputs [numUsers, 4], each standardised to mean 0 and standard deviation 1. */
export function withUserSummary(d: Dataset): Dataset {
  const F = SUMMARY_NAMES.length;
  const raw = Array.from({ length: d.numUsers }, (_, u) => userSummary(d, u));
  const userFeatures = new Float32Array(d.numUsers * F);
  for (let j = 0; j < F; j++) {
    const column = raw.map((r) => r[j]);
    const mean = column.reduce((a, b) => a + b, 0) / column.length;
    const std = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / column.length) || 1;
    column.forEach((v, u) => (userFeatures[u * F + j] = (v - mean) / std));
  }
  return { ...d, userFeatures, userFeatureNames: [...SUMMARY_NAMES] };
}

export function summaryDataset(options: TinyOptions): Dataset {
  return withUserSummary(tinyDataset(options));
}

/** A training batch with its users' summary inputs [B, F] (zeros for NO_USER rows). */
export function summaryBatch(d: Dataset, users: number[]): TrainingBatch {
  const F = d.userFeatureNames!.length;
  const s = new Float32Array(users.length * F);
  users.forEach((u, b) => {
    if (u !== NO_USER) s.set(d.userFeatures!.subarray(u * F, (u + 1) * F), b * F);
  });
  return { ...buildBatch(d, users), userFeatures: tf.tensor2d(s, [users.length, F]) };
}

export function disposeSummaryBatch(b: TrainingBatch): void {
  tf.dispose([b.tokens, b.dense, b.timeGap, b.recency, b.valid, b.labels, b.labelMask, ...(b.userFeatures ? [b.userFeatures] : [])]);
}
