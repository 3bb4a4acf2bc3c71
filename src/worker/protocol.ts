// What crosses between the page and the training worker: plain, structured-clonable data.
import type { ColumnProfile } from '../data/inferRoles';
import type { ColumnMapping } from '../run/runSpec';
import type { EvalMetrics, StepMetrics } from '../train/metrics';
import type { BackendInfo, BackendName } from './backend';

export type { BackendInfo, BackendName };

export interface FilePreview {
  name: string;
  size: number;
  rows: number;
  header: string[];
  /** First rows, for the preview table. */
  sample: string[][];
  profiles: ColumnProfile[];
  /** The inferred column roles, which the user may change before training. */
  suggested: ColumnMapping[];
}

export interface DatasetSummary {
  name: string;
  users: number;
  trainUsers: number;
  valUsers: number;
  seqLen: number;
  meanLength: number;
  discrete: { name: string; kind: 'category' | 'id'; vocabSize: number }[];
  dense: string[];
  tasks: { name: string; labelled: number; positives: number; oracleAuc: number | null }[];
  /** Trainable parameters of the model built for this run. */
  parameters: number;
}

/** User representations H = MaxPooling(h_o) of validation users, for the embedding view. */
export interface Embeddings {
  /** [users, dim] */
  h: Float32Array;
  dim: number;
  users: number;
  /** [users, K] labels and task indicators of those users. */
  labels: Float32Array;
  labelMask: Float32Array;
  step: number;
}

export type RunState = 'empty' | 'ready' | 'running' | 'paused' | 'done';

export type TrainEvent =
  | { kind: 'step'; metrics: StepMetrics }
  | { kind: 'eval'; metrics: EvalMetrics }
  | { kind: 'state'; state: RunState; step: number }
  | { kind: 'error'; message: string };
