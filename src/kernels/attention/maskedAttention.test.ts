// The fused masked attention kernel (scoring) on a real WebGPU adapter (Dawn + SwiftShader in
// Node) against the differentiable tfjs-ops path (maskedSoftmax between two matmuls).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../../test/expectClose';
import { useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { maskedAttention } from './index';

beforeAll(async () => {
  await useWebGpuBackend();
});

/** The attention of random Q, K, V for B users, user b having N − (b mod N) real events (user 0 all N). */
async function both(B: number, N: number, H: number, dh: number): Promise<[Float32Array, Float32Array]> {
  const d = H * dh;
  const rng = createRng(B * 1000 + N * 10 + H);
  const qkv = tf.tensor3d(Float32Array.from({ length: 3 * B * N * d }, () => 2 * rng.normal()), [3, B * N, d]);
  const bias = tf.tensor4d(Float32Array.from({ length: B * N }, (_, i) => (i % N >= N - (Math.floor(i / N) % N) ? -1e9 : 0)), [B, 1, 1, N]);
  const fused = maskedAttention(qkv, bias, H, false);
  const ops = maskedAttention(qkv, bias, H, true);
  const out: [Float32Array, Float32Array] = [(await fused.data()) as Float32Array, (await ops.data()) as Float32Array];
  expect(fused.shape).toEqual([B * N, d]);
  tf.dispose([qkv, bias, fused, ops]);
  return out;
}

describe('maskedAttention: the fused kernel (no gradient) vs the differentiable ops', () => {
  const cases = [
    { name: 'the software preset: 256 users × 16 events, 2 heads of 16', B: 256, N: 16, H: 2, dh: 16 },
    { name: 'the GPU preset: 4 heads of 16 over 32 events', B: 9, N: 32, H: 4, dh: 16 },
    { name: 'odd sizes, a partial workgroup', B: 3, N: 7, H: 3, dh: 5 },
    { name: 'one event', B: 5, N: 1, H: 1, dh: 4 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const [fused, ops] = await both(c.B, c.N, c.H, c.dh);
      expectClose('attention', fused, ops);
    });
  }

  it('adds no tensor and leaves the gradient to the ops path', () => {
    const qkv = tf.randomNormal([3, 8, 4]) as tf.Tensor3D;
    const bias = tf.zeros([2, 1, 1, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = maskedAttention(qkv, bias, 2, false);
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    const g = tf.grad((x: tf.Tensor) => tf.sum(maskedAttention(x as tf.Tensor3D, bias, 2, true)))(qkv);
    expect(g.shape).toEqual([3, 8, 4]);
    tf.dispose([qkv, bias, g]);
  });
});
