// The deterministic row scatter-add (ScatterNd on WebGPU, the gradient of every embedding
// lookup) on a real adapter (Dawn + SwiftShader in Node) against tfjs's cpu backend, and
// bit-for-bit repeatable where tfjs-webgpu's atomic float adds were not.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../../test/expectClose';
import { onCpu, useWebGpuBackend } from '../../test/webgpuNode';
import { createRng } from '../../util/rng';
import { registerDeterministicScatter } from './index';

beforeAll(async () => {
  await useWebGpuBackend();
  registerDeterministicScatter();
});

/** Row indices with many repeats (a few hot rows, as tokens are) and some rows never hit. */
function case_(numUpdates: number, numRows: number, rowSize: number, seed: number) {
  const rng = createRng(seed);
  const idx = Int32Array.from({ length: numUpdates }, () => (rng.next() < 0.5 ? rng.int(3) : rng.int(numRows)));
  const upd = Float32Array.from({ length: numUpdates * rowSize }, () => rng.next() * 2 - 1);
  return { idx, upd };
}


describe('ScatterNd by rows on WebGPU (deterministic)', () => {
  for (const [T, V, E] of [
    [1, 1, 1],
    [7, 5, 3],
    [1000, 40, 16],
    [3072, 2039, 16],
    [130, 9, 6],
  ]) {
    it(`${T} updates into ${V} rows of ${E}: matches the cpu backend, and the same bits twice`, async () => {
      const { idx, upd } = case_(T, V, E, T + V + E);
      const run = () => tf.tidy(() => tf.scatterND(tf.tensor2d(idx, [T, 1], 'int32'), tf.tensor2d(upd, [T, E]), [V, E]));
      const a = run();
      const b = run();
      const [va, vb] = [await a.data(), await b.data()];
      expect(Array.from(vb)).toEqual(Array.from(va));
      const want = await onCpu(async () => {
        const w = tf.tidy(() => tf.scatterND(tf.tensor2d(idx, [T, 1], 'int32'), tf.tensor2d(upd, [T, E]), [V, E]));
        const v = await w.data();
        w.dispose();
        return v;
      });
      expectClose(`${T}×${V}×${E}`, va, want, 1e-5);
      tf.dispose([a, b]);
    });
  }

  it('leaves no tensor and no GPU buffer behind', async () => {
    const before = tf.memory();
    const out = tf.tidy(() => tf.scatterND(tf.tensor2d([0, 2, 0], [3, 1], 'int32'), tf.ones([3, 4]), [4, 4]));
    expect(Array.from(await out.data())).toEqual([2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });
});
