// LayerNorm over the last axis as WGSL kernels (tfjs 'webgpu' backend): one dispatch forward,
// three backward (input gradient, gain-gradient partial sums, their sum) where the tfjs-ops
// version launches about 10 kernels with four workgroup-per-row reductions.
import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { LayerNorm, type LayerNormAttrs } from './kernelNames';
import { registerLayerNormKernels } from './register';

/** y = (x − mean) / sqrt(var + ε) · gain over the last axis of x, on the 'webgpu' backend. */
export function layerNormKernel<T extends tf.Tensor>(x: T, gain: tf.Tensor, epsilon: number): T {
  if (tf.getBackend() !== 'webgpu') {
    throw new Error(`layerNormKernel runs WGSL and needs the 'webgpu' backend, not '${tf.getBackend()}'`);
  }
  const width = x.shape[x.rank - 1];
  if (gain.rank !== 1 || gain.shape[0] !== width) throw new Error(`layerNormKernel: gain ${gain.shape} does not match width ${width}`);
  registerLayerNormKernels();
  return runKernel<T>(LayerNorm, { x, gain }, { epsilon } satisfies LayerNormAttrs);
}
