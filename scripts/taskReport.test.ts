import { describe, expect, it } from 'vitest';
import type { EvalMetrics } from '../src/train/metrics';
import type { PhaseTag } from '../src/worker/protocol';
import { TaskReport } from './taskReport';

const phase = (kind: PhaseTag['kind']): PhaseTag => ({ kind, model: 'supermoe', alone: null, index: 0, count: 2, steps: 30, label: kind });
const metrics = (step: number, aucs: (number | null)[]): EvalMetrics => ({
  step,
  evalMs: 1,
  tasks: aucs.map((auc, k) => ({ name: `t${k}`, auc, oracleAuc: 0.9, loss: 0.5, labelled: 10, recall: [0.1, 0.2] })),
});

describe('headless final JSON: tasks', () => {
  it('reports the chosen step\'s validation metrics, the best AUC of the phase\'s evaluations per task, and the chosen step', () => {
    const r = new TaskReport();
    r.add({ kind: 'phase', phase: phase('train') });
    r.add({ kind: 'eval', metrics: metrics(10, [0.99, 0.5]), phase: phase('train') }); // another phase's, forgotten below
    r.add({ kind: 'phase', phase: phase('finetune') });
    r.add({ kind: 'eval', metrics: metrics(10, [0.7, null]), phase: phase('finetune') });
    r.add({ kind: 'eval', metrics: metrics(20, [0.8, 0.6]), phase: phase('finetune') });
    r.add({ kind: 'eval', metrics: metrics(30, [0.75, 0.65]), phase: phase('finetune') });
    r.add({ kind: 'chosen', step: 20, restored: true, metrics: metrics(20, [0.8, 0.6]), phase: phase('finetune') });
    expect(r.final()).toEqual({
      t0: { valAuc: 0.8, oracleAuc: 0.9, recallP85: 0.1, recallP50: 0.2, undefinedReason: undefined, bestValAuc: 0.8, chosenStep: 20 },
      t1: { valAuc: 0.6, oracleAuc: 0.9, recallP85: 0.1, recallP50: 0.2, undefinedReason: undefined, bestValAuc: 0.65, chosenStep: 20 },
    });
  });

  it('passes on each task\'s margin over the baseline where the evaluation has one', () => {
    const r = new TaskReport();
    const m = metrics(10, [0.8, 0.6]);
    m.tasks[0].vsBaseline = { diff: 0.01, se: 0.02 };
    m.tasks[1].vsBaseline = null;
    r.add({ kind: 'eval', metrics: m, phase: phase('train') });
    const f = r.final();
    expect(f.t0).toMatchObject({ valAuc: 0.8, vsBaseline: { diff: 0.01, se: 0.02 } });
    expect(f.t1).toMatchObject({ vsBaseline: null });
  });

  it('with per-task early stopping, each task reports the step its metrics come from', () => {
    const r = new TaskReport();
    r.add({ kind: 'eval', metrics: metrics(10, [0.7, 0.65]) });
    r.add({ kind: 'eval', metrics: metrics(20, [0.8, 0.6]) });
    r.add({ kind: 'chosen', step: 20, restored: false, metrics: metrics(20, [0.8, 0.65]), taskSteps: [20, 10] });
    expect(r.final()).toMatchObject({ t0: { valAuc: 0.8, bestValAuc: 0.8, chosenStep: 20 }, t1: { valAuc: 0.65, bestValAuc: 0.65, chosenStep: 10 } });
  });

  it('with the value weights, each task reports the values that raise and lower its logit most', () => {
    const r = new TaskReport();
    r.add({ kind: 'eval', metrics: metrics(10, [0.7, 0.65]) });
    const raises = [{ column: 'item', value: 'JUMBO BAG', weight: 0.4 }];
    const lowers = [{ column: 'country', value: 'France', weight: -0.1 }];
    r.add({ kind: 'chosen', step: 10, restored: false, metrics: metrics(10, [0.7, 0.65]), valueWeights: [{ task: 't0', raises, lowers }, { task: 't1', raises: [], lowers: [] }] });
    expect(r.final()).toMatchObject({ t0: { valueWeights: { raises, lowers } }, t1: { valueWeights: { raises: [], lowers: [] } } });
  });

  it('without a chosen step (an older app, a run cut short): the last evaluation, at its step', () => {
    const r = new TaskReport();
    r.add({ kind: 'eval', metrics: metrics(5, [0.6]) });
    expect(r.final().t0).toMatchObject({ valAuc: 0.6, bestValAuc: 0.6, chosenStep: 5 });
    expect(TaskReport.evalFields(metrics(5, [0.6]))).toEqual({});
  });
});
