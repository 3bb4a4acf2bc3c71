// One Adam step of one variable as two WGSL programs (moments, then the value) on webgpu.
import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { AdamApply, AdamMoments, type AdamStepScalars } from './kernelNames';
import { registerAdamKernels } from './register';

export type { AdamStepScalars } from './kernelNames';

/**
 * One Adam step of a variable on 'webgpu': `moments` [size, 2] holds m and v interleaved (one
 * vec2 read per element); returns the new moments and the new value (fresh tensors).
 */
export function adamStepKernel(value: tf.Tensor, gradient: tf.Tensor, moments: tf.Tensor, s: AdamStepScalars): { moments: tf.Tensor; value: tf.Tensor } {
  if (tf.getBackend() !== 'webgpu') throw new Error(`adamStepKernel runs WGSL and needs the 'webgpu' backend, not '${tf.getBackend()}'`);
  registerAdamKernels();
  const next = runKernel(AdamMoments, { moments, gradient }, s);
  return { moments: next, value: runKernel(AdamApply, { moments: next, value }, s) };
}
