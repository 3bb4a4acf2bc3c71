// What training needs of a model, whatever its type: SuperMoE (and its dense E = 1 form) and
// the multi-task baselines MMoE and PLE all read a batch of users and give one logit per task
// and a user representation, so one Trainer trains and evaluates them on the same split.
import type { ForwardMode } from './dropout';
import type { SequenceBatch } from './inputs';
import type { Params } from './params';
import type { SuperMoEOutput } from './superMoE';
import type { TaskTowers } from './towers';

/** SuperMoE's output; MMoE and PLE have no routed sites (routing [], zero auxiliary losses, capacity null) and give the pooled MFP output as H. */
export type UserModelOutput = SuperMoEOutput;

export interface UserModel {
  readonly params: Params;
  /** Experts per routed site (sizes the expert-load readback). */
  readonly numExperts: number;
  /** The linear towers (README §Model 2.5), which a run may start at the baseline. */
  readonly towers: TaskTowers;
  /** `mode`: evaluation (default) or a training step, which applies dropout. */
  forward(batch: SequenceBatch, mode?: ForwardMode): UserModelOutput;
  dispose(): void;
}

/** Every parameter but the task towers: what pre-training trains and fine-tuning may freeze. */
export function isEncoderParam(name: string): boolean {
  return !name.startsWith('towers.');
}
