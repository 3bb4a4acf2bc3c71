// What the page shows of a run (useRun's state): the run spec and what the worker has loaded,
// the dataset, the dropped file, the metrics history, and what waits for the user.
import type { Rejection } from '../run/fields';
import type { RunSpec } from '../run/runSpec';
import type { BackendInfo, DatasetSummary, Fault, FilePreview, LoadProgress, RunState } from '../worker/protocol';
import type { DiscardQuestion } from './discardGate';
import { emptyHistory, type RunHistory } from './history';
import { emptyRecipe, type RecipeHistory } from './recipeHistory';

export interface LocalFile {
  file: File;
  sha256: string;
  preview: FilePreview;
  /** The run named a file (a link, a spec file) and this one was checked against it and matched. */
  matchedRun: boolean;
}

export interface RunView {
  backend: BackendInfo | null;
  backendError: string | null;
  spec: RunSpec | null;
  /** The spec the worker has loaded; differs from `spec` while a change is being prepared or failed. */
  preparedSpec: RunSpec | null;
  rejected: Rejection[];
  /** Of the dataset `spec` trains on (null while another dataset is still the worker's). */
  summary: DatasetSummary | null;
  localFile: LocalFile | null;
  state: RunState;
  busy: string | null;
  error: string | null;
  /** Replaced (never mutated) on every change, so charts can memoise on it. */
  history: RunHistory;
  /** The recipe's phases, MCP metrics and compare table (replaced on change, like history). */
  recipe: RecipeHistory;
  /** Reading a dropped file: bytes and rows so far (null when no read is going on). */
  progress: LoadProgress | null;
  /** The log's time span, once a full pass over the dropped file has read it. */
  timeRange: [number, number] | null;
  /** A change waits for the user: discard the trained steps, or keep the run? */
  question: DiscardQuestion | null;
  /** Changes whenever the run on screen is replaced, so views holding results of the old one start over. */
  runKey: number;
  /** A fault that stopped training (non-finite step, lost device, dead worker, oversize model, full storage), until dismissed or the worker is restarted. */
  fault: Fault | null;
}

export const initialView: RunView = {
  backend: null,
  backendError: null,
  spec: null,
  preparedSpec: null,
  rejected: [],
  summary: null,
  localFile: null,
  state: 'empty',
  busy: 'Starting the training worker…',
  error: null,
  history: emptyHistory(),
  recipe: emptyRecipe(),
  progress: null,
  timeRange: null,
  question: null,
  runKey: 0,
  fault: null,
};
