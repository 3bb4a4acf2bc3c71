// The towers' wide part on the events' values (model.wideIds, README §Model 2.5): one weight per
// value of every discrete channel and per task, summed over the values the user's real events
// in the window hold (each once, model.wideBag 'presence'; or once per event, 'count'), added to
// the tower logits — the "wide" half of Wide & Deep (Cheng et al. 2016), a logistic regression
// on the bag of values the user's events hold. Under towerInit 'cann' it is fitted as such a
// regression before training and kept fixed (model.wideFit, train/wideFit.ts).
//
// Why: the deep path has to carry "this user bought one of these twenty items" through the
// MFP's projection, attention and a max-pool, and on a few thousand users it did not learn it.
// On Online Retail a regression that adds the bag of the last 32 events' items to the summary
// scores 0.04-0.08 AUC above the summary alone on the "buys a JUMBO item" task, where the
// network added nothing (README: What it gives on a real log). A weight per value learns it
// directly, and the L2 prior (penalty()) keeps the values that say nothing at 0.
import * as tf from '@tensorflow/tfjs-core';
import { FIRST_TOKEN, type DatasetSchema } from '../data/dataset';
import type { ModelSettings } from '../run/modelTypes';
import { gatherRows } from '../kernels/gather';
import type { SequenceBatch } from './inputs';
import type { Params } from './params';

/** A wide table is one GPU buffer of rows × tasks floats (at most 8 MiB with 32 tasks): a channel with more rows (an ID vocabulary capped above the default 50,000) is left to the deep path. */
export const MAX_WIDE_ROWS = 65_536;

/** The discrete channels (by index) that get a wide table. */
export const wideChannels = (schema: Pick<DatasetSchema, 'discrete'>): number[] => schema.discrete.flatMap((c, i) => (c.vocabSize <= MAX_WIDE_ROWS ? [i] : []));

/**
 * The L2 prior's strength, as scikit-learn's C of a regression on the same bag beside the
 * summary regression kept fixed: on Online Retail (8 random 80/20 splits) C = 0.01 gave the
 * JUMBO task +0.050 AUC over the summary alone and the two tasks the items say nothing about
 * −0.0004 and +0.0000; C = 0.03 cost those two 0.003-0.008, C = 0.1 0.016-0.028.
 */
export const WIDE_C = 0.01;

/** The value tables' parameter names start so. */
const WIDE_PREFIX = 'towers.wide.';

/** One value's weight for one task. */
export interface WideWeight {
  /** Index among the discrete channels. */
  channel: number;
  token: number;
  weight: number;
}

/** How the weights add up over a user's events (model.wideBag). */
export type WideBag = ModelSettings['wideBag'];

/** The wide part's events: the batch's discrete tokens and which events are real. */
export type WideEvents = Pick<SequenceBatch, 'tokens' | 'valid'>;

export class WideIds {
  /** One [rows, K] table per channel it reads, starting at 0 (the towers' logits are then those without it). */
  private readonly tables: { channel: number; table: tf.Variable<tf.Rank.R2>; knownValues?: number }[];

  constructor(
    p: Params,
    schema: Pick<DatasetSchema, 'discrete'>,
    private readonly numTasks: number,
    readonly bag: WideBag = 'count',
  ) {
    this.tables = wideChannels(schema).map((channel) => {
      const c = schema.discrete[channel];
      return { channel, table: p.constant<tf.Rank.R2>(`${WIDE_PREFIX}${c.name}`, [c.vocabSize, numTasks], 0), knownValues: c.knownValues };
    });
  }

  /** The channels it reads, by index among the discrete channels. */
  get channels(): number[] {
    return this.tables.map((t) => t.channel);
  }

  /** Puts `tables` (one [rows, K] row-major table per channel, in the order of `channels`) in place: a fitted start (wideFit.ts). */
  set(tables: readonly Float32Array[]): void {
    if (tables.length !== this.tables.length) throw new Error(`The value weights need ${this.tables.length} tables, not ${tables.length}.`);
    this.tables.forEach(({ table }, i) => {
      if (tables[i].length !== table.size) throw new Error(`A value table needs ${table.size} weights, not ${tables[i].length}.`);
      tf.tidy(() => table.assign(tf.tensor2d(tables[i], table.shape, 'float32')));
    });
  }

