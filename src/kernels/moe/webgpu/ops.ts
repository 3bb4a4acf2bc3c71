// Thin op wrappers: each runs one registered kernel through the engine, so autodiff records it
// and its registered gradient applies. Shapes use T = tokens = packed rows, E = experts.
import type * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { runKernel as run } from '../../webgpu/registry';
import * as names from './kernelNames';

/** Router probabilities: softmax of logits [T, E] over E. */
export function moeRouterSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  return run(names.MoeRouterSoftmax, { logits });
}

export function moeRouterSoftmaxGrad(dProbs: tf.Tensor2D, probs: tf.Tensor2D): tf.Tensor2D {
  return run(names.MoeRouterSoftmaxGrad, { dProbs, probs });
}

/** logits [T, E], valid [T] → the route buffer (see routeLayout.ts); capacity null = dropless. */
export function moeRoute(logits: tf.Tensor2D, valid: tf.Tensor1D, capacity: number | null): tf.Tensor1D {
  return run(names.MoeRoute, { logits, valid }, { capacity: capacity ?? -1 } satisfies names.MoeRouteAttrs);
}

export function moeDispatch(x: tf.Tensor2D, route: tf.Tensor1D): tf.Tensor2D {
  return run(names.MoeDispatch, { x, route });
}

export function moeDispatchGated(x: tf.Tensor2D, route: tf.Tensor1D, probs: tf.Tensor2D): tf.Tensor2D {
  return run(names.MoeDispatchGated, { x, route, probs });
}

export function moeCombine(expertOut: tf.Tensor2D, route: tf.Tensor1D, probs: tf.Tensor2D): tf.Tensor2D {
  return run(names.MoeCombine, { expertOut, route, probs });
}

export function moeCombineUngated(expertOut: tf.Tensor2D, route: tf.Tensor1D): tf.Tensor2D {
  return run(names.MoeCombineUngated, { expertOut, route });
}

export function moeGateGrad(
  tokenRows: tf.Tensor2D,
  packedRows: tf.Tensor2D,
  route: tf.Tensor1D,
  numExperts: number,
): tf.Tensor2D {
  return run(names.MoeGateGrad, { tokenRows, packedRows, route }, { numExperts } satisfies names.MoeExpertCountAttrs);
}

export function moeGroupedMatMul(
  a: tf.Tensor2D,
  w: tf.Tensor3D,
  route: tf.Tensor1D,
  bias: tf.Tensor2D | undefined,
  activation: 'relu' | 'none',
): tf.Tensor2D {
  // An absent bias is left out of the inputs (tfjs tapes cannot hold undefined inputs).
  const inputs: NamedTensorMap = bias ? { a, w, route, bias } : { a, w, route };
  return run(names.MoeGroupedMatMul, inputs, { activation } satisfies names.MoeGroupedMatMulAttrs);
}

export function moeGroupedMatMulGradInput(
  dy: tf.Tensor2D,
  w: tf.Tensor3D,
  route: tf.Tensor1D,
  mask?: tf.Tensor2D,
): tf.Tensor2D {
  return run(names.MoeGroupedMatMulGradInput, mask ? { dy, w, route, mask } : { dy, w, route });
}

export function moeGroupedMatMulGradWeight(
  a: tf.Tensor2D,
  dy: tf.Tensor2D,
  route: tf.Tensor1D,
  numExperts: number,
  mask?: tf.Tensor2D,
): tf.Tensor3D {
  return run(names.MoeGroupedMatMulGradWeight, mask ? { a, dy, route, mask } : { a, dy, route }, { numExperts } satisfies names.MoeExpertCountAttrs);
}

export function moeSegmentSum(dy: tf.Tensor2D, route: tf.Tensor1D, numExperts: number, mask?: tf.Tensor2D): tf.Tensor2D {
  return run(names.MoeSegmentSum, mask ? { dy, route, mask } : { dy, route }, { numExperts } satisfies names.MoeExpertCountAttrs);
}
