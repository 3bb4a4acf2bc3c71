// Dropout (Srivastava et al. 2014) on the MFP output and on what the towers read from the
// sequence (README §Model 2.5), only while training. Inverted: a kept value is scaled by
// 1/(1 − p), so evaluation uses the weights as they are. The mask is drawn on the CPU from the
// run's seed, the optimiser step and the site, as Params draws the initial weights: the same
// run drops the same units on every backend (tf.dropout's mask would be seeded, but its
// threshold is computed on the device). A rate of 0 adds no op at all.
import * as tf from '@tensorflow/tfjs-core';
import { createRng, type Rng } from '../util/rng';

/**
 * How a forward pass runs: an evaluation (the default: no dropout) or training step `step`.
 * `auxLosses: false` is scoring: only H and the logits are read, so the routers' balance and
 * z-loss terms (two row reductions per routed call, a good share of an inference pass) are
 * not computed, and the output's aux losses are 0.
 */
export type ForwardMode = { training: false; auxLosses?: false } | { training: true; step: number };

export const EVALUATION: ForwardMode = { training: false };
/** Scoring users (evaluations, exports): no dropout, no auxiliary losses, no gradient taken. */
export const SCORING: ForwardMode = { training: false, auxLosses: false };

/** Whether a forward pass in `mode` computes the routers' auxiliary losses. */
export const wantsAuxLosses = (mode: ForwardMode): boolean => mode.training || mode.auxLosses !== false;

/**
 * Whether a gradient may be taken through a forward pass in `mode`: all but scoring (MCP
 * pre-training and λ's task gradients differentiate EVALUATION passes). Scoring may use
 * kernels that have no gradient.
 */
export const isDifferentiable = (mode: ForwardMode): boolean => wantsAuxLosses(mode);

export class Dropout {
  private readonly rng: Rng;

  constructor(
    private readonly rate: number,
    seed: number,
  ) {
    this.rng = createRng(seed).fork('dropout');
  }

  /** x with each value dropped with probability p (and the others scaled) while training; x itself otherwise. */
  apply<T extends tf.Tensor>(x: T, site: string, mode: ForwardMode): T {
    if (this.rate === 0 || !mode.training) return x;
    // Its own stream per site and step: a mask does not depend on the sites before it.
    const r = this.rng.fork(`${site}@${mode.step}`);
    const scale = 1 / (1 - this.rate);
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = r.next() < this.rate ? 0 : scale;
    return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
  }
}
