// MoE feed-forward (README §Model 2.3): y = G_e(x) · FFN_e(x) with e the token's top-1 expert and
// FFN_e(x) = W_o,e · ReLU(W_i,e · x).
import * as tf from '@tensorflow/tfjs-core';
import type { ExpertWeights } from '../kernels/moe';
import type { Params } from './params';
import { Router, type RoutingContext } from './router';

export class MoEFeedForward {
  private readonly router: Router | null;
  private readonly experts: ExpertWeights;

  /** `site` names the layer in the load charts, e.g. "block0.ffn1". */
  constructor(p: Params, readonly site: string, d: number, hidden: number, numExperts: number) {
    this.router = numExperts > 1 ? new Router(p, site, d, numExperts) : null;
    // No biases, as in the paper's FFN_e (and Switch/T5): two parameter tensors fewer per
    // site for the optimiser, and no bias gradients to reduce.
    this.experts = {
      w1: p.glorot(`${site}.w1`, [numExperts, d, hidden]),
      w2: p.glorot(`${site}.w2`, [numExperts, hidden, d]),
      activation: 'relu',
    };
  }

  forward(x: tf.Tensor2D, ctx: RoutingContext): tf.Tensor2D {
    return tf.reshape(ctx.route([this.site], x, this.router, this.experts), x.shape);
  }
}
