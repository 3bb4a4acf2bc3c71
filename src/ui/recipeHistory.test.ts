import { describe, expect, it } from 'vitest';
import type { McpStepMetrics } from '../train/mcpMetrics';
import type { PhaseTag } from '../worker/protocol';
import { emptyRecipe, lambdaSeries, mcpSeries, reduceRecipe } from './recipeHistory';

const tag = (kind: PhaseTag['kind'], index: number): PhaseTag => ({ kind, model: 'supermoe', alone: null, index, count: 2, steps: 3, label: kind });
const mcp = (step: number): McpStepMetrics => ({ step, loss: 1, balanceLoss: 0, zLoss: 0, tokens: 10, stepMs: 5, channels: [{ name: 'event_type', kind: 'category', loss: 2 / step, accuracy: 0.1 * step, hitRate10: null, masked: 3 }] });

describe('recipe history', () => {
  it('follows the phases: MCP curves start with pre-training and stay through fine-tuning', () => {
    let h = reduceRecipe(emptyRecipe(), { kind: 'phase', phase: tag('pretrain', 0) })!;
    h = reduceRecipe(h, { kind: 'mcpStep', metrics: mcp(1), phase: tag('pretrain', 0) })!;
    h = reduceRecipe(h, { kind: 'mcpStep', metrics: mcp(2), phase: tag('pretrain', 0) })!;
    expect(h.phaseStep).toBe(2);
    h = reduceRecipe(h, { kind: 'phase', phase: tag('finetune', 1) })!;
    expect(h.mcpSteps).toHaveLength(2);
    expect(h.phaseStep).toBe(0);
    expect(mcpSeries(h.mcpSteps, 'accuracy')).toEqual([{ step: 1, event_type: 0.1 }, { step: 2, event_type: 0.2 }]);
    expect(reduceRecipe(h, { kind: 'state', state: 'running', step: 3 })).toBeNull();
  });

  it('a non-finite step in pre-training drops the MCP points after the step it went back to', () => {
    let h = reduceRecipe(emptyRecipe(), { kind: 'phase', phase: tag('pretrain', 0) })!;
    for (const s of [1, 2, 3]) h = reduceRecipe(h, { kind: 'mcpStep', metrics: mcp(s), phase: tag('pretrain', 0) })!;
    h = reduceRecipe(h, { kind: 'mcpEval', metrics: { step: 2, channels: mcp(2).channels, evalMs: 1 }, phase: tag('pretrain', 0) })!;
    h = reduceRecipe(h, { kind: 'fault', fault: { kind: 'nonFinite', message: 'm', restart: false, step: 4, restoredStep: 1, term: 'MCP loss of event_type' } })!;
    expect(h.mcpSteps.map((m) => m.step)).toEqual([1]);
    expect(h.mcpEvals).toEqual([]);
    expect(h.phaseStep).toBe(1);
    // Other faults leave the recipe as it is.
    expect(reduceRecipe(h, { kind: 'fault', fault: { kind: 'deviceLost', message: 'm', restart: true } })).toBeNull();
  });

  it('keeps the baseline for the run and the chosen step per phase', () => {
    const baseline = [{ name: 'buys', auc: 0.75, recall: [0.1, 0.6] }];
    let h = reduceRecipe(emptyRecipe(), { kind: 'baseline', tasks: baseline })!;
    h = reduceRecipe(h, { kind: 'phase', phase: tag('train', 0) })!;
    const metrics = { step: 50, tasks: [], evalMs: 3 };
    h = reduceRecipe(h, { kind: 'chosen', step: 50, restored: true, metrics, phase: tag('train', 0) })!;
    expect(h.baseline).toEqual(baseline);
    expect(h.chosen).toEqual({ step: 50, restored: true, metrics });
    // The next phase (a compare's next model) has not chosen yet; the bar stays.
    h = reduceRecipe(h, { kind: 'phase', phase: tag('train', 1) })!;
    expect(h.chosen).toBeNull();
    expect(h.baseline).toEqual(baseline);
  });

  it('charts λ only from steps that report it', () => {
    expect(lambdaSeries([{ step: 1 }, { step: 2, lambda: [1.2, 0.8] }], ['a', 'b'])).toEqual([{ step: 2, a: 1.2, b: 0.8 }]);
  });
});
