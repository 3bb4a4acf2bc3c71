// Replaces one of tfjs-webgpu's kernels in the registry with ours, which keeps the original to
// fall back on for what it is not built for. Swapping the registry entry, rather than calling a
// new op, also covers what tfjs's autodiff builds for the backward pass; other backends are
// untouched.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';

const overridden = new Set<string>();

/**
 * Puts `wrap(original)` in place of tfjs's `name` kernel for 'webgpu' (once per name; later
 * calls do nothing). Call after importing @tensorflow/tfjs-backend-webgpu.
 */
export function overrideWebGpuKernel(name: string, wrap: (original: KernelFunc) => KernelFunc): void {
  if (overridden.has(name)) return;
  const original = getKernel(name, 'webgpu');
  if (!original) throw new Error(`the webgpu backend has no ${name} kernel (import @tensorflow/tfjs-backend-webgpu first)`);
  unregisterKernel(name, 'webgpu');
  registerKernel({ ...original, kernelFunc: wrap(original.kernelFunc) });
  overridden.add(name);
}
