// Dropout's masks do not depend on the backend (they are drawn on the CPU): the same values
// are dropped and scaled on a real WebGPU adapter (Dawn + SwiftShader in Node) as on tfjs's cpu.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { expect, it } from 'vitest';
import { onCpu, useWebGpuBackend } from '../test/webgpuNode';
import { createRng } from '../util/rng';
import { Dropout } from './dropout';

it('drops the same values, bit for bit, on WebGPU and on the cpu backend', async () => {
  await useWebGpuBackend();
  const rng = createRng(3);
  const x = Float32Array.from({ length: 64 * 33 }, () => rng.normal());
  const run = async () => {
    const y = tf.tidy(() => new Dropout(0.3, 7).apply(tf.tensor2d(x, [64, 33]), 'mfp', { training: true, step: 9 }));
    const values = Array.from(await y.data());
    y.dispose();
    return values;
  };
  const gpu = await run();
  expect(gpu.filter((v) => v === 0).length).toBeGreaterThan(0);
  expect(gpu).toEqual(await onCpu(run));
}, 60_000);
