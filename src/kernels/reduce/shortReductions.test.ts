// The short-axis path of Sum, Mean, Max and Min on a real WebGPU adapter (Dawn + SwiftShader
// in Node) against tfjs's cpu backend: axes, keepDims, NaN, ties, the fall-through to tfjs's
// own kernels, and gradients (which reduce through the same kernels).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../../test/expectClose';
import { onCpu, useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { planShortReduction, registerShortReductions } from './index';

type Reduce = 'sum' | 'mean' | 'max' | 'min';
const OPS: Record<Reduce, (x: tf.Tensor, axis: number | number[], keepDims: boolean) => tf.Tensor> = {
  sum: (x, a, k) => tf.sum(x, a, k),
  mean: (x, a, k) => tf.mean(x, a, k),
  max: (x, a, k) => tf.max(x, a, k),
  min: (x, a, k) => tf.min(x, a, k),
};

interface Case {
  shape: number[];
  axis: number | number[];
  keepDims?: boolean;
  short: boolean;
}

const cases: Case[] = [
  { shape: [3072, 12], axis: 1, short: true },
  { shape: [64, 16, 32], axis: 1, short: true },
  { shape: [3, 1024, 3, 4], axis: 0, short: true },
  { shape: [5, 3, 7], axis: [1, 2], keepDims: true, short: true },
  { shape: [9, 1], axis: -1, short: true },
  { shape: [4, 300], axis: 1, short: false },
  { shape: [4, 5, 6], axis: [0, 2], short: false },
];

async function reduce(op: Reduce, c: Case, values: Float32Array): Promise<Float32Array[]> {
  const x = tf.tensor(values, c.shape);
  const f = (t: tf.Tensor) => OPS[op](t, c.axis, !!c.keepDims);
  const y = f(x);
  const w = tf.randomNormal(y.shape, 0, 1, 'float32', 9);
  const [dx] = tf.grads((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))([x]);
  const out = [(await y.data()) as Float32Array, (await dx.data()) as Float32Array];
  expect(y.shape).toEqual(tf.tidy(() => f(tf.zeros(c.shape)).shape));
  tf.dispose([x, y, w, dx]);
  return out;
}

beforeAll(() => useWebGpuBackend().then(registerShortReductions));

describe('short-axis reductions (WGSL) vs tfjs on cpu', () => {
  for (const c of cases) {
    for (const op of Object.keys(OPS) as Reduce[]) {
      it(`${op} of ${JSON.stringify(c.shape)} over ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''}`, async () => {
        expect(planShortReduction(c.shape, 'float32', c.axis, !!c.keepDims) !== null).toBe(c.short);
        const n = c.shape.reduce((a, b) => a * b, 1);
        const rng = createRng(n + op.length);
        // Rounded values give ties, whose max/min gradient goes to every tied position.
        const values = Float32Array.from({ length: n }, () => Math.round(4 * rng.normal()) / 2);
        const webgpu = await reduce(op, c, values);
        const cpu = await onCpu(() => reduce(op, c, values));
        expectClose('y', webgpu[0], cpu[0], 1e-6);
        expectClose('dx', webgpu[1], cpu[1], 1e-6);
      });
    }
  }

  it('gives NaN for max and min over a NaN, and leaves int32 to tfjs', async () => {
    const x = tf.tensor2d([1, NaN, 3, 4, 5, 6], [2, 3]);
    const [mx, mn] = [tf.max(x, 1), tf.min(x, 1)];
    expect(Array.from(await mx.data())).toEqual([NaN, 6]);
    expect(Array.from(await mn.data())).toEqual([NaN, 4]);
    const i = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const s = tf.sum(i, 1);
    expect(s.dtype).toBe('int32');
    expect(Array.from(await s.data())).toEqual([3, 7]);
    tf.dispose([x, mx, mn, i, s]);
  });
});
