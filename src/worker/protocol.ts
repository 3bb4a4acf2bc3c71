// What crosses between the page and the training worker: plain, structured-clonable data.
import type { EventsPerUser } from '../data/dataset';
import type { RunSize } from '../data/runSize';
import type { ColumnProfile } from '../data/inferRoles';
import type { LoadProgress as DataLoadProgress, ResolvedLayout } from '../data/loadFile';
import type { DiscreteKind } from '../run/channelKinds';
import type { ColumnMapping, Preset } from '../run/runSpec';
import type { BaselineTask } from '../train/baseline';
import type { EncoderInfo } from '../train/encoderFile';
import type { McpEvalMetrics, McpStepMetrics } from '../train/mcpMetrics';
import type { KeptState } from '../train/checkpoint';
import type { EvalMetrics, PhaseResult, StepMetrics } from '../train/metrics';
import type { BackendInfo, BackendName } from './backend';
import type { CompareTable } from './compareTable';
import type { PhaseTag } from './phases';

export type { BackendInfo, BackendName, BaselineTask, CompareTable, EncoderInfo, KeptState, PhaseTag };

export interface FilePreview {
  name: string;
  size: number;
  /** Of the file's bytes, computed in the worker while streaming. */
  sha256: string;
  /** Rows the sample pass read (the profiles describe these). */
  rows: number;
  /** The sample is the whole file. */
  complete: boolean;
  /** How the file was read: delimiter, header, events or per-user sequences. */
  layout: ResolvedLayout;
  /** Things to check that are not errors (e.g. bytes that are not UTF-8). */
  warnings: string[];
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
  /** Per discrete channel: table rows, hashed OOV buckets among them, and shards (README §Model 2.1). */
  discrete: { name: string; kind: DiscreteKind; vocabSize: number; oovBuckets: number; shards: number }[];
  dense: string[];
  /** What loading left out (rows without a user, users below the minimum…). */
  notes: string[];
  tasks: { name: string; labelled: number; positives: number; oracleAuc: number | null }[];
  /** Trainable parameters of the model built for this run. */
  parameters: number;
  /** When the model predicts (ISO, UTC): inputs are the events before it; null without a time column. */
  predictionTime: string | null;
  /** Each event carries its age at the prediction time (an embedding, README §Model 2.1). */
  eventAge: boolean;
  /** Names of the per-user summary inputs (empty: none). */
  userFeatures: string[];
  /** Input events per user before truncation to N (after merging same-time events when on). */
  eventsPerUser: EventsPerUser | null;
  /** N and steps this prepare set from the data (PrepareOptions.sizeFor), with what they follow from; null when the run's own were kept. */
  sizedFromData: SizedFromData | null;
}

/** Run size chosen from a dropped file (src/data/runSize.ts): N from its events per user, steps from its training users. */
export interface SizedFromData extends RunSize {
  p90: number;
  trainUsers: number;
}

export interface PrepareOptions {
  /** Set N and steps from the dataset for this preset (a newly dropped file whose size the user has not set); omitted: the spec's own. */
  sizeFor?: Preset;
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

/**
 * A fault that stopped training (README §Reliability), with what happened and what to do:
 * a non-finite step (back at the last good step; ▶ Train goes on), a lost GPU device or a dead
 * worker (`restart`: the page restarts the worker, resuming from the last kept state where it
 * can), a model too big for the adapter (refused before it was built), a full storage quota.
 */
export interface Fault {
  kind: 'nonFinite' | 'deviceLost' | 'workerError' | 'oversize' | 'quota';
  message: string;
  /** The worker cannot go on: only a restart helps. */
  restart: boolean;
  /** nonFinite: the step that went bad, the step training is back at, and the term or parameter. */
  step?: number;
  restoredStep?: number;
  term?: string;
}

/** Faults the page can cause on demand (?drills=1): a destroyed device, an uncaught worker error, a NaN written into the first tower weight. */
export type Drill = 'destroyDevice' | 'throw' | 'poison';

/** The files of a representation export (userExport.ts), ready to download. */
export interface ExportFiles {
  /** Projector: one line of d_model tab-separated floats per user, no header. */
  vectors: Blob;
  /** Projector: a header row, then ID, split, each task's label and score, top category values. */
  metadata: Blob;
  /** ID, split, h_0..h_{d−1}, each task's label and score. */
  users: Blob;
  /** ID and each task's score (and label when there are labels). */
  scores: Blob;
  /** Users exported (rows of each file but the headers). */
  count: number;
  dim: number;
  tasks: string[];
  /** Per split (train, holdout, validation, scored): exact AUC per task of the exported scores; absent without labels. */
  auc: Record<string, (number | null)[]>;
  seconds: number;
}

/** Progress of an export or a scoring: reading the scored file (bytes), then scoring (users). */
export interface ExportProgress {
  phase: 'read' | 'score';
  done: number;
  total: number;
}

/** A model that can score users: the run's trained one, or one loaded from a model file. */
export interface ScoringModel {
  source: 'run' | 'file';
  name: string;
  dataName: string;
  step: number;
  modelType: string;
  dModel: number;
  tasks: string[];
  /** The columns a log to score needs, with their roles. */
  columns: { name: string; role: string }[];
  parameters: number;
}

/** A scored file: who was scored, what was left out, and the export of its users. */
export interface ScoredFile {
  name: string;
  model: ScoringModel;
  /** Users scored; notes say who was left out (no event before the prediction time…). */
  users: number;
  notes: string[];
  /** Labelled users per task in this file (0: the file has no labels for it). */
  labelled: number[];
  files: ExportFiles;
}

export type RunState = 'empty' | 'ready' | 'running' | 'paused' | 'done';

/** Progress of reading a dropped file; `done` with the log's time span when the full pass ends. */
export interface LoadProgress extends DataLoadProgress {
  done?: boolean;
  timeRange?: [number, number];
}

export type TrainEvent =
  // `phase` says which phase of a recipe or compare run (phases.ts) a step or evaluation is of.
  | { kind: 'step'; metrics: StepMetrics; phase?: PhaseTag }
  | { kind: 'eval'; metrics: EvalMetrics; phase?: PhaseTag }
  // The end of a training or fine-tuning phase: the step whose weights it keeps (with early
  // stopping the best holdout score's, restored) and their validation metrics, its final evaluation.
  | ({ kind: 'chosen'; phase?: PhaseTag } & PhaseResult)
  | { kind: 'phase'; phase: PhaseTag }
  | { kind: 'mcpStep'; metrics: McpStepMetrics; phase: PhaseTag }
  | { kind: 'mcpEval'; metrics: McpEvalMetrics; phase: PhaseTag }
  | { kind: 'compare'; table: CompareTable }
  // Once per prepared run with user summary inputs: the logistic regression on them, fitted on the training users, per task on the validation users.
  | { kind: 'baseline'; tasks: BaselineTask[] }
  | { kind: 'encoder'; info: EncoderInfo }
  | { kind: 'state'; state: RunState; step: number }
  | { kind: 'error'; message: string }
  | { kind: 'fault'; fault: Fault }
  // The training state at the last evaluation, on the CPU: a restarted worker resumes from it (single training runs).
  | { kind: 'kept'; state: KeptState }
  | { kind: 'progress'; progress: LoadProgress };
