// Multi-channel feature projection (README §Model 2.1): every discrete channel, the time gap to the
// previous event, the event's position and (when the data has it) the event's age at the
// prediction time look up their own embedding table, dense channels enter as their values, the
// concatenation is projected to d_model, then LayerNorm and a non-linearity. The position is
// counted from the most recent event backwards (recency): user sequences differ in length, and
// what a user did last matters most. The age says how long ago that was, which neither the gaps
// nor the positions do. Without ages the tables are exactly those of a run before ages existed.
//
// split(s_ID · W_ID): an ID table with more rows than the schema's shard size is not a row
// range of the stacked table but several variables (shards) of at most that many rows, each
// its own GPU buffer under the binding limit; a token t reads row t mod R of shard ⌊t / R⌋.
import * as tf from '@tensorflow/tfjs-core';
import { shardCount, type DatasetSchema } from '../data/dataset';
import { gatherSum } from '../kernels/embedding';
import { gatherRows } from '../kernels/gather';
import type { SequenceBatch } from './inputs';
import { LayerNorm } from './layerNorm';
import { replaceMasked, type MaskedChannels } from './mcpMask';
import type { Params } from './params';

/** Width of each channel's embedding: half of d_model, enough for small vocabularies. */
export function embeddingDim(dModel: number): number {
  return Math.max(4, Math.ceil(dModel / 2));
}

/** Shards of one ID channel's table: `rows` rows each (the last may have fewer). */
interface ShardedTable {
  /** Index of the channel among the discrete channels. */
  channel: number;
  rows: number;
  shards: tf.Variable<tf.Rank.R2>[];
}

export class MultiChannelFeatureProjection {
  /** The tables of the unsharded channels (discrete channels, time gap, position, age) stacked by
   *  rows. Each channel owns its row range, so they are separate tables looked up by one gather. */
  private readonly tables: tf.Variable<tf.Rank.R2>;
  /** [stacked channels] int32 first row of each stacked channel's table. */
  private readonly rowOffsets: tf.Tensor1D;
  /** [stacked channels] int32 index of each stacked channel in the concatenated ids. */
  private readonly stackedIndex: tf.Tensor1D;
  private readonly sharded: ShardedTable[];
  /** Order of the channel embeddings before the projection: stacked channels, then sharded ones. */
  private readonly stackedCount: number;
  /** Rows of each stacked channel's table, and where it starts in `tables`. */
  private readonly stackedVocab: number[];
  private readonly stackedOffsets: number[];
  /** Rows of all the stacked tables together. */
  private readonly stackedRows: number;
  private readonly projection: tf.Variable<tf.Rank.R2>;
  private readonly norm: LayerNorm;
  private readonly channels: number;
  private readonly embedDim: number;
  /** The channel (discrete…, time gap, position, age) of each embedding slot, in concatenation order. */
  private readonly slotChannels: number[];
  private readonly hasAge: boolean;

  constructor(p: Params, schema: DatasetSchema, dModel: number) {
    this.hasAge = schema.ageBuckets > 0;
    const vocab = [...schema.discrete.map((c) => c.vocabSize), schema.timeGapBuckets, schema.seqLen, ...(this.hasAge ? [schema.ageBuckets] : [])];
    const shards = schema.discrete.map((c) => shardCount(c.kind, c.vocabSize, schema.idShardRows));
    const stacked = vocab.map((_, i) => i).filter((i) => i >= shards.length || shards[i] === 1);
    const stackedVocab = stacked.map((i) => vocab[i]);
    const offsets = stackedVocab.map((_, i) => stackedVocab.slice(0, i).reduce((a, b) => a + b, 0));
    const rows = stackedVocab.reduce((a, b) => a + b, 0);
    this.channels = vocab.length;
    this.stackedCount = stacked.length;
    this.stackedVocab = stackedVocab;
    this.stackedOffsets = offsets;
    this.stackedRows = rows;
    this.slotChannels = [...stacked, ...shards.flatMap((n, c) => (n === 1 ? [] : [c]))];
    this.embedDim = embeddingDim(dModel);
    // Unit-norm rows: an embedding starts at the scale of a standardised dense value.
    const std = 1 / Math.sqrt(this.embedDim);
    this.tables = p.normal('mfp.tables', [rows, this.embedDim], std);
    this.rowOffsets = tf.tensor1d(offsets, 'int32');
    this.stackedIndex = tf.tensor1d(stacked, 'int32');
    this.sharded = shards.flatMap((n, c) => {
      if (n === 1) return [];
      const R = schema.idShardRows!;
      const name = schema.discrete[c].name;
      const tables = Array.from({ length: n }, (_, s) => p.normal<tf.Rank.R2>(`mfp.${name}.shard${s}`, [Math.min(R, vocab[c] - s * R), this.embedDim], std));
      return [{ channel: c, rows: R, shards: tables }];
    });
    const width = this.channels * this.embedDim + schema.dense.length;
    // No bias: the position embedding already gives each position its own offset.
    this.projection = p.glorot('mfp.projection', [width, dModel]);
    this.norm = new LayerNorm(p, 'mfp.norm', dModel);
  }

