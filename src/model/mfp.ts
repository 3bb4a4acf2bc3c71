// Multi-channel feature projection (spec §2.1): every discrete channel, the time gap to the
// previous event and the event's position look up their own embedding table, dense channels
// enter as their values, the concatenation is projected to d_model, then LayerNorm and a
// non-linearity. The position is counted from the most recent event backwards (recency):
// user sequences differ in length, and what a user did last matters most.
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSchema } from '../data/dataset';
import { gatherRows } from '../kernels/moe/reference';
import type { SequenceBatch } from './inputs';
import { LayerNorm } from './layerNorm';
import type { Params } from './params';

/** Width of each channel's embedding: half of d_model, enough for small vocabularies. */
export function embeddingDim(dModel: number): number {
  return Math.max(4, Math.ceil(dModel / 2));
}

export class MultiChannelFeatureProjection {
  /** The tables of all channels (discrete channels, time gap, position) stacked by rows. Each
   *  channel owns its row range, so they are separate tables looked up by one gather. */
  private readonly tables: tf.Variable<tf.Rank.R2>;
  /** [channels] int32 first row of each channel's table. */
  private readonly rowOffsets: tf.Tensor1D;
  private readonly projection: tf.Variable<tf.Rank.R2>;
  private readonly norm: LayerNorm;
  private readonly channels: number;
  private readonly embedDim: number;

  constructor(p: Params, schema: DatasetSchema, dModel: number) {
    const vocab = [...schema.discrete.map((c) => c.vocabSize), schema.timeGapBuckets, schema.seqLen];
    const offsets = vocab.map((_, i) => vocab.slice(0, i).reduce((a, b) => a + b, 0));
    const rows = vocab.reduce((a, b) => a + b, 0);
    this.channels = vocab.length;
    this.embedDim = embeddingDim(dModel);
    // Unit-norm rows: an embedding starts at the scale of a standardised dense value.
    this.tables = p.normal('mfp.tables', [rows, this.embedDim], 1 / Math.sqrt(this.embedDim));
    this.rowOffsets = tf.tensor1d(offsets, 'int32');
    const width = this.channels * this.embedDim + schema.dense.length;
    // No bias: the position embedding already gives each position its own offset.
    this.projection = p.glorot('mfp.projection', [width, dModel]);
    this.norm = new LayerNorm(p, 'mfp.norm', dModel);
  }

  /** [B, N, …] channels → [B·N, d_model]. */
  forward(batch: SequenceBatch): tf.Tensor2D {
    const [B, N] = batch.valid.shape;
    const ids = tf.concat([batch.tokens, tf.expandDims(batch.timeGap, 2), tf.expandDims(batch.recency, 2)], 2);
    const rows = tf.add(ids, this.rowOffsets);
    const embedded = tf.reshape(gatherRows(this.tables, rows), [B * N, this.channels * this.embedDim]);
    const features = batch.dense.shape[2] > 0 ? tf.concat([embedded, tf.reshape(batch.dense, [B * N, -1])], 1) : embedded;
    const projected = tf.matMul(features, this.projection);
    // tanh keeps the sign of every normalised feature (ReLU would zero half of them before
    // the first residual connection).
    return tf.tanh(this.norm.forward(projected)) as tf.Tensor2D;
  }

  dispose(): void {
    this.rowOffsets.dispose();
  }
}
