// The compare table of a compare run (README §Model 4): the paper's Table 2 for this data, one
// row per model type trained on the same split and seed, and each task trained alone.
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
}

/** Row indices of the best AUC per task column (ties all marked); null where no row has an AUC. */
export function bestPerColumn(table: CompareTable): (number[] | null)[] {
  return table.tasks.map((_, k) => {
    const aucs = table.rows.map((r) => r.tasks[k]?.auc ?? null);
    const defined = aucs.filter((a): a is number => a !== null);
    if (defined.length === 0) return null;
    const best = Math.max(...defined);
    return aucs.flatMap((a, i) => (a === best ? [i] : []));
  });
}
