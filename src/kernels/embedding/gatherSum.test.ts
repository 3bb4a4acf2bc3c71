// The summed embedding lookup's WGSL kernel on a real WebGPU adapter (Dawn + SwiftShader in
// Node) against a gather and a sum in tfjs ops on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../../test/expectClose';
import { useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { gatherSum } from './index';

beforeAll(async () => {
  await useWebGpuBackend();
});

async function run(table: Float32Array, rows: Int32Array, [R, d]: number[], [T, S]: number[]): Promise<Float32Array> {
  const [t, r] = [tf.tensor2d(table, [R, d]), tf.tensor2d(rows, [T, S], 'int32')];
  const out = gatherSum(t, r);
  expect(out.shape).toEqual([T, d]);
  const values = (await out.data()) as Float32Array;
  tf.dispose([t, r, out]);
  return values;
}

describe('gatherSum (WGSL) vs Σ_s gather(table, rows[:, s]) in tfjs ops', () => {
  const cases = [
    { name: 'a demo scoring chunk: 4,096 tokens × 6 channels, 1,400 rows of 32', R: 1400, d: 32, T: 4096, S: 6 },
    { name: 'one channel, 3 tokens, rows of 4, a partial workgroup', R: 5, d: 4, T: 3, S: 1 },
    { name: 'a width that is not a multiple of 4 (tfjs ops on every backend)', R: 9, d: 6, T: 11, S: 3 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const rng = createRng(c.R + c.T);
      const table = Float32Array.from({ length: c.R * c.d }, () => rng.normal());
      // Repeated rows included: a token may look the same row up twice.
      const rows = Int32Array.from({ length: c.T * c.S }, () => Math.floor(rng.next() * c.R));
      const kernel = await run(table, rows, [c.R, c.d], [c.T, c.S]);
      await tf.setBackend('cpu');
      try {
        expectClose('sums', kernel, await run(table, rows, [c.R, c.d], [c.T, c.S]));
      } finally {
        await tf.setBackend('webgpu');
      }
    });
  }
});
