// What the MCP heads read (README §Model 3.1): the MCP tasks, and a batch of users with some
// of their events' values masked. train/mcp.ts chooses the tasks and masks the batches.
import type * as tf from '@tensorflow/tfjs-core';
import type { ChannelKind } from '../run/channelKinds';
import type { SequenceBatch } from './inputs';

/** One MCP task: a channel whose masked values the model predicts. */
export interface McpChannel {
  name: string;
  kind: ChannelKind;
  /** Index among the dataset's discrete channels (category, id) or dense channels (dense). */
  index: number;
  /** Softmax classes (category, id): the token ids below the cap, the last class standing for every rarer value; 0 for dense. */
  classes: number;
  /** The vocabulary is larger than the cap: class `classes − 1` is "a rarer value". */
  capped: boolean;
}

export interface McpBatch {
  /** The model's input with the masked values removed. */
  inputs: SequenceBatch;
  /** [B·N, M + 1] 1 where discrete channel c is masked (column M: the time-gap bucket). */
  where: tf.Tensor2D;
  /** [B, N, D] 1 where dense channel c is masked (the learned [MASK] value goes there). */
  denseWhere: tf.Tensor3D;
  /** [channels, P] the masked positions S_i of MCP task i as flat event indices (b·N + n), padded with 0. */
  positions: tf.Tensor2D;
  /** [channels, P] 1 for a masked position, 0 for padding. */
  slotWeights: tf.Tensor2D;
  /** [channels, P] the original value there: the class id (category, id) or the normalised value (dense). */
  targets: tf.Tensor2D;
  /** The same targets on the CPU (the frequency reference of mcpReference.ts reads them). */
  targetValues: Float32Array;
  /** |S_i| per MCP task, counted on the CPU. */
  counts: number[];
  /** [B·N, channels] 1 where task i's value is masked (on the CPU, for checks). */
  masked: Float32Array;
  /** Every tensor of the batch, to dispose. */
  dispose(): void;
}
