// The compare table of a compare run (README §Model 4): the paper's Table 2 for this data, one
// row per model type trained on the same split and seed, each task trained alone, and the
// bar they must clear: the logistic regression on the user summary inputs (train/baseline.ts).
import type { ModelType } from '../run/modelTypes';

/** AUC and recall@P85/P50 of one task at the end of a phase. */
export interface TaskResult {
  auc: number | null;
  recall: (number | null)[];
}

export interface CompareRow {
  model: ModelType;
  /** Started from an MCP pre-trained encoder. */
  pretrained: boolean;
  tasks: TaskResult[];
  parameters: number;
  /** Median training step time of the phase. */
  stepMs: number | null;
}

/** The paper's Table 2 for this data: one row per model type, and each task trained alone (first model type). */
export interface CompareTable {
  tasks: string[];
  rows: CompareRow[];
  alone: { model: ModelType; pretrained: boolean; tasks: (TaskResult | null)[] } | null;
  /** Oracle AUC per task (demo data), null otherwise. */
  oracle: (number | null)[];
  /** The baseline per task, on the same validation users; null without user summary inputs. */
  baseline: TaskResult[] | null;
}

/** The baseline's row label. */
export const BASELINE_LABEL = 'Logistic regression (user summary)';

/** The baseline's index in bestPerColumn: the row after the model rows. */
export function baselineIndex(table: CompareTable): number {
  return table.rows.length;
}

/** Row indices of the best AUC per task column (ties all marked), the baseline's (baselineIndex) among them; null where no row has an AUC. */
export function bestPerColumn(table: CompareTable): (number[] | null)[] {
  return table.tasks.map((_, k) => {
    const aucs = [...table.rows.map((r) => r.tasks[k]?.auc ?? null), ...(table.baseline ? [table.baseline[k]?.auc ?? null] : [])];
    const defined = aucs.filter((a): a is number => a !== null);
    if (defined.length === 0) return null;
    const best = Math.max(...defined);
    return aucs.flatMap((a, i) => (a === best ? [i] : []));
  });
}
