// What training reports, as plain numbers: these cross the worker boundary and feed the
// charts, the headless runner's JSON lines and the tests.
import type { RoutingSiteStats } from '../model/router';
import type { AucDifference } from './delong';

export interface StepMetrics {
  step: number;
  /** Total loss: Σ_k λ_k · L_k + balance + z terms. */
  loss: number;
  /** L_k of each task (task-indicator loss, README §Model 3.2); null when no label in the batch. */
  taskLoss: (number | null)[];
  balanceLoss: number;
  zLoss: number;
  routing: RoutingSiteStats[];
  /** Valid (non-padding) tokens in the batch. */
  tokens: number;
  stepMs: number;
  /** Task weights λ after this step (they move in the bi-level mode). */
  lambda?: number[];
  /** Global L2 norm of the step's gradients (before clipping), on the steps it is measured (guard.ts: every step with clipping, else every 10th). */
  gradNorm?: number;
  /** Live tfjs tensors and the device bytes in use after the step (the worker sets them): flat over a healthy run. */
  memory?: MemoryUse;
}

/** tf.memory() after a step: tensors, and the bytes of the device (GPU buffers on WebGPU, else the tensors' bytes). */
export interface MemoryUse {
  tensors: number;
  bytes: number;
}

export interface TaskEval {
  name: string;
  /** Exact validation AUC; null when undefined (one class only), with the reason. */
  auc: number | null;
  undefinedReason?: string;
  /** AUC of the generator's true probabilities on the same users (demo data only). */
  oracleAuc: number | null;
  /** Mean BCE over the validation users that have this task's label. */
  loss: number | null;
  labelled: number;
  /** Recall at precision 0.85 and 0.5 (RECALL_PRECISIONS; the paper's Table 4); null without positives. */
  recall?: (number | null)[];
  /** With a baseline: this AUC minus the baseline's on the same users, with its paired DeLong standard error (delong.ts); null without 2 labelled users of each class. */
  vsBaseline?: AucDifference | null;
}

/** Early stopping at one evaluation (train.earlyStopHoldout > 0). */
export interface EarlyStopEval {
  /** AUC per task on the early-stopping holdout (training users not trained on); null where undefined. */
  holdoutAuc: (number | null)[];
  /** What chooses the step: the mean of the trained tasks' defined holdout AUCs; null when none is defined. */
  score: number | null;
  /** The step whose weights are kept so far (the best score's, the earlier on a tie); null before any score. */
  chosenStep: number | null;
  /** The patience ran out: the phase ends after this evaluation. */
  stop: boolean;
  /** With train.earlyStopPerTask: per task, the step best for it so far (its own holdout AUC); null where none yet or the task is not trained. */
  taskChosenSteps?: (number | null)[];
}

export interface EvalMetrics {
  /** The step whose weights were evaluated. */
  step: number;
  /** On the validation users. */
  tasks: TaskEval[];
  evalMs: number;
  earlyStop?: EarlyStopEval;
}

/** How a training or fine-tuning phase ends: the weights it keeps. */
export interface PhaseResult {
  /** The chosen step: the best holdout score's with early stopping, else the last step. */
  step: number;
  /** The weights (and optimiser state) were put back from that step's checkpoint: training had gone on past it. */
  restored: boolean;
  /** The validation metrics of the kept weights (metrics.step = step): the phase's final evaluation. With per-task early stopping, task k's metrics are those of the weights of taskSteps[k]. */
  metrics: EvalMetrics;
  /** Per task, the step whose weights its metrics come from (README §Model 3.5); absent without per-task early stopping. */
  taskSteps?: number[];
  /** Per task, the values whose weights raise and lower its logit most (model.wideIds); absent without the value weights. */
  valueWeights?: TaskValueWeights[];
}

/** A value of a column and its weight in one task's logit (per event that holds it). */
export interface ValueWeight {
  column: string;
  value: string;
  weight: number;
}

/** What the towers' value weights learnt for one task: the strongest values either way. */
export interface TaskValueWeights {
  task: string;
  raises: ValueWeight[];
  lowers: ValueWeight[];
}
