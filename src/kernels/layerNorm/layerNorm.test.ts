// The LayerNorm WGSL kernels on a real WebGPU adapter (Dawn + SwiftShader in Node) against the
// tfjs-ops reference (model/layerNorm.ts) on the cpu backend: forward and both gradients.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { layerNormReference } from '../../model/layerNorm';
import { expectClose } from '../../test/expectClose';
import { useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { layerNormKernel } from './index';

interface Result {
  y: Float32Array;
  dx: Float32Array;
  dGain: Float32Array;
}

async function run(f: (x: tf.Tensor, gain: tf.Tensor1D) => tf.Tensor, x: Float32Array, gain: Float32Array, w: Float32Array, shape: number[]): Promise<Result> {
  const tensors = [tf.tensor(x, shape), tf.tensor1d(gain), tf.tensor(w, shape)];
  const [xt, gt, wt] = tensors;
  const y = f(xt, gt as tf.Tensor1D);
  const [dx, dGain] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b as tf.Tensor1D), wt)))([xt, gt]);
  const out = { y: (await y.data()) as Float32Array, dx: (await dx.data()) as Float32Array, dGain: (await dGain.data()) as Float32Array };
  tf.dispose([...tensors, y, dx, dGain]);
  return out;
}

beforeAll(async () => {
  await useWebGpuBackend();
});

describe('layerNormKernel (WGSL) vs the tfjs-ops reference', () => {
  const cases: { name: string; shape: number[] }[] = [
    { name: '1024 rows × 32 (the software preset)', shape: [1024, 32] },
    { name: 'rank 3, a partial workgroup of rows, odd width', shape: [3, 7, 5] },
    { name: 'rows split in three for the gain gradient, width > 64 threads', shape: [2100, 70] },
    { name: 'a single row', shape: [1, 16] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const n = c.shape.reduce((a, b) => a * b, 1);
      const width = c.shape[c.shape.length - 1];
      const rng = createRng(n);
      const draw = (len: number, mean: number, std: number) => Float32Array.from({ length: len }, () => mean + std * rng.normal());
      const [x, gain, w] = [draw(n, 0.5, 2), draw(width, 1, 0.3), draw(n, 0, 1)];
      const kernel = await run((a, b) => layerNormKernel(a, b, 1e-5), x, gain, w, c.shape);
      await tf.setBackend('cpu');
      try {
        const reference = await run((a, b) => layerNormReference(a, b), x, gain, w, c.shape);
        expectClose('y', kernel.y, reference.y);
        expectClose('dx', kernel.dx, reference.dx);
        expectClose('dGain', kernel.dGain, reference.dGain);
      } finally {
        await tf.setBackend('webgpu');
      }
    });
  }
});
