// Summed embedding lookups: what a linear projection of concatenated embeddings becomes once
// each channel's table is projected first (src/model/mfp.ts, scoring).
import * as tf from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { GatherSum } from './kernelNames';
import { registerEmbeddingKernels } from './register';

/**
 * out[t] = Σ_s table[rows[t, s]]: table [R, d], rows [T, S] int32 → [T, d]. One WGSL program
 * on 'webgpu' when d is a multiple of 4, tfjs ops (a gather and a sum) otherwise. No gradient:
 * for forward passes that are never differentiated.
 */
export function gatherSum(table: tf.Tensor2D, rows: tf.Tensor2D): tf.Tensor2D {
  if (rows.dtype !== 'int32') throw new Error(`gatherSum: rows must be int32, got ${rows.dtype}`);
  if (tf.getBackend() === 'webgpu' && table.shape[1] % 4 === 0) {
    registerEmbeddingKernels();
    return runKernel<tf.Tensor2D>(GatherSum, { table, rows });
  }
  return tf.tidy(() => tf.sum(tf.gather(table, rows), 1));
}
