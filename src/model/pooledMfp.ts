// The input of the MMoE and PLE baselines (README §Model 4): the same multi-channel feature
// projection as SuperMoE, max-pooled over the user's real events. MMoE and PLE are
// multi-task models over a fixed feature vector; pooling the MFP output gives them exactly
// SuperMoE's inputs (every channel, the time gap and the recency position of each event)
// without a sequence encoder, so the comparison isolates what MoE-MSA/MoE-FFN add.
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSchema } from '../data/dataset';
import type { Dropout, ForwardMode } from './dropout';
import type { SequenceBatch } from './inputs';
import { MultiChannelFeatureProjection } from './mfp';
import type { Params } from './params';
import type { UserModelOutput } from './userModel';

/** Padding gets this bias before the max: below any tanh output, yet finite. */
const MASKED = -1e9;

export class PooledMfp {
  private readonly mfp: MultiChannelFeatureProjection;

  constructor(
    p: Params,
    schema: DatasetSchema,
    private readonly dModel: number,
    private readonly dropout: Dropout,
  ) {
    this.mfp = new MultiChannelFeatureProjection(p, schema, dModel);
  }

  /** [B, d_model]: the max over real events of MFP(events) (dropped out while training, as SuperMoE's). */
  forward(batch: SequenceBatch, mode: ForwardMode): tf.Tensor2D {
    const [B, N] = batch.valid.shape;
    const h = tf.reshape(this.dropout.apply(this.mfp.forward(batch), 'mfp', mode), [B, N, this.dModel]);
    const bias = tf.reshape(tf.mul(tf.sub(batch.valid, 1), -MASKED), [B, N, 1]);
    // An empty row (an evaluation's padding user) pools to −1e9: zero it so towers stay finite.
    const pooled = tf.max(tf.add(h, bias), 1);
    return tf.mul(pooled, tf.reshape(tf.minimum(tf.sum(batch.valid, 1), 1), [B, 1])) as tf.Tensor2D;
  }

  dispose(): void {
    this.mfp.dispose();
  }
}

/** E expert MLPs d → hidden → d (ReLU), all applied to [E, B, d] inputs in one batched product. */
export class ExpertMlps {
  private readonly w1: tf.Variable<tf.Rank.R3>;
  private readonly b1: tf.Variable<tf.Rank.R3>;
  private readonly w2: tf.Variable<tf.Rank.R3>;

  constructor(p: Params, name: string, readonly count: number, d: number, hidden: number) {
    this.w1 = p.glorot(`${name}.w1`, [count, d, hidden]);
    this.b1 = p.constant(`${name}.b1`, [count, 1, hidden], 0);
    this.w2 = p.glorot(`${name}.w2`, [count, hidden, d]);
  }

  /** x [E, B, d] (expert e reads x[e]) → [E, B, d]. */
  forward(x: tf.Tensor3D): tf.Tensor3D {
    return tf.matMul(tf.relu(tf.add(tf.matMul(x, this.w1), this.b1)), this.w2);
  }
}

/** [copies, B, d] copies of x [B, d]. */
export function repeat(x: tf.Tensor2D, copies: number): tf.Tensor3D {
  const [B, d] = x.shape;
  return tf.broadcastTo(tf.reshape(x, [1, B, d]), [copies, B, d]) as tf.Tensor3D;
}

/** Σ_e gate[b, e] · experts[e, b, :]: gates [B, E] (softmaxed), experts [E, B, d] → [B, d]. */
export function mixExperts(gates: tf.Tensor2D, experts: tf.Tensor3D): tf.Tensor2D {
  const [B, E] = gates.shape;
  const perUser = tf.transpose(experts, [1, 0, 2]); // [B, E, d]
  return tf.reshape(tf.matMul(tf.reshape(gates, [B, 1, E]), perUser), [B, experts.shape[2]]) as tf.Tensor2D;
}

/** The output of a model without routed sites: no auxiliary losses, no expert loads. */
export function unroutedOutput(logits: tf.Tensor2D, H: tf.Tensor2D): UserModelOutput {
  return { logits, H, balanceLoss: tf.scalar(0), zLoss: tf.scalar(0), routing: [], capacity: null };
}
