import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy, reportedTaskLoss, taskIndicatorLoss } from './losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('taskIndicatorLoss (README §Model 3.2)', () => {
  it('averages BCE over the labelled users of each task; a task with no label gives 0 and null', async () => {
    // 3 users × 3 tasks. Task 0: users 0 and 2 labelled. Task 1: all. Task 2: none.
    const logits = tf.tensor2d([[0, 2, 5], [100, -1, -3], [Math.log(3), 0, 1]]);
    const labels = tf.tensor2d([[1, 1, 0], [0, 0, 0], [0, 1, 0]]);
    const mask = tf.tensor2d([[1, 1, 0], [0, 1, 0], [1, 1, 0]]);
    const { perTask, weighted } = taskIndicatorLoss(logits, labels, mask, [2, 3, 0], [1, 0.5, 7]);
    // BCE(0, 1) = ln 2; BCE(ln 3, 0) = ln(1 + 3) = ln 4. User 1's huge logit is masked out.
    const L0 = (Math.log(2) + Math.log(4)) / 2;
    // BCE(2, 1) = ln(1 + e^-2); BCE(−1, 0) = ln(1 + e^-1); BCE(0, 1) = ln 2.
    const L1 = (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-1)) + Math.log(2)) / 3;
    const got = await perTask.data();
    expect(got[0]).toBeCloseTo(L0, 5);
    expect(got[1]).toBeCloseTo(L1, 5);
    expect(got[2]).toBe(0);
    expect((await weighted.data())[0]).toBeCloseTo(L0 + 0.5 * L1, 5);
    expect(reportedTaskLoss(got, [2, 3, 0])).toEqual([got[0], got[1], null]);
  });

  it('is finite for extreme logits', async () => {
    const { weighted } = taskIndicatorLoss(tf.tensor2d([[200], [-200]]), tf.tensor2d([[0], [1]]), tf.ones([2, 1]), [2], [1]);
    expect((await weighted.data())[0]).toBeCloseTo(200, 3);
  });
});

describe('binaryCrossEntropy', () => {
  it('is stable and matches the definition', () => {
    expect(binaryCrossEntropy(0, 1)).toBeCloseTo(Math.log(2), 12);
    expect(binaryCrossEntropy(Math.log(3), 0)).toBeCloseTo(Math.log(4), 12);
    expect(binaryCrossEntropy(-800, 1)).toBeCloseTo(800, 9);
    expect(binaryCrossEntropy(800, 1)).toBeCloseTo(0, 9);
  });
});
