// tf.addN on a real WebGPU adapter (Dawn + SwiftShader in Node) with more inputs than a shader
// can bind: tfjs-webgpu's own AddN returned zeros there, which silently froze the bi-level λ.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpuBackend } from '../../test/webgpuNode';
import { gradientInnerProducts } from '../../train/lambda';
import { registerGroupedAddN } from './index';

beforeAll(async () => {
  await useWebGpuBackend();
  registerGroupedAddN();
});

describe('addN on WebGPU', () => {
  for (const n of [1, 2, 7, 8, 9, 17, 64]) {
    it(`sums ${n} tensors of shape [3, 5] exactly, and leaks no tensor`, async () => {
      const xs = Array.from({ length: n }, (_, i) => tf.fill([3, 5], i + 1));
      const before = tf.memory().numTensors;
      const sum = tf.addN(xs);
      expect(Array.from(await sum.data())).toEqual(new Array(15).fill((n * (n + 1)) / 2));
      sum.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(xs);
    });
  }

  it('gives the bi-level λ its gradient inner products (one term per variable, here 12)', async () => {
    const vars = Array.from({ length: 12 }, (_, i) => tf.variable(tf.fill([4], i + 1)));
    // ∇ of Σ_v sum(v) is 1 everywhere; of Σ_v sum(v²) is 2v: ⟨1, 2v⟩ = Σ_v 8·(i+1) = 8·78.
    const inner = gradientInnerProducts(
      () => tf.addN(vars.map((v) => tf.sum(v))) as tf.Scalar,
      () => tf.addN(vars.map((v) => tf.sum(tf.square(v)))) as tf.Scalar,
      1,
    );
    expect(Array.from(await inner.data())).toEqual([8 * 78]);
    inner.dispose();
    vars.forEach((v) => v.dispose());
  });
});
