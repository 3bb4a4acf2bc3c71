// Top-1 (Switch) routing of tokens over experts, built from tfjs ops only. This is the
// reference every other implementation (the WGSL kernels) is tested against, and the path
// every backend without those kernels runs. Its cost follows the active compute: each
// expert multiplies only the C slots it was given, never every token.
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows } from '../gather';
import type { ExpertWeights, RoutedExperts } from './types';

/**
 * Routes T tokens to one expert each and applies the experts:
 *
 * - `probs = softmax(routerLogits)` over the E experts of each token.
 * - `expert[t] = argmax_e routerLogits[t, e]`, the lowest index on ties. (This path uses
 *   `tf.argMax`, which does so on cpu and, for E < 32, on webgpu; its E ≥ 32 webgpu
 *   reduction may pick another of the tied experts.)
 * - `gate[t] = probs[t, expert[t]]`, differentiable w.r.t. the logits (the argmax itself is
 *   piecewise constant and carries no gradient), also on ties: only the chosen expert's
 *   logit gets the gate's gradient (a zero-initialised router ties every logit).
 * - Padding tokens (`valid[t] = 0`) are not routed, not counted and output 0.
 * - `slot[t]` = number of EARLIER valid tokens (token order 0..T-1) routed to the same
 *   expert: first come, first kept.
 * - Capacity mode (`opts.capacity = C`): a token is kept when `slot[t] < C`; a dropped
 *   token outputs 0 (the residual connection carries it). Dropless (`capacity = null`):
 *   every valid token is kept.
 * - `counts[e]` = valid tokens routed to e before drops; `dropped` = valid tokens dropped.
 * - `y[t] = gate[t] · FFN_e(x[t])` for kept tokens, with
 *   `FFN_e(x) = act(x · w1[e] + b1[e]) · w2[e] + b2[e]`; without w2/b2 an expert is the
 *   single projection `x · w1[e] + b1[e]` (act is then ignored).
 */
export const routedExpertsReference: RoutedExperts = (x, routerLogits, valid, experts, opts) => {
  // The tidy frees the routing intermediates now; what backprop needs, the tape keeps.
  const [y, probs, counts, dropped] = tf.tidy(() => {
    const [T, E] = routerLogits.shape;
    const probs = tf.softmax(routerLogits);
    if (E === 1 && (opts.capacity === null || opts.capacity >= T)) {
      const [y1, counts1, dropped1] = singleExpert(x, valid, experts);
      return [y1, probs, counts1, dropped1];
    }
    const route = routeTop1(routerLogits, valid, opts.capacity);
    // Dispatch: the token of each slot (an empty slot reads token 0; its output is never
    // gathered back, so it costs a row of compute and nothing else).
    const tokenIds = tf.mul(tf.range(0, T, 1, 'float32'), route.keep);
    const slotToken = tf.scatterND(tf.expandDims(route.position, 1), tf.cast(tokenIds, 'int32'), [E * route.slots]);
    const xe = tf.reshape(gatherRows(x, slotToken), [E, route.slots, x.shape[1]]);
    const ye = applyExperts(xe, experts);
    // Combine: back to token order, scaled by the gate; dropped and padding tokens get 0.
    const yTokens = gatherRows(tf.reshape(ye, [E * route.slots, ye.shape[2]]), route.position);
    // probs[t, expert[t]]: the gradient reaches only the chosen expert's logit, even on ties.
    const gate = tf.sum(tf.mul(probs, tf.oneHot(route.expert, E, 1, 0, 'float32')), 1);
    const y = tf.mul(yTokens, tf.expandDims(tf.mul(gate, route.keep), 1));
    return [y, probs, route.counts, route.dropped];
  });
  return { y: y as tf.Tensor2D, probs: probs as tf.Tensor2D, counts: counts as tf.Tensor1D, dropped: dropped as tf.Scalar };
};

/** Top-1 routing decisions, none of them differentiable. */
export interface Top1Route {
  /** [T] int32 expert · slots + slot of each kept token; 0 for dropped and padding tokens. */
  position: tf.Tensor1D;
  /** [T] float 1 for a kept token, else 0. */
  keep: tf.Tensor1D;
  /** [T] int32 argmax expert (padding tokens included, for inspection). */
  expert: tf.Tensor1D;
  /** Slots per expert in the dispatch buffer: ≥ the capacity, rounded up to SLOT_ALIGN. */
  slots: number;
  counts: tf.Tensor1D;
  dropped: tf.Scalar;
}

