// Adam against tf.train.adam: on the cpu backend (the tfjs-ops path) and on a real WebGPU
// adapter (the WGSL kernels; Dawn + SwiftShader in Node), over several steps of a small
// least-squares problem with gradients of different scales per variable.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../test/expectClose';
import { useWebGpuBackend } from '../test/webgpuNode';
import { createRng } from '../util/rng';
import { Adam } from './adam';

const SHAPES = [[7, 5], [5], [3, 4, 6], [1]];
const STEPS = 6;

/** Variable values after STEPS steps of `optimizer` from the same seeded start. */
async function train(optimizer: tf.Optimizer): Promise<Float32Array[]> {
  const rng = createRng(5);
  const draw = (shape: number[], std: number) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => std * rng.normal()), shape);
  const vars = SHAPES.map((s, i) => tf.tidy(() => tf.variable(draw(s, 1 + i), true)));
  const targets = SHAPES.map((s, i) => draw(s, 10 ** (i - 2)));
  for (let step = 0; step < STEPS; step++) {
    const loss = optimizer.minimize(() => tf.addN(vars.map((v, i) => tf.sum(tf.square(tf.sub(tf.mul(v, i + 1), targets[i]))))) as tf.Scalar, true);
    loss?.dispose();
  }
  const values = await Promise.all(vars.map((v) => v.data() as Promise<Float32Array>));
  tf.dispose([...vars, ...targets]);
  optimizer.dispose();
  return values;
}

describe('Adam', () => {
  it('is tf.train.adam on the cpu backend, bit for bit', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const mine = await train(new Adam(0.05));
    expect(tf.memory().numTensors).toBe(before);
    const theirs = await train(tf.train.adam(0.05));
    mine.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(theirs[i])));
  });

  it('keeps its hyper-parameters and ε', () => {
    const a = new Adam(0.01, 0.8, 0.99, 1e-6);
    expect(a.getConfig()).toEqual({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    a.dispose();
  });

  describe('on WebGPU (WGSL kernels)', () => {
    beforeAll(async () => {
      await useWebGpuBackend();
    });

    it('matches tf.train.adam on the same adapter and on the cpu backend', async () => {
      await tf.setBackend('webgpu');
      const before = tf.memory().numTensors;
      const fused = await train(new Adam(0.05, 0.85, 0.995));
      expect(tf.memory().numTensors).toBe(before);
      const tfjs = await train(tf.train.adam(0.05, 0.85, 0.995));
      await tf.setBackend('cpu');
      const cpu = await train(new Adam(0.05, 0.85, 0.995));
      await tf.setBackend('webgpu');
      fused.forEach((v, i) => {
        expectClose(`variable ${i} vs tf.train.adam on webgpu`, v, tfjs[i], 1e-6);
        expectClose(`variable ${i} vs the cpu backend`, v, cpu[i], 1e-6);
      });
    });
  });
});
