// SuperMoE (README §Model 2): MFP, then stacked blocks of MoE-MSA → MoE-FFN → MoE-FFN, a final
// LayerNorm, the user representation H = MaxPooling over the real events, and one linear
// tower per task on H (and the user summary inputs, when the data has them). Built from the
// run spec's model settings and the dataset's schema.
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSchema } from '../data/dataset';
import type { ModelSettings } from '../run/modelTypes';
import { createRng } from '../util/rng';
import { SuperMoEBlock } from './block';
import { Dropout, EVALUATION, isDifferentiable, wantsAuxLosses, type ForwardMode } from './dropout';
import type { SequenceBatch } from './inputs';
import { LayerNorm } from './layerNorm';
import type { MaskedChannels } from './mcpMask';
import { MultiChannelFeatureProjection } from './mfp';
import { Params } from './params';
import { RoutingContext, type RoutedLoad, type RoutingSettings } from './router';
import { TaskTowers, wideOf } from './towers';

export interface SuperMoEOutput {
  /** [B, K] one logit per task. */
  logits: tf.Tensor2D;
  /** [B, d_model] the user representation. */
  H: tf.Tensor2D;
  /** Σ over routed sites of α·E·Σ_e f_e·P_e (the term added to the loss). */
  balanceLoss: tf.Scalar;
  /** Σ over routed sites of zLossWeight · mean logsumexp(logits)² (the term added to the loss). */
  zLoss: tf.Scalar;
  /** Expert loads of the routed sites ("block0.msa.q", …, "block0.ffn2", "block1.msa.q", …),
   *  in forward order; `siteStats` turns their counts into per-site numbers. */
  routing: RoutedLoad[];
  /** Slots per expert C of this batch; null when dropless. */
  capacity: number | null;
}

/** The encoder's output (everything but the towers), for MCP pre-training. */
export interface SuperMoEEncoding extends Omit<SuperMoEOutput, 'logits'> {
  /** [B·N, d_model] h_o: the last block's output per event, after the final LayerNorm. */
  tokens: tf.Tensor2D;
}

/** Padding gets this bias: far below any activation, yet finite (no NaN from −∞ − −∞). */
const MASKED = -1e9;

export class SuperMoE {
  readonly params: Params;
  readonly numExperts: number;
  private readonly mfp: MultiChannelFeatureProjection;
  private readonly blocks: SuperMoEBlock[];
  private readonly finalNorm: LayerNorm;
  readonly towers: TaskTowers;
  private readonly dropout: Dropout;
  private readonly routing: RoutingSettings;

  constructor(settings: ModelSettings, schema: DatasetSchema, seed: number) {
    const { dModel, numHeads, ffnHidden, numBlocks } = settings;
    this.numExperts = settings.numExperts;
    this.params = new Params(createRng(seed).fork('init'));
    this.mfp = new MultiChannelFeatureProjection(this.params, schema, dModel);
    const block = { dModel, numHeads, ffnHidden, numExperts: this.numExperts };
    this.blocks = Array.from({ length: numBlocks }, (_, i) => new SuperMoEBlock(this.params, `block${i}`, block));
    this.finalNorm = new LayerNorm(this.params, 'final.norm', dModel);
    this.towers = new TaskTowers(this.params, dModel, schema.tasks.length, schema.userFeatures, settings.summaryHidden, wideOf(settings, schema));
    this.dropout = new Dropout(settings.dropout, seed);
    this.routing = {
      numExperts: this.numExperts,
      routing: settings.routing,
      capacityFactor: settings.capacityFactor,
      balanceLossWeight: settings.balanceLossWeight,
      zLossWeight: settings.zLossWeight,
      path: settings.kernels,
    };
  }

  forward(batch: SequenceBatch, mode: ForwardMode = EVALUATION): SuperMoEOutput {
    // h_o per event (e.tokens) is left to the caller's tidy: a kernel's backward may keep it.
    const e = this.encode(batch, undefined, mode);
    // H itself (what embeddings read) is undropped; only the towers' view of it is.
    const logits = this.towers.forward(this.dropout.apply(e.H, 'towers', mode), batch.userFeatures, batch);
    return { logits, H: e.H, balanceLoss: e.balanceLoss, zLoss: e.zLoss, routing: e.routing, capacity: e.capacity };
  }

  /** MFP and the blocks, without the towers; `masked` puts the MCP [MASK] embeddings in (README §Model 3.1); a training `mode` applies dropout to the MFP output. */
  encode(batch: SequenceBatch, masked?: MaskedChannels, mode: ForwardMode = EVALUATION): SuperMoEEncoding {
    const [B, N] = batch.valid.shape;
    const valid = tf.reshape(batch.valid, [B * N]) as tf.Tensor1D;
    const ctx = new RoutingContext(valid, batch.numValidTokens, this.routing, wantsAuxLosses(mode));
    // One mask serves the attention keys of every block and the max-pooling.
    const mask = tf.mul(tf.sub(batch.valid, 1), -MASKED);
    const keyBias = tf.reshape(mask, [B, 1, 1, N]) as tf.Tensor4D;
    let h = this.dropout.apply(this.mfp.forward(batch, masked, isDifferentiable(mode)), 'mfp', mode);
    for (const block of this.blocks) h = block.forward(h, ctx, keyBias, isDifferentiable(mode));
    const tokens = this.finalNorm.forward(h);
    const out = tf.reshape(tokens, [B, N, -1]);
    const H = tf.max(tf.add(out, tf.reshape(mask, [B, N, 1])), 1) as tf.Tensor2D;
    return {
      tokens,
      H,
      balanceLoss: ctx.balanceLoss(),
      zLoss: ctx.zLoss(),
      routing: ctx.loads,
      capacity: ctx.capacity,
    };
  }

  dispose(): void {
    this.mfp.dispose();
    this.params.dispose();
  }
}
