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

export const moeRouterSoftmaxGradConfig: GradConfig = {
  kernelName: names.MoeRouterSoftmax,
  outputsToSave: [true],
  gradFunc: (dy, [probs]) => ({ logits: () => moeRouterSoftmaxGrad(dy as tf.Tensor2D, probs as tf.Tensor2D) }),
};

export const moeRouteGradConfig: GradConfig = {
  kernelName: names.MoeRoute,
  inputsToSave: ['logits', 'valid'],
  gradFunc: (_dy, [logits, valid]) => ({ logits: noGradient(logits), valid: noGradient(valid) }),
};

export const moeDispatchGradConfig: GradConfig = {
  kernelName: names.MoeDispatch,
  inputsToSave: ['route'],
  gradFunc: (dy, [route]) => ({
    x: () => moeCombineUngated(dy as tf.Tensor2D, route as tf.Tensor1D),
    route: noGradient(route),
  }),
};

export const moeCombineUngatedGradConfig: GradConfig = {
  kernelName: names.MoeCombineUngated,
  inputsToSave: ['route'],
  gradFunc: (dy, [route]) => ({
    expertOut: () => moeDispatch(dy as tf.Tensor2D, route as tf.Tensor1D),
    route: noGradient(route),
  }),
};

export const moeCombineGradConfig: GradConfig = {
  kernelName: names.MoeCombine,
  inputsToSave: ['expertOut', 'route', 'probs'],
  gradFunc: (dy, [expertOut, route, probs]) => ({
    expertOut: () => moeDispatchGated(dy as tf.Tensor2D, route as tf.Tensor1D, probs as tf.Tensor2D),
    probs: () => moeGateGrad(dy as tf.Tensor2D, expertOut as tf.Tensor2D, route as tf.Tensor1D, (probs as tf.Tensor2D).shape[1]),
    route: noGradient(route),
  }),
};

export const moeDispatchGatedGradConfig: GradConfig = {
  kernelName: names.MoeDispatchGated,
  inputsToSave: ['x', 'route', 'probs'],
  gradFunc: (dy, [x, route, probs]) => ({
    x: () => moeCombine(dy as tf.Tensor2D, route as tf.Tensor1D, probs as tf.Tensor2D),
    probs: () => moeGateGrad(x as tf.Tensor2D, dy as tf.Tensor2D, route as tf.Tensor1D, (probs as tf.Tensor2D).shape[1]),
    route: noGradient(route),
  }),
};

export const moeGroupedMatMulGradConfig: GradConfig = {
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

export const moeGradConfigs: GradConfig[] = [
  moeRouterSoftmaxGradConfig,
  moeRouteGradConfig,
  moeDispatchGradConfig,
  moeDispatchGatedGradConfig,
  moeCombineGradConfig,
  moeCombineUngatedGradConfig,
  moeGroupedMatMulGradConfig,
];
