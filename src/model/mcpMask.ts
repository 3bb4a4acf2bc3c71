// The [MASK] of masked channel prediction (README §Model 3.1) inside the multi-channel feature
// projection: at a masked position, a channel's embedding is replaced by that channel's
// learned [MASK] embedding (one per channel, as BERT's [MASK] token but per channel).
import * as tf from '@tensorflow/tfjs-core';

export interface MaskedChannels {
  /** [B·N, C] 1 where channel c is masked; C = the discrete channels, then the time-gap bucket. */
  where: tf.Tensor2D;
  /** [C, embedDim] the [MASK] embedding of each of those channels. */
  rows: tf.Tensor2D;
}

/**
 * `embedded` [T, S·E] holds S channel embeddings side by side; slot s holds channel
 * `slotChannels[s]` (channels past C, such as the position, are never masked).
 * Returns it with every masked (position, channel) embedding replaced by the channel's [MASK].
 */
export function replaceMasked(embedded: tf.Tensor2D, slotChannels: number[], masked: MaskedChannels): tf.Tensor2D {
  const [T, width] = embedded.shape;
  const S = slotChannels.length;
  const [C, E] = masked.rows.shape;
  // Column / row C is an appended "never masked" channel for the slots past C.
  const slots = tf.tensor1d(slotChannels.map((c) => Math.min(c, C)), 'int32');
  const where = tf.expandDims(tf.gather(tf.concat([masked.where, tf.zeros([T, 1])], 1), slots, 1), 2); // [T, S, 1]
  const rows = tf.expandDims(tf.gather(tf.concat([masked.rows, tf.zeros([1, E])], 0), slots, 0), 0); // [1, S, E]
  const e = tf.reshape(embedded, [T, S, E]);
  return tf.reshape(tf.add(e, tf.mul(where, tf.sub(rows, e))), [T, width]);
}
