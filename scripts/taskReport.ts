// The headless final JSON's `tasks`: per task, the validation metrics the run ends with (its
// last training phase's chosen step: with early stopping, the restored best step's), the best
// validation AUC over that phase's evaluations, and the chosen step (each task's own, with
// per-task early stopping).
import type { AutomationEvent } from '../src/ui/automation';
import type { EvalMetrics, TaskValueWeights } from '../src/train/metrics';

type Chosen = Extract<AutomationEvent, { kind: 'chosen' }>;

export class TaskReport {
  /** The evaluations of the current (at the end: the last) training phase. */
  private evals: EvalMetrics[] = [];
  private chosen: Chosen | null = null;

  add(e: AutomationEvent): void {
    if (e.kind === 'phase') {
      this.evals = [];
      this.chosen = null;
    } else if (e.kind === 'eval') this.evals.push(e.metrics);
    else if (e.kind === 'chosen') this.chosen = e;
  }

  /** One JSON line per evaluation: with early stopping, the holdout's score, its AUC per task, and the steps chosen so far. */
  static evalFields(metrics: EvalMetrics) {
    const es = metrics.earlyStop;
    if (!es) return {};
    return { holdoutScore: es.score, holdoutAuc: es.holdoutAuc, chosenStep: es.chosenStep, ...(es.taskChosenSteps ? { taskChosenSteps: es.taskChosenSteps } : {}) };
  }

  final() {
    const last = this.chosen?.metrics ?? this.evals.at(-1);
    const chosenStep = this.chosen?.step ?? last?.step ?? null;
    return Object.fromEntries(
      (last?.tasks ?? []).map((t, k) => [
        t.name,
        // With per-task early stopping each task reports the step its metrics come from.
        {
          valAuc: t.auc,
          oracleAuc: t.oracleAuc,
          recallP85: t.recall?.[0],
          recallP50: t.recall?.[1],
          undefinedReason: t.undefinedReason,
          bestValAuc: this.bestAuc(k),
          chosenStep: this.chosen?.taskSteps?.[k] ?? chosenStep,
          // valAuc minus the baseline's on the same users, and its paired standard error.
          ...(t.vsBaseline !== undefined ? { vsBaseline: t.vsBaseline } : {}),
          // With the value weights (model.wideIds): the values that raise and lower this task's logit most.
          ...valueWeightsOf(this.chosen?.valueWeights?.[k]),
        },
      ]),
    );
  }

  /** The best validation AUC of task k over the phase's evaluations; null if never defined. */
  private bestAuc(k: number): number | null {
    const aucs = this.evals.map((e) => e.tasks[k]?.auc).filter((a): a is number => a !== null && a !== undefined);
    return aucs.length > 0 ? Math.max(...aucs) : null;
  }
}

/** A task's value weights as the JSON reports them (the task's name is already the key). */
function valueWeightsOf(w: TaskValueWeights | undefined) {
  return w ? { valueWeights: { raises: w.raises, lowers: w.lowers } } : {};
}