  /**
   * [B, N, …] channels → [B·N, d_model]. `masked`: MCP pre-training puts each masked channel's
   * [MASK] embedding in. `differentiable` false (scoring) lets the projection be folded into
   * the tables when that is cheaper (projectFolded).
   */
  forward(batch: SequenceBatch, masked?: MaskedChannels, differentiable = true): tf.Tensor2D {
    const [B, N] = batch.valid.shape;
    if (this.hasAge && !batch.age) throw new Error('The model embeds event ages, but the batch has none: build the batch from the dataset the model was built for.');
    const perEvent = [batch.timeGap, batch.recency, ...(this.hasAge ? [batch.age!] : [])];
    const ids = tf.concat([batch.tokens, ...perEvent.map((x) => tf.expandDims(x, 2))], 2);
    const stackedIds = this.sharded.length > 0 ? tf.gather(ids, this.stackedIndex, 2) : ids;
    const rows = tf.add(stackedIds, this.rowOffsets);
    if (!differentiable && !masked && this.foldPays(B * N)) {
      return this.finish(this.projectFolded(tf.reshape(rows, [B * N, this.stackedCount]) as tf.Tensor2D, tf.reshape(batch.dense, [B * N, -1]) as tf.Tensor2D));
    }
    const parts = [tf.reshape(gatherRows(this.tables, rows), [B * N, this.stackedCount * this.embedDim])];
    for (const t of this.sharded) parts.push(lookupSharded(t, tf.reshape(tf.slice(batch.tokens, [0, 0, t.channel], [B, N, 1]), [B * N])));
    const joined = (parts.length > 1 ? tf.concat(parts, 1) : parts[0]) as tf.Tensor2D;
    const embedded = masked ? replaceMasked(joined, this.slotChannels, masked) : joined;
    const features = batch.dense.shape[2] > 0 ? tf.concat([embedded, tf.reshape(batch.dense, [B * N, -1])], 1) : embedded;
    return this.finish(tf.matMul(features, this.projection));
  }

  /** LayerNorm, then tanh: it keeps the sign of every normalised feature (ReLU would zero half of them before the first residual connection). */
  private finish(projected: tf.Tensor2D): tf.Tensor2D {
    return tf.tanh(this.norm.forward(projected)) as tf.Tensor2D;
  }

  /**
   * Folding costs R·e·d multiply-adds for the R table rows, against T·S·e·d for projecting the
   * T tokens' S concatenated embeddings: it pays when the tables are smaller than the lookups
   * (a scoring chunk of the demo: 1,400 rows against 4,096 tokens × 6 channels). Sharded
   * (large ID) tables are never folded.
   */
  private foldPays(numTokens: number): boolean {
    return this.sharded.length === 0 && this.stackedRows < numTokens * this.stackedCount;
  }

  /**
   * The projection of the concatenation [e_1 … e_S, dense] · W, computed as
   * Σ_s (table_s · W_s)[id_s] + dense · W_dense, W_s the rows of W that channel s's embedding
   * meets: each table is projected once, then each token sums its S rows (gatherSum). Equal
   * up to float rounding; no gradient (scoring only). rows [T, S] int32, dense [T, D].
   */
  private projectFolded(rows: tf.Tensor2D, dense: tf.Tensor2D): tf.Tensor2D {
    const [e, d] = [this.embedDim, this.projection.shape[1]];
    const tables = this.stackedVocab.map((v, s) => tf.matMul(tf.slice(this.tables, [this.stackedOffsets[s], 0], [v, e]), tf.slice(this.projection, [s * e, 0], [e, d])));
    const out = gatherSum(tf.concat(tables, 0) as tf.Tensor2D, rows);
    if (dense.shape[1] === 0) return out;
    return tf.add(out, tf.matMul(dense, tf.slice(this.projection, [this.stackedCount * e, 0], [dense.shape[1], d])));
  }

  dispose(): void {
    this.rowOffsets.dispose();
    this.stackedIndex.dispose();
  }
}

/** [T] token ids → [T, E]: each shard gathers the tokens in its row range (others masked out). Call inside a tidy. */
export function lookupSharded(t: { rows: number; shards: tf.Tensor2D[] }, tokens: tf.Tensor1D): tf.Tensor2D {
  let out: tf.Tensor2D | null = null;
  t.shards.forEach((shard, s) => {
    const local = tf.sub(tokens, tf.scalar(s * t.rows, 'int32'));
    const inShard = tf.logicalAnd(tf.greaterEqual(local, 0), tf.less(local, shard.shape[0]));
    const rows = tf.clipByValue(local, 0, shard.shape[0] - 1);
    const part = tf.mul(gatherRows(shard, rows), tf.expandDims(tf.cast(inShard, 'float32'), 1)) as tf.Tensor2D;
    out = out ? (tf.add(out, part) as tf.Tensor2D) : part;
  });
  return out!;
}
