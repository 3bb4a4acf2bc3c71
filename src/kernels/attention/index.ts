// The attention softmax with its key mask: softmax(scores + keyBias) over the keys.
import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { MaskedAttention, MaskedSoftmax } from './kernelNames';
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

/**
 * Masked multi-head attention softmax(q·kᵀ/sqrt(dh) + keyBias)·v of the routed Q, K, V:
 * qkv [3, B·N, d] (heads side by side in d), keyBias [B, 1, 1, N] → [B·N, d]. With
 * `differentiable` (training), tfjs ops around maskedSoftmax, which autodiff can go through;
 * without (evaluations, scoring) on 'webgpu', one fused WGSL kernel (MaskedAttentionProgram)
 * that has no gradient. The two agree to float rounding.
 */
export function maskedAttention(qkv: tf.Tensor3D, keyBias: tf.Tensor4D, numHeads: number, differentiable: boolean): tf.Tensor2D {
  const [, T, d] = qkv.shape;
  const [B, , , N] = keyBias.shape;
  if (T !== B * N || d % numHeads !== 0) throw new Error(`maskedAttention: qkv ${qkv.shape} does not hold ${B} users × ${N} events of ${numHeads} heads`);
  if (!differentiable && tf.getBackend() === 'webgpu') {
    registerMaskedSoftmaxKernels();
    return runKernel<tf.Tensor2D>(MaskedAttention, { qkv, keyBias }, { numHeads });
  }
  const headDim = d / numHeads;
  const heads = tf.transpose(tf.reshape(qkv, [3, B, N, numHeads, headDim]), [0, 1, 3, 2, 4]);
  const [q, k, v] = tf.unstack(heads);
  // The 1/sqrt(d_k) scale on q costs the same as on the scores and keeps them small.
  const scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(headDim)), k, false, true);
  const attention = maskedSoftmax(scores, keyBias);
  const out = tf.transpose(tf.matMul(attention, v), [0, 2, 1, 3]);
  return tf.reshape(out, [B * N, d]);
}
