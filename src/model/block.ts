// One SuperMoE block (README §Model 2.4): MoE-MSA → MoE-FFN → MoE-FFN, each a pre-LN residual
// branch x + f(LayerNorm(x)) (pre-LN trains stably without warm-up; the model ends with a
// final LayerNorm).
import * as tf from '@tensorflow/tfjs-core';
import { LayerNorm } from './layerNorm';
import { MoEMultiHeadSelfAttention } from './moeAttention';
import { MoEFeedForward } from './moeFfn';
import type { Params } from './params';
import type { RoutingContext } from './router';

export interface BlockConfig {
  dModel: number;
  numHeads: number;
  numExperts: number;
  ffnHidden: number;
}

export class SuperMoEBlock {
  private readonly msaNorm: LayerNorm;
  private readonly msa: MoEMultiHeadSelfAttention;
  private readonly ffn1Norm: LayerNorm;
  private readonly ffn1: MoEFeedForward;
  private readonly ffn2Norm: LayerNorm;
  private readonly ffn2: MoEFeedForward;

  /** `name` like "block0" prefixes the routed sites: block0.msa.q/k/v, block0.ffn1, block0.ffn2. */
  constructor(p: Params, name: string, c: BlockConfig) {
    this.msaNorm = new LayerNorm(p, `${name}.msa.norm`, c.dModel);
    this.msa = new MoEMultiHeadSelfAttention(p, `${name}.msa`, c.dModel, c.numHeads, c.numExperts);
    this.ffn1Norm = new LayerNorm(p, `${name}.ffn1.norm`, c.dModel);
    this.ffn1 = new MoEFeedForward(p, `${name}.ffn1`, c.dModel, c.ffnHidden, c.numExperts);
    this.ffn2Norm = new LayerNorm(p, `${name}.ffn2.norm`, c.dModel);
    this.ffn2 = new MoEFeedForward(p, `${name}.ffn2`, c.dModel, c.ffnHidden, c.numExperts);
  }

  /** `differentiable`: a gradient may be taken through it (else the attention may run on a fused kernel without one). */
  forward(x: tf.Tensor2D, ctx: RoutingContext, keyBias: tf.Tensor4D, differentiable: boolean): tf.Tensor2D {
    let h: tf.Tensor2D = tf.add(x, this.msa.forward(this.msaNorm.forward(x), ctx, keyBias, differentiable));
    h = tf.add(h, this.ffn1.forward(this.ffn1Norm.forward(h), ctx));
    return tf.add(h, this.ffn2.forward(this.ffn2Norm.forward(h), ctx));
  }
}