  /** Keeps the tables where they are (a fitted regression, like the summary's under 'cann'): no gradient, no prior. */
  fix(): void {
    for (const { table } of this.tables) table.trainable = false;
  }

  /** True when the tables are kept fixed. */
  get fixed(): boolean {
    return this.tables.length > 0 && this.tables.every(({ table }) => !table.trainable);
  }

  /**
   * [B, K] per task: 'presence', Σ over the channels and the known values the user's real
   * events hold of the value's weight, each value once; 'count', Σ over the channels and the
   * real events of the event's value's weight.
   */
  forward(events: WideEvents): tf.Tensor2D {
    const [B, N] = events.tokens.shape;
    const K = this.numTasks;
    const perChannel = this.tables.map(({ channel, table, knownValues }) => {
      const tokens = tf.reshape(tf.slice(events.tokens, [0, 0, channel], [B, N, 1]), [B, N]) as tf.Tensor2D;
      // Padding's token reads a row too; the event's share takes it out of the sum.
      const share = this.bag === 'presence' ? presenceShare(tokens, events.valid, knownValues) : events.valid;
      const rows = tf.reshape(gatherRows(table, tf.reshape(tokens, [B * N])), [B, N, K]);
      return tf.sum(tf.mul(rows, tf.reshape(share, [B, N, 1])), 1) as tf.Tensor2D;
    });
    if (perChannel.length === 0) return tf.zeros([B, K]);
    return perChannel.length === 1 ? perChannel[0] : (tf.addN(perChannel) as tf.Tensor2D);
  }

  /** Per task, every (channel, token) weight of every table, largest first: what the part learnt. */
  async ranked(): Promise<WideWeight[][]> {
    const K = this.numTasks;
    const perTask: WideWeight[][] = Array.from({ length: K }, () => []);
    for (const { channel, table } of this.tables) {
      const w = await table.data();
      for (let token = 0; token < table.shape[0]; token++) for (let k = 0; k < K; k++) perTask[k].push({ channel, token, weight: w[token * K + k] });
    }
    return perTask.map((list) => list.sort((a, b) => b.weight - a.weight));
  }

  /** Σ w² over every table: the loss adds it × 1 / (2·C·n) for n training users (a regression's L2 prior at C per user's mean loss). */
  penalty(): tf.Scalar {
    const sums = this.tables.map(({ table }) => tf.sum(tf.square(table)) as tf.Scalar);
    if (sums.length === 0) return tf.scalar(0);
    return sums.length === 1 ? sums[0] : (tf.addN(sums) as tf.Scalar);
  }
}

/**
 * [B, N] each event's share of its value's weight under 'presence': 1 / (the user's real events
 * holding the same value) for a value of the vocabulary, so that the shares of one value sum to
 * 1; 0 for padding and the OOV tokens (the unknown token and, after the `knownValues` values,
 * the hashed buckets, which pool unrelated rare values). Without `knownValues` (a schema saved
 * before it existed) every token from FIRST_TOKEN on counts as known.
 */
export function presenceShare(tokens: tf.Tensor2D, valid: tf.Tensor2D, knownValues: number | undefined): tf.Tensor2D {
  return tf.tidy(() => {
    const fromFirst = tf.greaterEqual(tokens, FIRST_TOKEN);
    const known = knownValues === undefined ? fromFirst : tf.logicalAnd(fromFirst, tf.less(tokens, FIRST_TOKEN + knownValues));
    const held = tf.mul(valid, tf.cast(known, 'float32')) as tf.Tensor2D;
    // copies[b, i] = Σ_j held[b, j]·[token_i = token_j]: an [N, N] comparison per user, cheap next to attention.
    const same = tf.cast(tf.equal(tf.expandDims(tokens, 2), tf.expandDims(tokens, 1)), 'float32');
    const copies = tf.sum(tf.mul(same, tf.expandDims(held, 1)), 2);
    return tf.div(held, tf.maximum(copies, 1));
  });
}

/** The penalty's weight in a loss that is a mean over n training users (scikit-learn's C·Σ loss + ½‖w‖², divided by C·n). */
export function wideL2Weight(trainUsers: number): number {
  return 1 / (2 * WIDE_C * Math.max(1, trainUsers));
}
