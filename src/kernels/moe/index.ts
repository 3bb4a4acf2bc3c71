// The one op the model calls for every routed site (MoE-MSA's Q, K, V and each MoE-FFN).
// Which implementation runs is decided here and nowhere else.
import * as tf from '@tensorflow/tfjs-core';
import { routedExpertsReference } from './reference';
import { routedExpertsKernel } from './webgpu/routedExpertsKernel';
import type { RoutedExperts, RoutingPath } from './types';

export type { ExpertWeights, RoutedExperts, RoutedResult, RoutingOptions, RoutingPath } from './types';
export { routedExpertsReference } from './reference';

/**
 * Top-1 routing of `x` [T, d] by `routerLogits` [T, E] over `experts`, for the tokens where
 * `valid` [T] is 1. Every path has the semantics documented on `routedExpertsReference`.
 */
export const routedExperts: RoutedExperts = (x, routerLogits, valid, experts, opts) => {
  const path = resolvePath(opts.path, tf.getBackend()) === 'kernel' ? routedExpertsKernel : routedExpertsReference;
  return path(x, routerLogits, valid, experts, opts);
};

/** 'reference' forces the tfjs-ops path; 'auto' picks the WGSL kernels on the webgpu
 *  backend and the reference everywhere else (cpu, webgl, wasm). */
export function resolvePath(path: RoutingPath, backend: string): 'reference' | 'kernel' {
  if (path === 'auto') return backend === 'webgpu' ? 'kernel' : 'reference';
  return path;
}
