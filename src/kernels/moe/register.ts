import { getGradient, getKernel, registerGradient, registerKernel } from '@tensorflow/tfjs-core';
import { moeGradConfigs } from './webgpu/grads';
import { moeKernelConfigs } from './webgpu/kernels';

/**
 * Registers the WGSL MoE kernels for the 'webgpu' backend and their gradients. Idempotent, so
 * the op can call it lazily and tests or the worker can call it eagerly.
 */
export function registerMoeKernels(): void {
  for (const config of moeKernelConfigs) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
  for (const config of moeGradConfigs) {
    if (getGradient(config.kernelName) === undefined) registerGradient(config);
  }
}
