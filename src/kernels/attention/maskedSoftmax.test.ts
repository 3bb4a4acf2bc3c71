// The masked attention softmax WGSL kernels on a real WebGPU adapter (Dawn + SwiftShader in
// Node) against the tfjs-ops fallback (softmax of scores + keyBias) on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { expectClose } from '../../test/expectClose';
import { useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { maskedSoftmax } from './index';

/** Forward, and the gradients w.r.t. scores and keyBias of Σ p ⊙ w. */
async function run(scores: Float32Array, bias: Float32Array, w: Float32Array, shape: number[]): Promise<Float32Array[]> {
  const biasShape = [shape[0], ...shape.slice(1, -1).map(() => 1), shape[shape.length - 1]];
  const [s, b, wt] = [tf.tensor(scores, shape), tf.tensor(bias, biasShape), tf.tensor(w, shape)];
  const p = maskedSoftmax(s, b);
  const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(x, y), wt)))([s, b]);
  const out = [(await p.data()) as Float32Array, ...(await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>)))];
  tf.dispose([s, b, wt, p, ...grads]);
  return out;
}

beforeAll(async () => {
  await useWebGpuBackend();
});

describe('maskedSoftmax (WGSL) vs softmax(scores + keyBias) in tfjs ops', () => {
  const cases: { name: string; shape: number[] }[] = [
    { name: 'batch 64, 2 heads, 16 × 16 (the software preset)', shape: [64, 2, 16, 16] },
    { name: 'odd sizes, a partial workgroup', shape: [3, 5, 7, 9] },
    { name: 'rank 3, one key', shape: [4, 3, 1] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const [B, N] = [c.shape[0], c.shape[c.shape.length - 1]];
      const n = c.shape.reduce((a, b) => a * b, 1);
      const rng = createRng(n);
      const scores = Float32Array.from({ length: n }, () => 3 * rng.normal());
      // Padding keys at the end of every sequence but the first (whose keys are all real).
      const bias = Float32Array.from({ length: B * N }, (_, i) => (Math.floor(i / N) > 0 && i % N >= N - (Math.floor(i / N) % N) ? -1e9 : 0));
      const w = Float32Array.from({ length: n }, () => rng.normal());
      const kernel = await run(scores, bias, w, c.shape);
      await tf.setBackend('cpu');
      try {
        const reference = await run(scores, bias, w, c.shape);
        ['p', 'dScores', 'dKeyBias'].forEach((what, i) => expectClose(what, kernel[i], reference[i]));
      } finally {
        await tf.setBackend('webgpu');
      }
    });
  }
});
