// What the page keeps of a run's recipe: the phase now running, MCP pre-training metrics,
// the compare table and the last saved encoder. Fed by the worker's events (pure reducer).
import type { McpEvalMetrics, McpStepMetrics } from '../train/mcpMetrics';
import type { PhaseResult } from '../train/metrics';
import type { BaselineTask, CompareTable, EncoderInfo, PhaseTag, TrainEvent } from '../worker/protocol';
import { downsample, type Point } from './history';
import { MAX_POINTS } from './charts/palette';

export interface RecipeHistory {
  phase: PhaseTag | null;
  /** Steps done in the current phase. */
  phaseStep: number;
  mcpSteps: McpStepMetrics[];
  mcpEvals: McpEvalMetrics[];
  compare: CompareTable | null;
  /** The encoder this run saved at the end of pre-training. */
  savedEncoder: EncoderInfo | null;
  /** The bar: the logistic regression on the user summary, per task on the validation users (null without user summary inputs). */
  baseline: BaselineTask[] | null;
  /** The step the current phase ended with (early stopping's best, restored), once it has ended. */
  chosen: PhaseResult | null;
}

export const emptyRecipe = (): RecipeHistory => ({ phase: null, phaseStep: 0, mcpSteps: [], mcpEvals: [], compare: null, savedEncoder: null, baseline: null, chosen: null });

/** The history after `e`, or null when `e` is not about the recipe (nothing changes). */
export function reduceRecipe(h: RecipeHistory, e: TrainEvent): RecipeHistory | null {
  switch (e.kind) {
    case 'phase':
      // A new pre-training starts its own MCP curves; fine-tuning keeps them in view.
      return { ...h, phase: e.phase, phaseStep: 0, chosen: null, ...(e.phase.kind === 'pretrain' ? { mcpSteps: [], mcpEvals: [] } : {}) };
    case 'mcpStep':
      return { ...h, phaseStep: e.metrics.step, mcpSteps: [...h.mcpSteps, e.metrics] };
    case 'mcpEval':
      return { ...h, mcpEvals: [...h.mcpEvals, e.metrics] };
    case 'step':
      return e.phase ? { ...h, phaseStep: e.metrics.step } : null;
    case 'compare':
      return { ...h, compare: e.table };
    case 'encoder':
      return { ...h, savedEncoder: e.info };
    case 'baseline':
      return { ...h, baseline: e.tasks };
    case 'chosen':
      return { ...h, chosen: { step: e.step, restored: e.restored, metrics: e.metrics } };
    case 'fault':
      return e.fault.kind === 'nonFinite' && e.fault.restoredStep !== undefined ? backTo(h, e.fault.restoredStep) : null;
    default:
      return null;
  }
}

/** A non-finite step took the phase back to `step`: what came after it is gone (pre-training's curves too). */
function backTo(h: RecipeHistory, step: number): RecipeHistory {
  if (h.phase?.kind !== 'pretrain') return { ...h, phaseStep: step };
  return { ...h, phaseStep: step, mcpSteps: h.mcpSteps.filter((m) => m.step <= step), mcpEvals: h.mcpEvals.filter((m) => m.step <= step) };
}

export type McpMeasure = 'loss' | 'accuracy' | 'hitRate10';

/** One MCP measure per channel against step (training steps, or the validation evaluations). */
export function mcpSeries(points: (McpStepMetrics | McpEvalMetrics)[], measure: McpMeasure): Point[] {
  return downsample(
    points.map((m) => {
      const p: Point = { step: m.step };
      for (const c of m.channels) p[c.name] = c[measure];
      return p;
    }),
    MAX_POINTS,
  );
}

/** λ_k per step, from the steps that report λ. */
export function lambdaSeries(steps: { step: number; lambda?: number[] }[], taskNames: string[]): Point[] {
  return downsample(
    steps.flatMap((s) => {
      if (!s.lambda) return [];
      const p: Point = { step: s.step };
      taskNames.forEach((n, k) => (p[n] = s.lambda![k] ?? null));
      return [p];
    }),
    MAX_POINTS,
  );
}
