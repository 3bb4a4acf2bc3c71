// The one op the model calls for every routed site (MoE-MSA's Q, K, V and each MoE-FFN).
// Which implementation runs is decided here and nowhere else.
import * as tf from '@tensorflow/tfjs-core';
import { routedExpertsReference } from './reference';
import type { ExpertWeights, RoutedResult, RoutingOptions, RoutingPath } from './types';

export type { ExpertWeights, RoutedResult, RoutingOptions, RoutingPath } from './types';
export { routedExpertsReference } from './reference';

/**
 * Top-1 routing of `x` [T, d] by `routerLogits` [T, E] over `experts`, for the tokens where
 * `valid` [T] is 1. Every path has the semantics documented on `routedExpertsReference`.
 */
export function routedExperts(
  x: tf.Tensor2D,
  routerLogits: tf.Tensor2D,
  valid: tf.Tensor1D,
  experts: ExpertWeights,
  opts: RoutingOptions,
): RoutedResult {
  switch (resolvePath(opts.path, tf.getBackend())) {
    case 'reference':
      return routedExpertsReference(x, routerLogits, valid, experts, opts);
    case 'kernel':
      // The WGSL kernels plug in here: `return routedExpertsKernel(x, routerLogits, valid, experts, opts);`
      // (from './webgpu'), and resolvePath's 'auto' then picks 'kernel' on webgpu.
      throw new Error('The WGSL routing kernels are not wired in yet: use the reference path (model.kernels = "reference").');
  }
}

/** 'reference' forces the tfjs-ops path; 'auto' will pick the WGSL kernels on the webgpu
 *  backend once they are wired in, and is the reference path until then. */
export function resolvePath(path: RoutingPath, _backend: string): 'reference' | 'kernel' {
  return path === 'auto' ? 'reference' : path;
}
