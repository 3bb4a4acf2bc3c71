// One run of the history as it is kept in the browser (IndexedDB, runStore.ts): its spec, the
// data it trained on, its metric history (every step's losses and every evaluation), the phase's
// final table and the step early stopping chose. Per-step expert routing is left out: it is the
// bulk of a step's metrics and no history view draws it.
import type { RunSpec } from '../../run/runSpec';
import type { EvalMetrics, PhaseResult, StepMetrics } from '../../train/metrics';
import type { DatasetSummary } from '../../worker/protocol';
import type { RunHistory } from '../history';

/** A step's metrics without its routing counts. */
export type RecordedStep = Omit<StepMetrics, 'routing'>;

/**
 * `running`: saved at an evaluation while training (a record still `running` once its page is
 * gone stopped there); `paused`, `done`: the loop's state when last saved; `discarded`: a change
 * or Reset replaced it on the page.
 */
export type RecordStatus = 'running' | 'paused' | 'done' | 'discarded';

export interface DataIdentity {
  /** "demo (400 users, seed 7)", the file's name… */
  label: string;
  /** Same fingerprint, same data: the file's SHA-256, or the demo generator's settings. */
  fingerprint: string;
  users: number | null;
}

export interface RunRecord {
  id: string;
  /** The user's name for the run (defaults to the model and the time). */
  name: string;
  /** ISO times: first saved, last saved. */
  created: string;
  updated: string;
  spec: RunSpec;
  data: DataIdentity;
  tasks: string[];
  status: RecordStatus;
  /** Steps trained (over every phase). */
  steps: number;
  history: { steps: RecordedStep[]; evals: EvalMetrics[] };
  /** The phase's end: the kept step and its validation metrics (the final table); null before it ends. */
  chosen: PhaseResult | null;
}

/** What the page has of a run when it is saved. */
export interface LiveRun {
  spec: RunSpec;
  summary: DatasetSummary | null;
  history: RunHistory;
  chosen: PhaseResult | null;
  steps: number;
}

export function dataIdentity(spec: RunSpec, summary: DatasetSummary | null): DataIdentity {
  const d = spec.data;
  const fingerprint = d.file ? `sha256:${d.file.sha256}` : `demo:${d.demoUsers}:seed${spec.seed}`;
  const label = summary?.name ?? d.file?.name ?? `demo (${d.demoUsers} users, seed ${spec.seed})`;
  return { label, fingerprint, users: summary?.users ?? null };
}

const slim = ({ routing: _routing, ...rest }: StepMetrics): RecordedStep => rest;

/** The record of `run` now; `previous` (the same run saved before) keeps its id, name and creation time. */
export function recordOf(id: string, run: LiveRun, status: RecordStatus, previous: RunRecord | null, now = new Date()): RunRecord {
  const created = previous?.created ?? now.toISOString();
  return {
    id,
    name: previous?.name ?? defaultName(run.spec, now),
    created,
    updated: now.toISOString(),
    spec: run.spec,
    data: dataIdentity(run.spec, run.summary),
    tasks: run.summary?.tasks.map((t) => t.name) ?? run.history.evals[0]?.tasks.map((t) => t.name) ?? [],
    status,
    steps: run.steps,
    history: { steps: run.history.steps.map(slim), evals: run.history.evals },
    chosen: run.chosen,
  };
}

function defaultName(spec: RunSpec, now: Date): string {
  const hhmm = now.toTimeString().slice(0, 5);
  return `${spec.model.type} ${now.toISOString().slice(0, 10)} ${hhmm}`;
}

/** Best validation AUC of each task over the run's evaluations (null where never defined). */
export function bestAuc(r: RunRecord): (number | null)[] {
  return r.tasks.map((_, k) => {
    let best: number | null = null;
    for (const e of r.history.evals) {
      const auc = e.tasks[k]?.auc ?? null;
      if (auc !== null && (best === null || auc > best)) best = auc;
    }
    return best;
  });
}

/** The step the run keeps: the phase's chosen step, else early stopping's choice so far, else null. */
export function chosenStep(r: RunRecord): number | null {
  return r.chosen?.step ?? r.history.evals.at(-1)?.earlyStop?.chosenStep ?? null;
}

/** The last step whose metrics were saved. */
export const lastStep = (r: RunRecord): number => Math.max(r.history.steps.at(-1)?.step ?? 0, r.history.evals.at(-1)?.step ?? 0);

/** How the run ended, in words: a `running` record not trained on this page was cut off (reload, closed tab) at its last save. */
export function statusText(r: RunRecord, live: boolean): string {
  if (r.status === 'running' && !live) {
    const at = r.history.evals.at(-1)?.step;
    return at === undefined ? 'stopped (page closed before the first evaluation)' : `stopped at step ${at} (page closed or reloaded; kept up to that evaluation)`;
  }
  if (r.status === 'running') return 'training';
  return r.status;
}
