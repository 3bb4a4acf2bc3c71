// MoE multi-head self-attention (README §Model 2.2):
//   y_msa = softmax( (q W^q G_q(q)) (k W^k G_k(k))^T / sqrt(d_k) ) (v W^v G_v(v))
// Each of the Q, K and V projections is a routed top-1 mixture of E projection matrices with
// its own router. As in the paper's formula, there is no output projection: the heads are
// concatenated back to d_model, and the MoE-FFNs that follow mix them.
import * as tf from '@tensorflow/tfjs-core';
import { maskedAttention } from '../kernels/attention';
import type { ExpertWeights } from '../kernels/moe';
import type { Params } from './params';
import { Router, type RoutingContext } from './router';

export class MoEMultiHeadSelfAttention {
  /** The routers of Q, K and V side by side ([d, 3E]); each site sees only its own. */
  private readonly router: Router | null;
  /** Q's E projection experts, then K's, then V's: w1 [3E, d, d], no bias (as W^q, W^k, W^v). */
  private readonly experts: ExpertWeights;
  private readonly sites: string[];

  /** `name` prefixes the sites: "block0.msa" gives "block0.msa.q", ".k", ".v". */
  constructor(p: Params, name: string, d: number, private readonly numHeads: number, numExperts: number) {
    if (d % numHeads !== 0) throw new Error(`d_model ${d} is not a multiple of the ${numHeads} heads.`);
    this.sites = ['q', 'k', 'v'].map((s) => `${name}.${s}`);
    this.router = numExperts > 1 ? new Router(p, `${name}.qkv`, d, numExperts, 3) : null;
    this.experts = { w1: p.glorot(`${name}.qkv.w`, [3 * numExperts, d, d]), activation: 'none' };
  }

  /** x [B·N, d] → [B·N, d]; `keyBias` [B, 1, 1, N] is 0 at real events and −1e9 at padding; `differentiable`: a gradient may be taken through it. */
  forward(x: tf.Tensor2D, ctx: RoutingContext, keyBias: tf.Tensor4D, differentiable: boolean): tf.Tensor2D {
    // Q, K and V read the same tokens: routed in one call, [3, B·N, d].
    const qkv = ctx.route(this.sites, x, this.router, this.experts);
    return maskedAttention(qkv, keyBias, this.numHeads, differentiable);
  }
}
