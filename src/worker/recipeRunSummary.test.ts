// A run on data with user summary inputs: the baseline is reported once (an event and a row of
// the compare table), and every phase that trains towers (training, fine-tuning after this
// run's pre-training or from the first model's encoder, each task alone) starts them at the
// regression fitted on the users its trainer trains on.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../data/dataset';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { fitTask, towerStart } from '../train/baseline';
import type { TrainingBatch } from '../train/batch';
import { earlyStopHoldout } from '../data/holdout';
import { summaryDataset } from '../test/summaryDataset';
import { RecipeRun } from './recipeRun';
import type { TrainEvent } from './protocol';

interface TowerValues {
  users: number[];
  w: number[];
  summary: number[];
  bias: number[];
}

const starts = vi.hoisted(() => [] as TowerValues[]);

// The towers as startTowersAtBaseline leaves them, before the phase's first step.
vi.mock('../train/baseline', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../train/baseline')>();
  return {
    ...actual,
    startTowersAtBaseline: (...args: Parameters<typeof actual.startTowersAtBaseline>) => {
      actual.startTowersAtBaseline(...args);
      const [model, , users] = args;
      const value = (name: string) => Array.from(model.params.entries().find(([n]) => n === name)![1].dataSync());
      starts.push({ users: Array.from(users), w: value('towers.w'), summary: value('towers.summary'), bias: value('towers.b') });
    },
  };
});

// Until the data layer's buildBatch fills SequenceBatch.userFeatures: the users' rows of
// Dataset.userFeatures, added when the batch has none (and freed with it).
vi.mock('../train/batch', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../train/batch')>();
  const withSummary = (d: Dataset, users: ArrayLike<number>, b: TrainingBatch): TrainingBatch => {
    if (b.userFeatures || !d.userFeatures) return b;
    const F = d.userFeatureNames!.length;
    const s = new Float32Array(users.length * F);
    Array.from(users).forEach((u, i) => u !== actual.NO_USER && s.set(d.userFeatures!.subarray(u * F, (u + 1) * F), i * F));
    return { ...b, userFeatures: tf.tensor2d(s, [users.length, F]) };
  };
  return {
    ...actual,
    buildBatch: (d: Dataset, users: ArrayLike<number>) => withSummary(d, users, actual.buildBatch(d, users)),
    disposeBatch: (b: TrainingBatch) => {
      if (b.userFeatures && !b.userFeatures.isDisposed) b.userFeatures.dispose();
      actual.disposeBatch(b);
    },
  };
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = summaryDataset({ users: 80, seqLen: 6, seed: 2 });
const split = { train: Int32Array.from({ length: 64 }, (_, i) => i), val: Int32Array.from({ length: 16 }, (_, i) => 64 + i) };

function spec(patch: (s: RunSpec) => void): RunSpec {
  const s = defaultSpec('software');
  s.model = { ...s.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference', towerInit: 'baseline', dropout: 0.2 };
  s.train = { ...s.train, steps: 2, batchSize: 8, evalEvery: 2 };
  s.pretrain = { ...s.pretrain, steps: 2 };
  patch(s);
  return s;
}

async function runAll(s: RunSpec): Promise<TrainEvent[]> {
  starts.length = 0;
  const events: TrainEvent[] = [];
  const run = await RecipeRun.create(s, dataset, split, { emit: (e) => events.push(e), encoders: null });
  while (!run.finished()) await run.advance();
  run.dispose();
  return events;
}

/** The towers each start should have given: the regressions on its users, the weights on H 0. */
function expectBaselineStart(start: TowerValues): void {
  const expected = towerStart(dataset.tasks.map((_, k) => fitTask(dataset, start.users, k)), 4);
  expect(start.w.every((w) => w === 0)).toBe(true);
  expect(start.summary).toEqual(Array.from(expected.summary));
  expect(start.bias).toEqual(Array.from(expected.bias));
}

describe('RecipeRun with user summary inputs', () => {
  it('compare with pre-training and alone runs: the baseline once, in every table; each phase\'s towers start at it; no tensor left', async () => {
    const before = tf.memory().numTensors;
    const events = await runAll(
      spec((s) => {
        s.finetune.from = 'pretrain';
        s.compare = { models: ['supermoe', 'mmoe'], alone: true };
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    const baselines = events.flatMap((e) => (e.kind === 'baseline' ? [e.tasks] : []));
    expect(baselines).toHaveLength(1);
    expect(events[0].kind).toBe('baseline');
    expect(baselines[0].map((t) => t.name)).toEqual(['likesKind3', 'bigSpender']);
    const tables = events.flatMap((e) => (e.kind === 'compare' ? [e.table] : []));
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) expect(t.baseline).toEqual(baselines[0].map(({ auc, recall }) => ({ auc, recall })));
    // SuperMoE fine-tuning, MMoE training, and each of the two tasks alone: each on the
    // training users but the early-stopping holdout (never fitted on: it chooses the step).
    expect(starts).toHaveLength(4);
    const trained = earlyStopHoldout(split.train, defaultSpec('software').train.earlyStopHoldout, defaultSpec().seed).train;
    for (const start of starts) {
      expect(start.users).toEqual(Array.from(trained));
      expectBaselineStart(start);
    }
  });

  it('bi-level λ: the towers start at the regression on the users left after the λ holdout', async () => {
    await runAll(spec((s) => (s.train.lambdaMode = 'bilevel')));
    expect(starts).toHaveLength(1);
    expect(starts[0].users.length).toBeLessThan(split.train.length);
    expectBaselineStart(starts[0]);
  });

  it('every evaluation reports each task\'s margin over the baseline on the same users, with its standard error', async () => {
    // Random towers: a model that ranks the users unlike the regression (at the regression's start it can rank them alike: margin 0, spread 0).
    const events = await runAll(
      spec((s) => {
        s.train.steps = 4;
        s.model.towerInit = 'random';
      }),
    );
    const baseline = events.flatMap((e) => (e.kind === 'baseline' ? e.tasks : []));
    const evals = events.flatMap((e) => (e.kind === 'eval' ? [e.metrics] : e.kind === 'chosen' ? [e.metrics] : []));
    expect(evals.length).toBeGreaterThan(2);
    let checked = 0;
    for (const m of evals) {
      m.tasks.forEach((t, k) => {
        const bar = baseline[k].auc;
        if (t.auc === null || bar === null) return expect(t.vsBaseline ?? null).toBeNull();
        expect(t.vsBaseline!.diff).toBeCloseTo(t.auc - bar, 12);
        expect(t.vsBaseline!.se).toBeGreaterThan(0);
        expect(t.vsBaseline!.se).toBeLessThan(0.5);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('towerInit \'random\' leaves the towers at their Glorot start', async () => {
    await runAll(spec((s) => (s.model.towerInit = 'random')));
    expect(starts).toHaveLength(0);
  });
});
