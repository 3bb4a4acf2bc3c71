// MoE multi-head self-attention (spec §2.2):
//   y_msa = softmax( (q W^q G_q(q)) (k W^k G_k(k))^T / sqrt(d_k) ) (v W^v G_v(v))
// Each of the Q, K and V projections is a routed top-1 mixture of E projection matrices with
// its own router. As in the spec's formula, there is no output projection: the heads are
// concatenated back to d_model, and the MoE-FFNs that follow mix them.
import * as tf from '@tensorflow/tfjs-core';
import type { ExpertWeights } from '../kernels/moe';
import type { Params } from './params';
import { Router, type RoutingContext } from './router';

interface RoutedProjection {
  site: string;
  router: Router | null;
  experts: ExpertWeights;
}

export class MoEMultiHeadSelfAttention {
  private readonly q: RoutedProjection;
  private readonly k: RoutedProjection;
  private readonly v: RoutedProjection;
  private readonly headDim: number;

  /** `name` prefixes the sites: "block0.msa" gives "block0.msa.q", ".k", ".v". */
  constructor(p: Params, name: string, private readonly d: number, private readonly numHeads: number, numExperts: number) {
    if (d % numHeads !== 0) throw new Error(`d_model ${d} is not a multiple of the ${numHeads} heads.`);
    this.headDim = d / numHeads;
    const projection = (which: string): RoutedProjection => {
      const site = `${name}.${which}`;
      const router = numExperts > 1 ? new Router(p, site, d, numExperts) : null;
      // No bias, as W^q, W^k, W^v in the formula.
      return { site, router, experts: { w1: p.glorot(`${site}.w`, [numExperts, d, d]), activation: 'none' } };
    };
    this.q = projection('q');
    this.k = projection('k');
    this.v = projection('v');
  }

  /** x [B·N, d] → [B·N, d]; `keyBias` [B, 1, 1, N] is 0 at real events and −1e9 at padding. */
  forward(x: tf.Tensor2D, ctx: RoutingContext, keyBias: tf.Tensor4D): tf.Tensor2D {
    const [B, , , N] = keyBias.shape;
    const heads = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [B, N, this.numHeads, this.headDim]), [0, 2, 1, 3]);
    const route = (r: RoutedProjection) => ctx.route(r.site, x, r.router, r.experts);
    // The 1/sqrt(d_k) scale on q costs the same as on the scores and keeps them small.
    const q = heads(tf.mul(route(this.q), 1 / Math.sqrt(this.headDim)));
    const k = heads(route(this.k));
    const v = heads(route(this.v));
    const attention = tf.softmax(tf.add(tf.matMul(q, k, false, true), keyBias));
    const out = tf.transpose(tf.matMul(attention, v), [0, 2, 1, 3]);
    return tf.reshape(out, [B * N, this.d]);
  }
}
