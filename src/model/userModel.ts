// What training needs of a model, whatever its type: SuperMoE (and its dense E = 1 form) and
// the multi-task baselines MMoE and PLE all read a batch of users and give one logit per task
// and a user representation, so one Trainer trains and evaluates them on the same split.
import type * as tf from '@tensorflow/tfjs-core';
import type { SequenceBatch } from './inputs';
import type { Params } from './params';
import type { RoutedLoad } from './router';

export interface UserModelOutput {
  /** [B, K] one logit per task. */
  logits: tf.Tensor2D;
  /** [B, d] the user representation (SuperMoE: H = MaxPooling(h_o)). */
  H: tf.Tensor2D;
  /** Routing auxiliary losses (0 for models without routed sites). */
  balanceLoss: tf.Scalar;
  zLoss: tf.Scalar;
  /** Expert loads of the routed sites, in forward order (none for MMoE/PLE: their gates are dense). */
  routing: RoutedLoad[];
  /** Slots per expert C of this batch; null when dropless or not routed. */
  capacity: number | null;
}

export interface UserModel {
  readonly params: Params;
  /** Experts per routed site (sizes the expert-load readback). */
  readonly numExperts: number;
  forward(batch: SequenceBatch): UserModelOutput;
  dispose(): void;
}

/** Every parameter but the task towers: what pre-training trains and fine-tuning may freeze. */
export function isEncoderParam(name: string): boolean {
  return !name.startsWith('towers.');
}
