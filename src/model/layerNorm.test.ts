import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNorm } from './layerNorm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The textbook forward, differentiated by tfjs. */
const plain = (x: tf.Tensor, gain: tf.Tensor) => {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  return tf.mul(tf.div(centred, tf.sqrt(tf.add(tf.mean(tf.square(centred), -1, true), 1e-5))), gain);
};

describe('layerNorm', () => {
  it('matches the textbook LayerNorm and its autodiff gradient', async () => {
    const x = tf.randomNormal([2, 3, 5], 1, 2, 'float32', 3);
    const gain = tf.randomNormal([5], 1, 0.3, 'float32', 4);
    const w = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 5);
    const loss = (f: typeof plain) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), w));
    const mine = (a: tf.Tensor, b: tf.Tensor) => layerNorm(a, b);
    const [y1, y2] = [await mine(x, gain).data(), await plain(x, gain).data()];
    y1.forEach((v, i) => expect(v).toBeCloseTo(y2[i], 4));
    const g1 = tf.grads(loss(mine))([x, gain]);
    const g2 = tf.grads(loss(plain))([x, gain]);
    for (let k = 0; k < 2; k++) {
      const [a, b] = [await g1[k].data(), await g2[k].data()];
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 4));
    }
  });
});
