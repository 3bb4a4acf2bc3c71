// What the model reads of a batch of users: tensors in the layout of `data/dataset.ts`.
import type * as tf from '@tensorflow/tfjs-core';

export interface SequenceBatch {
  /** [B, N, Mdisc] int32 token ids of the discrete (category and ID) channels. */
  tokens: tf.Tensor3D;
  /** [B, N, Mdense] normalised dense values (Mdense may be 0). */
  dense: tf.Tensor3D;
  /** [B, N] int32 time-gap bucket to the previous event. */
  timeGap: tf.Tensor2D;
  /** [B, N] int32 events after this one (0 = the most recent; 0 at padding): the position
   *  the model embeds, so "the last few events" sit at the same positions for every user. */
  recency: tf.Tensor2D;
  /** [B, N] float 1 for a real event, 0 for padding. */
  valid: tf.Tensor2D;
  /** [B, N] int32 bucket of each event's age at the prediction time (present when the schema has ageBuckets > 0). */
  age?: tf.Tensor2D;
  /** [B, F] the users' summary inputs (present when the schema has userFeatures > 0). */
  userFeatures?: tf.Tensor2D;
  /** Real events in the batch, counted on the CPU (it sizes the expert capacity). */
  numValidTokens: number;
}
