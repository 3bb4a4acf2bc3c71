import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientInnerProducts, LAMBDA_FLOOR, pairwiseHinge, updateLambda } from './lambda';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('pairwise hinge surrogate of AUC', () => {
  it('hand-worked: mean of max(0, 1 − (f(x+) − f(x−))) over labelled pairs, summed over tasks', async () => {
    // Task 0: positives score 2 and 0.5, negatives 0 and 1 →
    //   (2,0): 0, (2,1): 0, (0.5,0): 0.5, (0.5,1): 1.5 → mean 0.5.
    // Task 1: user 3 unlabelled; positive 0 (score 1), negatives 1, 2 (scores 0, 3) →
    //   (1,0): 0, (1,3): 3 → mean 1.5.
    const logits = tf.tensor2d([[2, 1], [0.5, 0], [0, 3], [1, -9]]);
    const labels = tf.tensor2d([[1, 1], [1, 0], [0, 0], [0, 1]]);
    const mask = tf.tensor2d([[1, 1], [1, 1], [1, 1], [1, 0]]);
    expect((await pairwiseHinge(logits, labels, mask).data())[0]).toBeCloseTo(0.5 + 1.5, 6);
    // A task with no pair (no negative) adds 0, not 0/0.
    const oneClass = tf.tensor2d([[1, 0], [1, 0], [1, 0], [1, 0]]);
    expect((await pairwiseHinge(logits, oneClass, tf.onesLike(oneClass)).data())[0]).toBe(0);
  });
});

describe('bi-level λ update', () => {
  it('hand-worked: inner products of the validation and task gradients, then step, floor and Σλ = K', async () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    // g_val = ∇(w0 + 2·w1) = [1, 2];  g_0 = ∇(w0²) = [2, 0] → 2;  g_1 = ∇(3·w1) = [0, 3] → 6;  g_2 = ∇(−w0) → −1.
    const task = [() => tf.square(tf.gather(w, 0)), () => tf.mul(3, tf.gather(w, 1)), () => tf.neg(tf.gather(w, 0))];
    const inner = gradientInnerProducts(() => tf.dot(w, tf.tensor1d([1, 2])) as tf.Scalar, (k) => task[k]() as tf.Scalar, 3);
    const values = Array.from(await inner.data());
    expect(values).toEqual([2, 6, -1]);
    // β·η = 0.1: [1.2, 1.6, 0.9] → Σ 3.7 → ×3/3.7.
    const lambda = updateLambda([1, 1, 1], values, 0.1);
    [1.2, 1.6, 0.9].forEach((l, k) => expect(lambda[k]).toBeCloseTo((l * 3) / 3.7, 12));
    expect(lambda.reduce((a, b) => a + b, 0)).toBeCloseTo(3, 12);
    // A large negative step is clipped at the floor before renormalising.
    const clipped = updateLambda([1, 1], [0, -100], 1);
    expect(clipped[1] / clipped[0]).toBeCloseTo(LAMBDA_FLOOR, 12);
    expect(clipped[0] + clipped[1]).toBeCloseTo(2, 12);
    inner.dispose();
    w.dispose();
  });

  it('leaves no tensor behind', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) gradientInnerProducts(() => tf.sum(tf.square(w)), () => tf.sum(w), 2).dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});