/** The dispatch buffer is sized in steps of this many slots so that its shape (and the GPU
 *  programs compiled for it) stays the same across batches whose capacity differs a little. */
export const SLOT_ALIGN = 8;

export function routeTop1(routerLogits: tf.Tensor2D, valid: tf.Tensor1D, capacity: number | null): Top1Route {
  const E = routerLogits.shape[1];
  const expert = detach(() => tf.argMax(routerLogits, 1) as tf.Tensor1D);
  // Expert-major [E, T], so that the running count over tokens is along the last axis.
  const routed = E === 1 ? tf.reshape(valid, [1, -1]) : tf.mul(tf.transpose(tf.oneHot(expert, E, 1, 0, 'float32')), valid);
  const counts = tf.sum(routed, 1);
  // Dropless capacity is the busiest expert's load, which only the data can tell: the
  // reference path reads it back (a sync readback; the WGSL kernels size on the GPU).
  // No expert can hold more than all T tokens: a larger capacity only wastes slots.
  const C = Math.min(routerLogits.shape[0], capacity ?? Math.max(1, Math.max(...counts.dataSync())));
  // At least one block of slots, so a capacity of 0 (every token dropped) still has a buffer.
  const slots = Math.max(SLOT_ALIGN, Math.ceil(C / SLOT_ALIGN) * SLOT_ALIGN);
  const before = tf.cumsum(routed, 1, true);
  const kept = capacity === null ? routed : tf.mul(routed, tf.step(tf.sub(C, before)));
  const offsets = tf.reshape(tf.range(0, E * slots, slots, 'float32'), [E, 1]);
  const position = tf.cast(tf.sum(tf.mul(kept, tf.add(before, offsets)), 0), 'int32') as tf.Tensor1D;
  const keep = tf.sum(kept, 0);
  const dropped = capacity === null ? tf.scalar(0, 'int32') : tf.cast(tf.sum(tf.sub(routed, kept)), 'int32');
  return { position, keep: keep as tf.Tensor1D, expert, slots, counts: tf.cast(counts, 'int32') as tf.Tensor1D, dropped: dropped as tf.Scalar };
}

/** Batched experts on their slots: [E, C, dIn] → [E, C, dOut]. */
function applyExperts(xe: tf.Tensor, w: ExpertWeights): tf.Tensor3D {
  const E = xe.shape[0];
  const bias = (b: tf.Tensor2D | undefined) => (b ? tf.reshape(b, [E, 1, b.shape[1]]) : undefined);
  if (!w.w2) return tf.fused.matMul({ a: xe, b: w.w1, bias: bias(w.b1) }) as tf.Tensor3D;
  const h = tf.fused.matMul({ a: xe, b: w.w1, bias: bias(w.b1), activation: w.activation === 'relu' ? 'relu' : 'linear' });
  return tf.fused.matMul({ a: h, b: w.w2, bias: bias(w.b2) }) as tf.Tensor3D;
}

/** One expert with room for every token: the plain (dense) layer, gate 1, padding zeroed.
 *  Returns y, counts, dropped. */
function singleExpert(x: tf.Tensor2D, valid: tf.Tensor1D, experts: ExpertWeights): tf.Tensor[] {
  const y = tf.squeeze(applyExperts(tf.expandDims(x, 0), experts), [0]);
  const counts = tf.reshape(tf.cast(tf.sum(valid), 'int32'), [1]);
  return [tf.mul(y, tf.expandDims(valid, 1)), counts, tf.scalar(0, 'int32')];
}

/**
 * `f()` computed off the gradient tape: its result is a constant for backprop. The routing
 * decisions are piecewise constant, so their true gradient is zero; cutting them from the
 * tape also spares the backward pass a dozen useless ops per routed site (and scatterND,
 * which has no gradient in tfjs). A customGrad with no inputs is a tape node that nothing
 * flows into, so nothing computed from its output is traced back.
 */
export function detach<T extends tf.Tensor>(f: () => T): T {
  return tf.customGrad(() => ({ value: f(), gradFunc: () => [] }))();
}
