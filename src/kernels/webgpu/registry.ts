// How the kernels of src/kernels are named, registered and called, as genai-nanogpt registers
// its custom ops: each op runs a named tfjs kernel through the engine, a KernelConfig per
// backend implements it, and a GradConfig gives its gradient, so autodiff, tf.grads and the
// optimizers see an ordinary tfjs op.
//
// Names follow tfjs-core's kernel_names.ts: PascalCase, prefixed by the op family (MoeRoute,
// LayerNormGradX), declared as `export const Name = 'Name'` in the folder's kernelNames.ts with
// their attributes' interface (NameAttrs) beside them; tfjs's own kernels, which the override
// folders replace, by tfjs-core's constants (BatchMatMul, Sum), never as string literals.
import * as tf from '@tensorflow/tfjs-core';
import { getGradient, getKernel, registerGradient, registerKernel } from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from './program';

/** What tfjs passes one of our 'webgpu' kernels, typed as the kernel declares its inputs and attributes. */
export interface WebGPUKernelArgs<Inputs, Attrs = object> {
  inputs: Inputs;
  backend: WebGPUBackend;
  attrs: Attrs;
}

/** `kernelFunc` as the 'webgpu' implementation of the kernel `kernelName`. */
export function webgpuKernel<Inputs, Attrs>(kernelName: string, kernelFunc: (args: WebGPUKernelArgs<Inputs, Attrs>) => TensorInfo): KernelConfig {
  // tfjs calls it with the inputs and attributes its op passed under these names.
  return { kernelName, backendName: 'webgpu', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Registers kernels and gradients, each unless its name already has one: idempotent, so an op
 * can call it lazily and tests or the worker eagerly.
 */
export function registerOnce(kernels: KernelConfig[], gradients: GradConfig[] = []): void {
  for (const config of kernels) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
  for (const config of gradients) {
    if (getGradient(config.kernelName) === undefined) registerGradient(config);
  }
}

/** Runs the registered kernel `kernelName` through the engine, so the tape records it. */
export function runKernel<T extends tf.Tensor>(kernelName: string, inputs: NamedTensorMap, attrs: object = {}): T {
  return tf.engine().runKernel(kernelName, inputs, attrs as NamedAttrMap) as T;
}
