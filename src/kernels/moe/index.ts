// The one op the model calls for every routed site (MoE-MSA's Q, K, V and each MoE-FFN).
// Which implementation runs is decided here and nowhere else.
import * as tf from '@tensorflow/tfjs-core';
import { routedExpertsReference } from './reference';
import type { ExpertWeights, RoutedResult, RoutingOptions, RoutingPath } from './types';

export type { ExpertWeights, RoutedResult, RoutingOptions, RoutingPath } from './types';
export { routedExpertsReference } from './reference';

/**
 * Top-1 routing of `x` [T, d] by `routerLogits` [T, E] over `experts`, for the tokens where
 * `valid` [T] is 1. The semantics are those of `routedExpertsReference` (see its doc),
 * whatever path runs.
 */
export function routedExperts(
  x: tf.Tensor2D,
  routerLogits: tf.Tensor2D,
  valid: tf.Tensor1D,
  experts: ExpertWeights,
  opts: RoutingOptions,
): RoutedResult {
  const path = resolvePath(opts.path, tf.getBackend());
  // The WGSL kernels plug in here: `case 'kernel': return routedExpertsKernel(...)`.
  switch (path) {
    case 'reference':
      return routedExpertsReference(x, routerLogits, valid, experts, opts);
    case 'kernel':
      throw new Error('The WGSL routing kernels are not built yet: use the reference path (model.kernels = "reference").');
  }
}

/** 'auto' will pick the WGSL kernels on the webgpu backend once they exist; until then the
 *  reference path runs everywhere. */
export function resolvePath(path: RoutingPath, _backend: string): 'reference' | 'kernel' {
  if (path === 'auto') return 'reference';
  return path;
}
