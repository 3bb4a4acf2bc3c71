// Task weights λ of Loss(Θ, λ) = Σ_k λ_k · l_k (README §Model 3.4): fixed, or tuned for
// validation AUC by the bi-level rule. AUC is not differentiable; its surrogate on a positive
// x+ and a negative x− is the pairwise hinge max(0, 1 − (f(x+) − f(x−))). Every R steps, with
// g_val = ∇θ of that hinge on a validation batch and g_k = ∇θ l_k on a training batch (a
// first-order, one-step unrolled hypergradient: θ' = θ − η Σ λ_k g_k lowers the validation
// hinge by η Σ λ_k ⟨g_val, g_k⟩), λ_k ← λ_k + β·η·⟨g_val, g_k⟩, clipped at a floor and
// renormalised to Σ λ_k = K.
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset';
import type { UserModel } from '../model/userModel';
import { createRng } from '../util/rng';
import { buildBatch, disposeBatch } from './batch';
import { holdOut } from '../data/holdout';
import { taskIndicatorLoss } from './losses';
import { EpochSampler } from './sampler';
import type { LearningRate } from './schedule';

/** No task's weight falls below this (before renormalising): a task is never switched off. */
export const LAMBDA_FLOOR = 0.05;

/** λ as the trainer reads it every step. */
export interface TaskWeights {
  current(): number[];
  /** Called after optimiser step `step` (1-based); the bi-level rule updates λ here. */
  afterStep(step: number): Promise<void>;
}

export class FixedWeights implements TaskWeights {
  constructor(private readonly lambda: number[]) {}
  current(): number[] {
    return this.lambda;
  }
  async afterStep(): Promise<void> {}
}

/**
 * Σ_k of the mean pairwise hinge over task k's (positive, negative) pairs of the batch, both
 * labelled (δ = 1). A task without a pair adds 0. logits, labels, labelMask: [B, K].
 */
export function pairwiseHinge(logits: tf.Tensor2D, labels: tf.Tensor2D, labelMask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const s = tf.transpose(logits); // [K, B]
    const pos = tf.transpose(tf.mul(labels, labelMask));
    const neg = tf.transpose(tf.mul(tf.sub(1, labels), labelMask));
    const diff = tf.sub(tf.expandDims(s, 2), tf.expandDims(s, 1)); // [K, B+, B−]
    const pairs = tf.mul(tf.expandDims(pos, 2), tf.expandDims(neg, 1));
    const hinge = tf.sum(tf.mul(tf.relu(tf.sub(1, diff)), pairs), [1, 2]);
    return tf.sum(tf.div(hinge, tf.maximum(tf.sum(pairs, [1, 2]), 1)));
  });
}

/**
 * [K] ⟨∇θ valLoss, ∇θ taskLoss(k)⟩ over the trainable variables both reach (a frozen
 * encoder's are not trainable, so θ is then the towers). One backward pass per task, each
 * task's gradients freed before the next.
 */
export function gradientInnerProducts(valLoss: () => tf.Scalar, taskLoss: (k: number) => tf.Scalar, K: number): tf.Tensor1D {
  return tf.tidy(() => {
    const gVal = tf.variableGrads(valLoss).grads;
    const inner: tf.Scalar[] = [];
    for (let k = 0; k < K; k++) {
      const gk = tf.variableGrads(() => taskLoss(k)).grads;
      const terms = Object.keys(gk).filter((name) => gVal[name]).map((name) => tf.sum(tf.mul(gVal[name], gk[name])));
      inner.push(terms.length > 0 ? (tf.addN(terms) as tf.Scalar) : tf.scalar(0));
      tf.dispose(Object.values(gk));
    }
    return tf.stack(inner) as tf.Tensor1D;
  });
}

/** λ_k + βη·⟨g_val, g_k⟩, clipped at `floor`, renormalised to Σ λ = K. */
export function updateLambda(lambda: number[], inner: ArrayLike<number>, betaEta: number, floor = LAMBDA_FLOOR): number[] {
  const stepped = lambda.map((l, k) => Math.max(floor, l + betaEta * inner[k]));
  const sum = stepped.reduce((a, b) => a + b, 0);
  return stepped.map((l) => (l * lambda.length) / sum);
}

export interface BilevelOptions {
  /** R */
  every: number;
  /** β */
  beta: number;
  /** η: the model's learning rate at the step just taken (the run's schedule). */
  eta: LearningRate;
  batchSize: number;
  seed: number;
}

/** The bi-level rule: validation batches from `tuneUsers` (held out of training), training batches from `trainUsers`. */
export class BilevelWeights implements TaskWeights {
  private lambda: number[];
  private readonly trainSampler: EpochSampler;
  private readonly tuneSampler: EpochSampler;
  /** ⟨g_val, g_k⟩ of the last update, for the λ chart's tooltip and tests. */
  lastInner: number[] | null = null;

  constructor(
    private readonly model: UserModel,
    private readonly dataset: Dataset,
    trainUsers: Int32Array,
    tuneUsers: Int32Array,
    initial: number[],
    private readonly opts: BilevelOptions,
  ) {
    this.lambda = [...initial];
    // Streams of their own: the λ updates do not move the training batches.
    const rng = createRng(opts.seed).fork('lambda');
    this.trainSampler = new EpochSampler(trainUsers, rng.fork('train').int(2 ** 31));
    this.tuneSampler = new EpochSampler(tuneUsers, rng.fork('tune').int(2 ** 31));
  }

  current(): number[] {
    return this.lambda;
  }

  async afterStep(step: number): Promise<void> {
    if (step % this.opts.every !== 0) return;
    const val = buildBatch(this.dataset, this.tuneSampler.next(this.opts.batchSize));
    const train = buildBatch(this.dataset, this.trainSampler.next(this.opts.batchSize));
    const K = this.lambda.length;
    const ones = Array.from({ length: K }, () => 1);
    try {
      const inner = gradientInnerProducts(
        () => pairwiseHinge(this.model.forward(val).logits, val.labels, val.labelMask),
        (k) => tf.reshape(tf.slice(taskIndicatorLoss(this.model.forward(train).logits, train.labels, train.labelMask, train.labelled, ones).perTask, [k], [1]), []) as tf.Scalar,
        K,
      );
      const values = await inner.data();
      inner.dispose();
      this.lastInner = Array.from(values);
      this.lambda = updateLambda(this.lambda, values, this.opts.beta * this.opts.eta(step));
    } finally {
      disposeBatch(val);
      disposeBatch(train);
    }
  }
}

/** The bi-level mode's λ-tuning users: a seeded `share` of the training users, held out of training so that λ never sees the users whose AUC is reported. */
export function holdoutSplit(train: Int32Array, share: number, seed: number): { train: Int32Array; tune: Int32Array } {
  const { kept, held } = holdOut(train, share, createRng(seed).fork('lambda-holdout'));
  return { train: kept, tune: held };
}
