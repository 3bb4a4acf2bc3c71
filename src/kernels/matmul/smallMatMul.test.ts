// The small-matmul path of BatchMatMul on a real WebGPU adapter (Dawn + SwiftShader in Node)
// against tfjs's cpu backend: transposes, batches, broadcasting, split K, the fall-through to
// tfjs's own kernel, and gradients (whose products also run through BatchMatMul).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../../test/expectClose';
import { onCpu, useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { planSmallMatMul, registerSmallMatMul, tfjsWouldSplitK } from './index';

interface Case {
  name: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  /** Whether the small path takes it (else tfjs's kernel). */
  small: boolean;
  /** tfjs's BatchMatMul gradient does not sum over broadcast batch dims: forward only. */
  broadcast?: boolean;
}

const cases: Case[] = [
  { name: 'router logits [3072, 32] · [32, 12]', a: [3072, 32], b: [32, 12], small: true },
  { name: 'odd N, partial column group', a: [37, 9], b: [9, 7], small: true },
  { name: 'transposed A and B', a: [9, 37], b: [5, 9], transposeA: true, transposeB: true, small: true },
  { name: 'attention scores, batched, B transposed', a: [6, 2, 16, 8], b: [6, 2, 16, 8], transposeB: true, small: true },
  { name: 'weight gradient Aᵀ·B, long K split in chunks', a: [1030, 32], b: [1030, 4], transposeA: true, small: true },
  { name: 'A broadcast over B batches', a: [5, 6], b: [3, 6, 4], small: true, broadcast: true },
  { name: 'B broadcast over A batches (rank 4 vs rank 3 of batch 1)', a: [2, 3, 5, 6], b: [1, 6, 4], small: true, broadcast: true },
  { name: 'outer product (K = 1)', a: [1, 300], b: [1, 4], transposeA: true, small: true },
  { name: 'a large product goes to tfjs', a: [1024, 128], b: [128, 160], small: false },
];

async function product(c: Case, a: Float32Array, b: Float32Array, dy: Float32Array, outShape: number[]): Promise<Float32Array[]> {
  const [ta, tb, tdy] = [tf.tensor(a, c.a), tf.tensor(b, c.b), tf.tensor(dy, outShape)];
  const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.transposeA, c.transposeB);
  const y = f(ta, tb);
  const grads = c.broadcast ? [] : tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(f(x, w), tdy)))([ta, tb]);
  const out = await Promise.all([y, ...grads].map((t) => t.data() as Promise<Float32Array>));
  tf.dispose([ta, tb, tdy, y, ...grads]);
  return out;
}

beforeAll(() => useWebGpuBackend().then(registerSmallMatMul));

describe('BatchMatMul with the small-matmul path (WGSL) vs tfjs on cpu', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const info = (shape: number[]) => ({ dataId: {}, shape, dtype: 'float32' as const });
      const plan = planSmallMatMul(info(c.a), info(c.b), { transposeA: !!c.transposeA, transposeB: !!c.transposeB });
      expect(plan !== null).toBe(c.small);
      const rng = createRng(c.a.length * 100 + c.b[0]);
      const draw = (shape: number[]) => Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.normal());
      const [a, b] = [draw(c.a), draw(c.b)];
      const outShape = tf.tidy(() => tf.matMul(tf.zeros(c.a), tf.zeros(c.b), c.transposeA, c.transposeB).shape);
      if (plan) expect(plan.outShape).toEqual(outShape);
      const dy = draw(outShape);
      const webgpu = await product(c, a, b, dy, outShape);
      const cpu = await onCpu(() => product(c, a, b, dy, outShape));
      expect(webgpu).toHaveLength(c.broadcast ? 1 : 3);
      ['y', 'da', 'db'].slice(0, webgpu.length).forEach((what, i) => expectClose(what, webgpu[i], cpu[i], 1e-5));
    });
  }

  it('takes the products tfjs would split over K with float atomics (a weight gradient over 4096 tokens): same bits twice, matches cpu', async () => {
    const info = (shape: number[]) => ({ dataId: {}, shape, dtype: 'float32' as const });
    const attrs = { transposeA: true, transposeB: false };
    const [ashape, bshape] = [[4096, 96], [4096, 64]];
    expect(planSmallMatMul(info(ashape), info(bshape), attrs)).toBeNull(); // above the small-product size
    const large = planSmallMatMul(info(ashape), info(bshape), attrs, Infinity)!;
    expect(tfjsWouldSplitK({ thresholdToIncreaseWorkgroups: 8 }, large)).toBe(true);
    expect(tfjsWouldSplitK({ thresholdToIncreaseWorkgroups: 8 }, { ...large, k: 1000 })).toBe(false);
    const rng = createRng(5);
    const draw = (shape: number[]) => Float32Array.from({ length: shape[0] * shape[1] }, () => rng.normal());
    const [a, b] = [draw(ashape), draw(bshape)];
    const run = async () => {
      const y = tf.tidy(() => tf.matMul(tf.tensor2d(a, ashape as [number, number]), tf.tensor2d(b, bshape as [number, number]), true, false));
      const v = await y.data();
      y.dispose();
      return v;
    };
    const first = await run();
    expect(Array.from(await run())).toEqual(Array.from(first));
    const cpu = await onCpu(run);
    expectClose('y', first, cpu, 1e-5);
  });

  it('leaves batches that broadcast both ways to tfjs', () => {
    const info = (shape: number[]) => ({ dataId: {}, shape, dtype: 'float32' as const });
    expect(planSmallMatMul(info([2, 1, 3, 4]), info([1, 2, 4, 3]), { transposeA: false, transposeB: false })).toBeNull();
  });

  it('leaves int32 products to tfjs', async () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const y = tf.matMul(a, a);
    expect(y.dtype).toBe('int32');
    expect(Array.from(await y.data())).toEqual([7, 10, 15, 22]);
    tf.dispose([a, y]);
  });
});
