import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import type { EncoderInfo } from '../train/encoderFile';
import { withUserSummary } from '../test/summaryDataset';
import { tinyDataset } from '../test/tinyDataset';
import { Trainer } from '../train/trainer';
import type { EncoderStore } from './encoderStore';
import { RecipeRun } from './recipeRun';
import type { TrainEvent } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 80, seqLen: 6, seed: 2 });
const split = { train: Int32Array.from({ length: 64 }, (_, i) => i), val: Int32Array.from({ length: 16 }, (_, i) => 64 + i) };

function memoryStore(): EncoderStore {
  const saved = new Map<string, { info: EncoderInfo; bytes: ArrayBuffer }>();
  return {
    save: async (info, bytes) => void saved.set(info.name, { info, bytes }),
    load: async (name) => saved.get(name)?.bytes ?? null,
    list: async () => [...saved.values()].map((s) => s.info),
    remove: async (name) => void saved.delete(name),
  };
}

function spec(patch: (s: RunSpec) => void): RunSpec {
  const s = defaultSpec('software');
  s.model = { ...s.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference' };
  s.train = { ...s.train, steps: 2, batchSize: 8, evalEvery: 2 };
  s.pretrain = { ...s.pretrain, steps: 2 };
  patch(s);
  return s;
}

/** Every event of the run `s`; `allSteps`: no phase stops early, so every planned step runs. */
async function runAll(s: RunSpec, encoders: EncoderStore, allSteps = true): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  const run = await RecipeRun.create(s, dataset, split, { emit: (e) => events.push(e), encoders });
  while (!run.finished()) await run.advance();
  if (allSteps) expect(run.stepCount).toBe(run.totalSteps);
  run.dispose();
  return events;
}

