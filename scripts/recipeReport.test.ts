import { describe, expect, it } from 'vitest';
import type { PhaseTag } from '../src/worker/protocol';
import { RecipeReport } from './recipeReport';

const phase = (kind: PhaseTag['kind'], alone: number | null = null): PhaseTag => ({ kind, model: 'supermoe', alone, index: 0, count: 1, steps: 2, label: kind });
const step = (lambda: number[], alone: number | null = null) => ({
  kind: 'step' as const,
  metrics: { step: 1, loss: 1, taskLoss: [], balanceLoss: 0, zLoss: 0, routing: [], tokens: 1, stepMs: 1, lambda },
  phase: phase('train', alone),
});

describe('headless final JSON of a recipe run', () => {
  it('adds mcp per channel, the final λ of the joint run, and one compare entry per model type plus the alone row', () => {
    const r = new RecipeReport();
    const channel = { name: 'event_type', kind: 'category' as const, loss: 1.23456, accuracy: 0.5, hitRate10: null, masked: 9 };
    r.add({ kind: 'mcpEval', phase: phase('pretrain'), metrics: { step: 2, evalMs: 1, channels: [channel], reference: [{ ...channel, loss: 2.00004, accuracy: 0.25 }] } });
    r.add(step([1.5, 0.5]));
    r.add(step([2, 0], 0)); // an alone run's one-hot λ is not the run's λ
    const result = (auc: number) => ({ auc, recall: [0.25, 0.75] });
    r.add({
      kind: 'compare',
      table: {
        tasks: ['a', 'b'],
        rows: [
          { model: 'supermoe', pretrained: true, tasks: [result(0.8), result(0.7)], parameters: 10, stepMs: 5 },
          { model: 'mmoe', pretrained: false, tasks: [result(0.75), result(0.72)], parameters: 8, stepMs: 2 },
        ],
        alone: { model: 'supermoe', pretrained: true, tasks: [result(0.79), null] },
        oracle: [0.9, null],
        baseline: [result(0.78), result(0.71)],
      },
    });
    const f = r.final();
    expect(f.mcp).toEqual({ event_type: { kind: 'category', loss: 1.2346, accuracy: 0.5, hitRate10: null, masked: 9, byFrequency: { loss: 2, accuracy: 0.25, hitRate10: null } } });
    expect(f.lambda).toEqual([1.5, 0.5]);
    expect(Object.keys(f.compare!)).toEqual(['supermoe', 'mmoe', 'supermoe_alone', 'baseline', 'oracle']);
    expect(f.compare!.baseline).toMatchObject({ label: 'Logistic regression (user summary)', tasks: { a: { valAuc: 0.78 }, b: { valAuc: 0.71 } } });
    expect(f.compare!.mmoe).toMatchObject({ pretrained: false, tasks: { a: { valAuc: 0.75, recallP85: 0.25, recallP50: 0.75 } } });
    expect(f.compare!.supermoe_alone).toMatchObject({ tasks: { a: { valAuc: 0.79 }, b: null } });
  });

  it('has no compare entry for a single run', () => {
    expect('compare' in new RecipeReport().final()).toBe(false);
  });

  it('reports the baseline per task when the run has one, else nothing', () => {
    expect('baseline' in new RecipeReport().final()).toBe(false);
    const r = new RecipeReport();
    r.add({ kind: 'baseline', tasks: [{ name: 'a', auc: 0.7512, recall: [0.1, 0.9] }, { name: 'b', auc: null, undefinedReason: 'one class', recall: [null, null] }] });
    expect(r.final().baseline).toEqual({ a: { valAuc: 0.7512, recallP85: 0.1, recallP50: 0.9 }, b: { valAuc: null, recallP85: null, recallP50: null } });
  });
});
