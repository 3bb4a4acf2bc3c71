import type * as tf from '@tensorflow/tfjs-core';

/**
 * The experts of one routed site. A two-layer FFN expert (MoE-FFN) has w2; a single
 * projection expert (the routed Q/K/V of MoE-MSA) has only w1.
 *   FFN_e(x) = act(x · w1[e] + b1[e]) · w2[e] + b2[e]
 */
export interface ExpertWeights {
  /** [E, dIn, dHidden] (or [E, dIn, dOut] for a projection expert). */
  w1: tf.Tensor3D;
  /** [E, dHidden] */
  b1?: tf.Tensor2D;
  /** [E, dHidden, dOut] */
  w2?: tf.Tensor3D;
  /** [E, dOut] */
  b2?: tf.Tensor2D;
  activation: 'relu' | 'none';
}

/** Which implementation of routing runs: the custom WGSL kernels or tfjs ops. */
export type RoutingPath = 'auto' | 'reference' | 'kernel';

export interface RoutingOptions {
  /**
   * Slots per expert C = ceil(cf · T_valid / E), tokens past it are dropped (carried by the
   * residual only); null means dropless.
   */
  capacity: number | null;
  path: RoutingPath;
}

/**
 * The signature of every implementation of routing: top-1 routing of `x` [T, d] by
 * `routerLogits` [T, E] over `experts`, for the tokens where `valid` [T] is 1.
 */
export type RoutedExperts = (x: tf.Tensor2D, routerLogits: tf.Tensor2D, valid: tf.Tensor1D, experts: ExpertWeights, opts: RoutingOptions) => RoutedResult;

/** Top-1 (Switch) routing of T tokens over E experts, and the experts applied. */
export interface RoutedResult {
  /** [T, dOut] gate-scaled expert output; zero for dropped and masked tokens. */
  y: tf.Tensor2D;
  /** [T, E] router softmax probabilities (for the load-balancing loss P_e). */
  probs: tf.Tensor2D;
  /** [E] int32 tokens routed to each expert (valid tokens, before capacity drops). */
  counts: tf.Tensor1D;
  /** [] int32 valid tokens dropped by the capacity limit. */
  dropped: tf.Scalar;
}