describe('RecipeRun', () => {
  it('pre-trains, saves the encoder, fine-tunes; a second run fine-tunes from the saved encoder; no tensor left', async () => {
    const store = memoryStore();
    const before = tf.memory().numTensors;
    const events = await runAll(spec((s) => (s.finetune.from = 'pretrain')), store);
    expect(events.filter((e) => e.kind === 'phase').map((e) => (e.kind === 'phase' ? e.phase.kind : ''))).toEqual(['pretrain', 'finetune']);
    expect(events.filter((e) => e.kind === 'mcpStep')).toHaveLength(2);
    expect(events.filter((e) => e.kind === 'step')).toHaveLength(2);
    const [saved] = await store.list();
    expect(saved.name).toMatch(/^mcp-supermoe-[0-9a-f]{8}$/);
    expect(events.some((e) => e.kind === 'encoder' && e.info.name === saved.name)).toBe(true);
    const again = await runAll(spec((s) => (s.finetune = { ...s.finetune, from: 'saved', saved: saved.name, encoder: 'frozen' })), store);
    expect(again.filter((e) => e.kind === 'step')).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(before);
    await expect(RecipeRun.create(spec((s) => (s.finetune = { ...s.finetune, from: 'saved', saved: 'nope' })), dataset, split, { emit: () => {}, encoders: store })).rejects.toThrow(/No saved encoder named “nope”/);
  });

  it('early stopping: every evaluation scores the holdout, and each training phase ends with a chosen step whose metrics (each task\'s from its own step) are its final evaluation', async () => {
    const events = await runAll(
      spec((s) => {
        s.train = { ...s.train, steps: 4, evalEvery: 1 };
        s.compare = { models: ['supermoe', 'mmoe'], alone: false };
      }),
      memoryStore(),
    );
    const evals = events.flatMap((e) => (e.kind === 'eval' ? [e] : []));
    expect(evals.every((e) => e.metrics.earlyStop?.holdoutAuc.length === 2)).toBe(true);
    const chosen = events.flatMap((e) => (e.kind === 'chosen' ? [e] : []));
    expect(chosen.map((c) => c.phase?.model)).toEqual(['supermoe', 'mmoe']);
    for (const c of chosen) {
      const phaseEvals = evals.filter((e) => e.phase?.model === c.phase?.model);
      expect(c.step).toBe(phaseEvals.at(-1)!.metrics.earlyStop!.chosenStep);
      expect(c.metrics.step).toBe(c.step);
      // Per-task early stopping (the default): task k's metrics are those of the step best for it.
      expect(c.taskSteps).toEqual(phaseEvals.at(-1)!.metrics.earlyStop!.taskChosenSteps);
      c.metrics.tasks.forEach((t, k) => expect(t).toEqual(phaseEvals.find((e) => e.metrics.step === c.taskSteps![k])!.metrics.tasks[k]));
    }
    const table = events.flatMap((e) => (e.kind === 'compare' ? [e.table] : [])).at(-1)!;
    expect(table.rows.map((r) => r.tasks.map((t) => t.auc))).toEqual(chosen.map((c) => c.metrics.tasks.map((t) => t.auc)));
  });

  it('cann: the model before the first step is scored on the holdout when training starts, not when the run is prepared, and stays a candidate of each task\'s step', async () => {
    const summary = withUserSummary(dataset);
    // At rate 0 no step moves a weight: every evaluation ties the start, and a tie keeps the earlier step.
    const s = spec((x) => {
      x.model.towerInit = 'cann';
      x.train = { ...x.train, learningRate: 0, schedule: 'constant', steps: 2, evalEvery: 1 };
    });
    const scored = vi.spyOn(Trainer.prototype, 'scoreStart');
    const events: TrainEvent[] = [];
    const run = await RecipeRun.create(s, summary, split, { emit: (e) => events.push(e), encoders: memoryStore() });
    expect(scored).not.toHaveBeenCalled(); // ready to train without a forward pass over the holdout
    while (!run.finished()) await run.advance();
    expect(scored).toHaveBeenCalledTimes(1);
    scored.mockRestore();
    run.dispose();
    const chosen = events.flatMap((e) => (e.kind === 'chosen' ? [e] : []));
    expect(chosen[0].taskSteps).toEqual([0, 0]);
  });

  it('without an early-stopping holdout, evaluations have no early-stopping part and the phase ends with its last step', async () => {
    const events = await runAll(spec((s) => (s.train.earlyStopHoldout = 0)), memoryStore());
    const evals = events.flatMap((e) => (e.kind === 'eval' ? [e.metrics] : []));
    expect(evals.every((e) => e.earlyStop === undefined)).toBe(true);
    const chosen = events.flatMap((e) => (e.kind === 'chosen' ? [e] : []));
    expect(chosen).toHaveLength(1);
    expect(chosen[0]).toMatchObject({ step: 2, restored: false, metrics: evals.at(-1) });
  });

  it('a patience ends a phase early and the run goes on to the next', async () => {
    const events = await runAll(
      spec((s) => {
        s.train = { ...s.train, steps: 30, evalEvery: 1, learningRate: 0.2, patience: 1 };
        s.compare = { models: ['supermoe', 'mmoe'], alone: false };
      }),
      memoryStore(),
      false,
    );
    const steps = events.flatMap((e) => (e.kind === 'step' && e.phase?.model === 'supermoe' ? [e.metrics.step] : []));
    expect(steps.length).toBeLessThan(30);
    expect(events.filter((e) => e.kind === 'chosen')).toHaveLength(2);
  });

  it('compare: one row per model type, then each task alone from the first model\'s pre-trained encoder', async () => {
    const events = await runAll(
      spec((s) => {
        s.finetune.from = 'pretrain';
        s.compare = { models: ['dense', 'ple'], alone: true };
      }),
      memoryStore(),
    );
    const tables = events.flatMap((e) => (e.kind === 'compare' ? [e.table] : []));
    const last = tables.at(-1)!;
    expect(last.rows.map((r) => [r.model, r.pretrained])).toEqual([['dense', true], ['ple', false]]);
    expect(last.alone?.model).toBe('dense');
    expect(last.alone?.tasks.every((t) => t !== null && t.recall.length === 2)).toBe(true);
    expect(events.some((e) => e.kind === 'encoder')).toBe(false); // a compare run keeps its encoders in memory
  });
});
