// The weights' moving average (README §Model 3.6) on hand-worked numbers.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { WeightAverage } from './weightAverage';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = async (t: tf.Tensor) => Array.from(await t.data());

function assign(w: tf.Variable, xs: number[]): void {
  const t = tf.tensor1d(xs);
  w.assign(t);
  t.dispose();
}

describe('WeightAverage', () => {
  it('averages with d_t = min(decay, (1 + t) / (10 + t)), swaps the average in for a while, then commits it', async () => {
    const w = tf.variable(tf.tensor1d([0, 10]));
    const avg = new WeightAverage([w], 0.5);
    // Step 1: d = min(0.5, 2/11) = 2/11; shadow = 0 + (1 − 2/11)(w − 0).
    assign(w, [11, 21]);
    avg.update(1);
    const d1 = 2 / 11;
    const s1 = [11 * (1 - d1), 10 + 11 * (1 - d1)];
    // Step 10: d = min(0.5, 11/20) = 0.5.
    assign(w, [1, 1]);
    avg.update(10);
    const s2 = s1.map((s) => s + 0.5 * (1 - s));
    const seen = await avg.swapped(async () => values(w));
    seen.forEach((v, i) => expect(v).toBeCloseTo(s2[i], 5));
    expect(await values(w)).toEqual([1, 1]); // the trained weights are back
    avg.commit();
    (await values(w)).forEach((v, i) => expect(v).toBeCloseTo(s2[i], 5));
    avg.reset();
    expect(await avg.swapped(async () => values(w))).toEqual(await values(w));
    avg.dispose();
    w.dispose();
  });

  it('keeps one copy of each weight: no tensor more after updates and swaps', async () => {
    const w = tf.variable(tf.randomNormal([3, 4]));
    const avg = new WeightAverage([w], 0.9);
    const before = tf.memory().numTensors;
    for (let t = 1; t <= 5; t++) {
      const next = tf.add(w, 1);
      w.assign(next);
      next.dispose();
      avg.update(t);
      await avg.swapped(async () => null);
    }
    expect(tf.memory().numTensors).toBe(before);
    avg.dispose();
    w.dispose();
  });
});
