import * as tf from '@tensorflow/tfjs-core';
import type { ExpertWeights, RoutedExperts } from '../types';
import { registerMoeKernels } from './register';
import { moeCombine, moeDispatch, moeGroupedMatMul, moeRoute, moeRouterSoftmax } from './ops';
import { MAX_EXPERTS, routeLayout } from './routeLayout';

/**
 * A second handle on the same GPU buffer that the gradient tape does not know. Routing
 * decisions are not differentiable; routing on this view keeps the int32 route buffer off
 * the tape, so backprop never builds zero gradients for it.
 */
function detached<T extends tf.Tensor>(t: T): T {
  tf.backend().incRef(t.dataId);
  return tf.engine().makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }) as T;
}

function checkShapes(x: tf.Tensor2D, routerLogits: tf.Tensor2D, valid: tf.Tensor1D, experts: ExpertWeights): void {
  const [numTokens, dIn] = x.shape;
  const [numExperts, w1In, hidden] = experts.w1.shape;
  const fail = (what: string) => {
    throw new Error(`routedExpertsKernel: ${what}`);
  };
  if (numTokens < 1) fail('needs at least one token');
  if (numExperts > MAX_EXPERTS) fail(`supports at most ${MAX_EXPERTS} experts, got ${numExperts}`);
  if (routerLogits.shape[0] !== numTokens || routerLogits.shape[1] !== numExperts) {
    fail(`routerLogits ${routerLogits.shape} should be [${numTokens}, ${numExperts}]`);
  }
  if (valid.shape[0] !== numTokens) fail(`valid ${valid.shape} should be [${numTokens}]`);
  if (w1In !== dIn) fail(`w1 ${experts.w1.shape} does not take x's width ${dIn}`);
  if (experts.b1 && (experts.b1.shape[0] !== numExperts || experts.b1.shape[1] !== hidden)) {
    fail(`b1 ${experts.b1.shape} should be [${numExperts}, ${hidden}]`);
  }
  if (experts.w2) {
    const [e2, h2, dOut] = experts.w2.shape;
    if (e2 !== numExperts || h2 !== hidden) fail(`w2 ${experts.w2.shape} should be [${numExperts}, ${hidden}, dOut]`);
    if (experts.b2 && (experts.b2.shape[0] !== numExperts || experts.b2.shape[1] !== dOut)) {
      fail(`b2 ${experts.b2.shape} should be [${numExperts}, ${dOut}]`);
    }
  } else if (experts.b2) {
    fail('b2 given without w2');
  }
}

/** Whether routedExpertsKernel can run here: the active tfjs backend is 'webgpu'. */
export function canRunRoutedExpertsKernel(): boolean {
  return tf.getBackend() === 'webgpu';
}

/**
 * Top-1 routed experts on the WGSL kernels (tfjs 'webgpu' backend only):
 *   probs = softmax(logits); expert = argmax of the logits; slot = earlier valid tokens on the same expert;
 *   kept = slot < capacity; y[t] = probs[t, expert] · FFN_expert(x[t]) for kept tokens, else 0.
 * Every step stays on the GPU (no readback, dropless needs no capacity padding) and every
 * step is a registered kernel with a registered gradient, so tf.grads / optimizers work.
 */
export const routedExpertsKernel: RoutedExperts = (x, routerLogits, valid, experts, opts) => {
  if (!canRunRoutedExpertsKernel()) {
    throw new Error(
      `routedExpertsKernel runs WGSL kernels and needs the 'webgpu' backend, but the active backend is ` +
        `'${tf.getBackend()}'. Use routedExperts with path 'reference' (or 'auto') on other backends.`,
    );
  }
  checkShapes(x, routerLogits, valid, experts);
  const { capacity } = opts;
  if (capacity !== null && !(capacity >= 0)) {
    throw new Error(`routedExpertsKernel: capacity must be null (dropless) or ≥ 0, got ${capacity}`);
  }
  registerMoeKernels();
  const numExperts = experts.w1.shape[0];
  const layout = routeLayout(x.shape[0], numExperts);

  return tf.tidy(() => {
    // slot < 2.5 keeps the same tokens as slot < 3.
    const route = moeRoute(detached(routerLogits), valid, capacity === null ? null : Math.ceil(capacity));
    const counts = tf.slice(route, [layout.counts], [numExperts]);
    const dropped = tf.reshape(tf.slice(route, [layout.dropped], [1]), []) as tf.Scalar;

    const packed = moeDispatch(x, route);
    // A projection expert (no w2) ignores the activation, as the reference does.
    const activation = experts.w2 ? experts.activation : 'none';
    const hidden = moeGroupedMatMul(packed, experts.w1, route, experts.b1, activation);
    const expertOut = experts.w2 ? moeGroupedMatMul(hidden, experts.w2, route, experts.b2, 'none') : hidden;
    const probs = moeRouterSoftmax(routerLogits);
    const y = moeCombine(expertOut, route, probs);
    return { y, probs, counts, dropped };
  });
};
