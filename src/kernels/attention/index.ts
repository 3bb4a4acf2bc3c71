// The attention softmax with its key mask: softmax(scores + keyBias) over the keys.
import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { MaskedSoftmax } from './kernelNames';
import { registerMaskedSoftmaxKernels } from './register';

/**
 * softmax(scores + keyBias) over the last axis; scores [B, …, N], keyBias [B, 1, …, 1, N] (0 at
 * real keys, a large negative number at padding). One WGSL program each way on 'webgpu', the
 * tfjs ops elsewhere.
 */
export function maskedSoftmax<T extends tf.Tensor>(scores: T, keyBias: tf.Tensor): T {
  const width = scores.shape[scores.rank - 1];
  if (keyBias.shape[0] !== scores.shape[0] || keyBias.size !== scores.shape[0] * width) {
    throw new Error(`maskedSoftmax: keyBias ${keyBias.shape} should hold one row of ${width} per batch entry of scores ${scores.shape}`);
  }
  if (tf.getBackend() !== 'webgpu') return tf.softmax(tf.add(scores, keyBias)) as T;
  registerMaskedSoftmaxKernels();
  return runKernel<T>(MaskedSoftmax, { scores, keyBias });
}
