// The headless runner's view of a recipe run: the MCP metrics per channel, the final task
// weights λ, the baseline (logistic regression on the user summary inputs) when the data has
// them, and for a compare run one entry per model type (plus each task alone and the baseline).
import type { AutomationEvent } from '../src/ui/automation';
import { modelName } from '../src/run/modelTypes';
import { BASELINE_LABEL, type CompareTable } from '../src/worker/compareTable';
import type { McpChannelMetrics } from '../src/train/mcpMetrics';
import type { BaselineTask } from '../src/worker/protocol';

const round = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export class RecipeReport {
  private mcp: Extract<AutomationEvent, { kind: 'mcpEval' }> | null = null;
  private lambda: number[] | null = null;
  private table: CompareTable | null = null;
  private baseline: BaselineTask[] | null = null;

  add(e: AutomationEvent): void {
    if (e.kind === 'mcpEval') this.mcp = e;
    else if (e.kind === 'step' && e.metrics.lambda && e.phase?.alone == null) this.lambda = e.metrics.lambda;
    else if (e.kind === 'compare') this.table = e.table;
    else if (e.kind === 'baseline') this.baseline = e.tasks;
  }

  /** One JSON line per MCP evaluation. */
  static mcpLine(e: Extract<AutomationEvent, { kind: 'mcpEval' }>, t0: number) {
    return { phase: e.phase.label, step: e.metrics.step, mcp: channels(e), elapsedS: Math.round((Date.now() - t0) / 100) / 10 };
  }

  /** Fields of the final object: `mcp`, `lambda`, `baseline` with user summary inputs, and `compare` for a compare run. */
  final() {
    return {
      mcp: this.mcp ? channels(this.mcp) : null,
      lambda: this.lambda?.map((l) => round(l)) ?? null,
      ...(this.baseline ? { baseline: Object.fromEntries(this.baseline.map((t) => [t.name, { valAuc: t.auc, recallP85: t.recall[0], recallP50: t.recall[1] }])) } : {}),
      ...(this.table ? { compare: compareEntries(this.table) } : {}),
    };
  }
}

/** Per channel: the model's measures, and under `byFrequency` those of the values' frequencies alone (the bar). */
function channels(e: Extract<AutomationEvent, { kind: 'mcpEval' }>) {
  const measures = (c: McpChannelMetrics) => ({ loss: round(c.loss), accuracy: round(c.accuracy), hitRate10: round(c.hitRate10) });
  return Object.fromEntries(
    e.metrics.channels.map((c, i) => {
      const bar = e.metrics.reference?.[i];
      return [c.name, { kind: c.kind, ...measures(c), masked: c.masked, ...(bar ? { byFrequency: measures(bar) } : {}) }];
    }),
  );
}

function taskEntries(table: CompareTable, results: ({ auc: number | null; recall: (number | null)[] } | null)[]) {
  return Object.fromEntries(table.tasks.map((name, k) => [name, results[k] ? { valAuc: round(results[k].auc), recallP85: round(results[k].recall[0]), recallP50: round(results[k].recall[1]) } : null]));
}

function compareEntries(table: CompareTable) {
  const out: Record<string, unknown> = {};
  for (const r of table.rows) {
    out[r.model] = { label: modelName(r.model), pretrained: r.pretrained, parameters: r.parameters, stepMs: round(r.stepMs, 1), tasks: taskEntries(table, r.tasks) };
  }
  if (table.alone) out[`${table.alone.model}_alone`] = { label: `${modelName(table.alone.model)}, each task trained alone`, pretrained: table.alone.pretrained, tasks: taskEntries(table, table.alone.tasks) };
  if (table.baseline) out.baseline = { label: BASELINE_LABEL, tasks: taskEntries(table, table.baseline) };
  out.oracle = Object.fromEntries(table.tasks.map((name, k) => [name, round(table.oracle[k])]));
  return out;
}
