// Registering is idempotent, so every op can register lazily and the worker eagerly: the first
// registration of a kernel, a gradient or an override stays, later ones change nothing.
import * as tf from '@tensorflow/tfjs-core';
import { getGradient, getKernel, Neg } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWebGpuBackend } from '../../test/webgpuNode';
import { overrideWebGpuKernel } from './overrideKernel';
import { registerOnce, webgpuKernel } from './registry';

beforeAll(useWebGpuBackend);

describe('registerOnce', () => {
  it('keeps the first kernel and gradient of a name', () => {
    const [first, second] = [() => ({ dataId: {}, shape: [], dtype: 'float32' as const }), () => ({ dataId: {}, shape: [1], dtype: 'float32' as const })];
    const gradient = (gradFunc: () => Record<string, () => tf.Tensor>) => ({ kernelName: 'RegistryTestKernel', gradFunc });
    registerOnce([webgpuKernel('RegistryTestKernel', first)], [gradient(() => ({}))]);
    const firstGradient = getGradient('RegistryTestKernel');
    registerOnce([webgpuKernel('RegistryTestKernel', second)], [gradient(() => ({}))]);
    expect(getKernel('RegistryTestKernel', 'webgpu')?.kernelFunc).toBe(first);
    expect(getGradient('RegistryTestKernel')).toBe(firstGradient);
  });
});

describe('overrideWebGpuKernel', () => {
  it('wraps tfjs-webgpu kernel once, however often it is called', async () => {
    let wraps = 0;
    const wrap = (original: KernelFunc): KernelFunc => {
      wraps++;
      return original;
    };
    overrideWebGpuKernel(Neg, wrap);
    overrideWebGpuKernel(Neg, wrap);
    expect(wraps).toBe(1);
    const y = tf.neg(tf.tensor1d([1, -2]));
    expect(Array.from(await y.data())).toEqual([-1, 2]);
    y.dispose();
  });
});
