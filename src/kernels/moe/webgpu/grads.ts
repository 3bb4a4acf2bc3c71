import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import * as names from './kernelNames';
import {
  moeCombine,
  moeCombineUngated,
  moeDispatch,
  moeDispatchGated,
  moeGateGrad,
  moeGroupedMatMulGradInput,
  moeGroupedMatMulGradWeight,
  moeRouterSoftmaxGrad,
  moeSegmentSum,
} from './ops';

/**
 * Gradients of the MoE kernels. Dispatch and combine are each other's adjoints (row gathers
 * through the same route), the gate's gradient is a per-token dot product, and the grouped
 * matmul's are grouped matmuls with wᵀ, segmented xᵀ·dy and segmented sums.
 * Integer route inputs get zero gradients, as tfjs's own argMax and oneHot do; routedExperts
 * routes on a tape-detached view of the logits so these are never materialised there.
 */

const noGradient = (t: Tensor) => () => tf.zeros(t.shape, 'float32');

export const moeRouterSoftmaxGradient: GradConfig = {
  kernelName: names.MoeRouterSoftmax,
  outputsToSave: [true],
  gradFunc: (dy, [probs]) => ({ logits: () => moeRouterSoftmaxGrad(dy as tf.Tensor2D, probs as tf.Tensor2D) }),
};

export const moeRouteGradient: GradConfig = {
  kernelName: names.MoeRoute,
  inputsToSave: ['logits', 'valid'],
  gradFunc: (_dy, [logits, valid]) => ({ logits: noGradient(logits), valid: noGradient(valid) }),
};

/** Dispatch and combine are each other's adjoints: one's gradient gathers dy back through the other. */
function gatherGradient(kernelName: string, source: string, adjoint: (dy: tf.Tensor2D, route: tf.Tensor1D) => tf.Tensor2D): GradConfig {
  return {
    kernelName,
    inputsToSave: ['route'],
    gradFunc: (dy, [route]) => ({ [source]: () => adjoint(dy as tf.Tensor2D, route as tf.Tensor1D), route: noGradient(route) }),
  };
}

/**
 * A gated gather's gradient: the adjoint gather of dy, gated, and for the gate the per-token dot
 * product of the token-order rows with the packed ones (`source` holds the tokens' or the packed).
 */
function gatedGatherGradient(
  kernelName: string,
  source: string,
  adjoint: (dy: tf.Tensor2D, route: tf.Tensor1D, probs: tf.Tensor2D) => tf.Tensor2D,
  sourceOrder: 'tokens' | 'packed',
): GradConfig {
  return {
    kernelName,
    inputsToSave: [source, 'route', 'probs'],
    gradFunc: (dy, saved) => {
      const [rows, route, probs] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      const [tokenRows, packedRows] = sourceOrder === 'tokens' ? [rows, g] : [g, rows];
      return {
        [source]: () => adjoint(g, route, probs),
        probs: () => moeGateGrad(tokenRows, packedRows, route, probs.shape[1]),
        route: noGradient(route),
      };
    },
  };
}

export const moeDispatchGradient = gatherGradient(names.MoeDispatch, 'x', moeCombineUngated);
export const moeCombineUngatedGradient = gatherGradient(names.MoeCombineUngated, 'expertOut', moeDispatch);
export const moeCombineGradient = gatedGatherGradient(names.MoeCombine, 'expertOut', moeDispatchGated, 'packed');
export const moeDispatchGatedGradient = gatedGatherGradient(names.MoeDispatchGated, 'x', moeCombine, 'tokens');

export const moeGroupedMatMulGradient: GradConfig = {
  kernelName: names.MoeGroupedMatMul,
  inputsToSave: ['a', 'w', 'route'],
  // The output doubles as the ReLU mask: relu(p) > 0 exactly where p > 0.
  outputsToSave: [true],
  gradFunc: (dy, [a, w, route, y], attrs) => {
    const g = dy as tf.Tensor2D;
    const r = route as tf.Tensor1D;
    const mask = attrs.activation === 'relu' ? (y as tf.Tensor2D) : undefined;
    const numExperts = w.shape[0];
    return {
      a: () => moeGroupedMatMulGradInput(g, w as tf.Tensor3D, r, mask),
      w: () => moeGroupedMatMulGradWeight(a as tf.Tensor2D, g, r, numExperts, mask),
      bias: () => moeSegmentSum(g, r, numExperts, mask),
      route: noGradient(route),
    };
  },
};

export const moeGradients: GradConfig[] = [
  moeRouterSoftmaxGradient,
  moeRouteGradient,
  moeDispatchGradient,
  moeDispatchGatedGradient,
  moeCombineGradient,
  moeCombineUngatedGradient,
  moeGroupedMatMulGradient,
];
