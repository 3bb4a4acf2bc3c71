import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { tinyDataset } from '../test/tinyDataset';
import { schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { BilevelWeights } from './lambda';
import type { EvalMetrics } from './metrics';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tinySpec(overrides: Partial<RunSpec['model']> = {}): RunSpec {
  const spec = defaultSpec('software');
  spec.seed = 3;
  spec.model = { ...spec.model, dModel: 16, numBlocks: 1, numHeads: 2, numExperts: 4, ffnHidden: 32, kernels: 'reference', ...overrides };
  spec.train = { ...spec.train, batchSize: 16, learningRate: 1e-2 };
  return spec;
}

const dataset = tinyDataset({ users: 240, seqLen: 8, seed: 1 });
const split = { train: Int32Array.from({ length: 200 }, (_, i) => i), val: Int32Array.from({ length: 40 }, (_, i) => 200 + i) };
/** The same users, 30 of the training users held out for early stopping. */
const withHoldout = { train: split.train.subarray(0, 170), val: split.val, holdout: split.train.subarray(170) };

describe('Trainer', () => {
  it('reports every routed site with its expert load', async () => {
    const trainer = await Trainer.create(tinySpec(), dataset, split);
    const m = await trainer.step();
    expect(m.step).toBe(1);
    expect(m.routing.map((r) => r.site)).toEqual(['block0.msa.q', 'block0.msa.k', 'block0.msa.v', 'block0.ffn1', 'block0.ffn2']);
    for (const r of m.routing) {
      expect(r.counts).toHaveLength(4);
      expect(r.counts.reduce((a, b) => a + b, 0)).toBe(m.tokens);
      expect(r.dropped).toBeGreaterThanOrEqual(0);
    }
    expect(m.taskLoss.every((l) => l !== null && Number.isFinite(l))).toBe(true);
    expect(m.balanceLoss).toBeGreaterThan(0);
    expect(m.zLoss).toBeGreaterThan(0);
    expect(m.loss).toBeCloseTo(m.taskLoss[0]! + m.taskLoss[1]! + m.balanceLoss + m.zLoss, 4);
    trainer.dispose();
  });

  it('leaks no tensor across steps, an evaluation and an embedding', async () => {
    const trainer = await Trainer.create(tinySpec(), dataset, split);
    // Adam makes its moments on the first step; from the second, the guard's last good state holds a copy of them too.
    for (let i = 0; i < 2; i++) await trainer.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await trainer.step();
    await trainer.evaluate();
    await trainer.embed(split.val.subarray(0, 5));
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('early stopping: scores the holdout at each evaluation, keeps the best step and restores it at the end; the tensor count stays flat', async () => {
    const spec = tinySpec();
    spec.train = { ...spec.train, learningRate: 0.05, steps: 40, earlyStopPerTask: false };
    const before = tf.memory().numTensors;
    const trainer = await Trainer.create(spec, dataset, withHoldout);
    const evals: EvalMetrics[] = [];
    let kept = 0;
    for (let s = 1; s <= 40; s++) {
      await trainer.step();
      if (s % 4 !== 0) continue;
      evals.push(await trainer.evaluate());
      if (s === 4) kept = tf.memory().numTensors; // one checkpoint held from here on
      await trainer.embed(split.val.subarray(0, 5));
    }
    // The chosen step after each evaluation is the first with the best score so far.
    let best = -Infinity;
    let chosen = 0;
    for (const e of evals) {
      expect(e.earlyStop!.holdoutAuc).toHaveLength(2);
      if (e.earlyStop!.score! > best) [best, chosen] = [e.earlyStop!.score!, e.step];
      expect(e.earlyStop!.chosenStep).toBe(chosen);
      expect(e.earlyStop!.stop).toBe(false);
    }
    expect(chosen).toBeLessThan(40); // this run peaks before its end: the restore is exercised
    const result = await trainer.finish();
    expect(result).toMatchObject({ step: chosen, restored: true });
    expect(trainer.stepCount).toBe(chosen);
    // The restored weights are the chosen step's to the bit: the same validation metrics.
    expect(result.metrics.tasks).toEqual(evals.find((e) => e.step === chosen)!.tasks);
    await trainer.embed(split.val.subarray(0, 5));
    expect(tf.memory().numTensors).toBe(kept);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('weight averaging: evaluations score the average and early stopping keeps it; the phase ends on the weights it evaluated; no tensor leaks', async () => {
    const spec = tinySpec();
    spec.train = { ...spec.train, learningRate: 0.05, steps: 24, earlyStopPerTask: false, emaDecay: 0.9 };
    const before = tf.memory().numTensors;
    const trainer = await Trainer.create(spec, dataset, withHoldout);
    const plain = await Trainer.create({ ...spec, train: { ...spec.train, emaDecay: 0 } }, dataset, withHoldout);
    const evals: EvalMetrics[] = [];
    let kept = 0;
    for (let s = 1; s <= 24; s++) {
      const [a, b] = [await trainer.step(), await plain.step()];
      expect(a.loss).toBe(b.loss); // averaging never touches the trained weights
      if (s % 4 !== 0) continue;
      evals.push(await trainer.evaluate());
      const p = await plain.evaluate();
      expect(evals[evals.length - 1].tasks.map((t) => t.loss)).not.toEqual(p.tasks.map((t) => t.loss));
      if (s === 4) kept = tf.memory().numTensors;
      await trainer.embed(split.val.subarray(0, 5));
    }
    const result = await trainer.finish();
    // The phase's weights are the evaluated ones: the chosen evaluation's metrics to the bit.
    expect(result.metrics.tasks).toEqual(evals.find((e) => e.step === result.step)!.tasks);
    const again = await trainer.evaluate();
    expect(again.tasks).toEqual(result.metrics.tasks);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(kept + 1);
    trainer.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('per-task early stopping: each task reports the validation metrics of the step best on its own holdout AUC, from that step\'s weights; the joint step is kept', async () => {
    const spec = tinySpec();
    spec.train = { ...spec.train, learningRate: 0.05, steps: 40 };
    // A run whose two tasks peak at different steps (asserted below): without the wide part, whose
    // value weights lift both tasks together on this tiny log.
    spec.model = { ...spec.model, wideIds: false };
    const before = tf.memory().numTensors;
    const trainer = await Trainer.create(spec, dataset, withHoldout);
    const evals: EvalMetrics[] = [];
    for (let s = 1; s <= 40; s++) {
      await trainer.step();
      if (s % 4 === 0) evals.push(await trainer.evaluate());
    }
    // Per task, the first step with its best holdout AUC so far; jointly, the best mean.
    const firstBest = (value: (e: EvalMetrics) => number) => evals.reduce((a, e) => (value(e) > value(a) ? e : a)).step;
    const own = [0, 1].map((k) => firstBest((e) => e.earlyStop!.holdoutAuc[k]!));
    const joint = firstBest((e) => e.earlyStop!.score!);
    expect(evals.at(-1)!.earlyStop!.taskChosenSteps).toEqual(own);
    expect(own.some((s) => s !== joint)).toBe(true); // this run's tasks peak apart: a task's own step is exercised
    const result = await trainer.finish();
    expect(result.taskSteps).toEqual(own);
    expect(result.step).toBe(joint);
    // Each task's metrics are those its step was evaluated with (its weights restored to the bit).
    own.forEach((step, k) => expect(result.metrics.tasks[k]).toEqual(evals.find((e) => e.step === step)!.tasks[k]));
    // The phase keeps the joint step's weights.
    expect(trainer.stepCount).toBe(joint);
    expect((await trainer.evaluate()).tasks).toEqual(evals.find((e) => e.step === joint)!.tasks);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scoreStart: the model before its first step is a candidate of each task\'s own step (not of the joint one); a task kept there reports that model\'s metrics', async () => {
    const spec = tinySpec();
    // At rate 0 no step moves a weight: every evaluation ties the start, and a tie keeps the earlier step.
    spec.train = { ...spec.train, learningRate: 0, steps: 12, schedule: 'constant' };
    const before = tf.memory().numTensors;
    const untrained = await Trainer.create(spec, dataset, split);
    const atStart = (await untrained.evaluate()).tasks;
    untrained.dispose();
    const trainer = await Trainer.create(spec, dataset, withHoldout);
    const start = (await trainer.scoreStart())!;
    const evals: EvalMetrics[] = [];
    for (let s = 1; s <= 12; s++) {
      await trainer.step();
      if (s % 6 === 0) evals.push(await trainer.evaluate());
    }
    const own = [0, 1].map((k) => evals.reduce((a, e) => (e.earlyStop!.holdoutAuc[k]! > a.auc ? { step: e.step, auc: e.earlyStop!.holdoutAuc[k]! } : a), { step: 0, auc: start[k]! }).step);
    expect(own).toEqual([0, 0]);
    const result = await trainer.finish();
    expect(result.taskSteps).toEqual(own);
    expect(result.step).toBe(6);
    own.forEach((step, k) => expect(result.metrics.tasks[k]).toEqual(step === 0 ? atStart[k] : evals.find((e) => e.step === step)!.tasks[k]));
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('early stopping with a patience stops after that many evaluations without a better holdout score', async () => {
    const spec = tinySpec();
    spec.train = { ...spec.train, learningRate: 0.05, patience: 1 };
    const trainer = await Trainer.create(spec, dataset, withHoldout);
    const seen: EvalMetrics[] = [];
    while (!trainer.stopped) {
      for (let i = 0; i < 4; i++) await trainer.step();
      seen.push(await trainer.evaluate());
    }
    const last = seen.at(-1)!.earlyStop!;
    expect(last.stop).toBe(true);
    expect(last.score!).toBeLessThanOrEqual(seen.at(-2)!.earlyStop!.score!);
    expect((await trainer.finish()).step).toBe(last.chosenStep);
    trainer.dispose();
  });

  it('without a holdout an evaluation has no early-stopping part and the phase ends with the last step', async () => {
    const trainer = await Trainer.create(tinySpec(), dataset, split);
    await trainer.step();
    const ev = await trainer.evaluate();
    expect(ev.earlyStop).toBeUndefined();
    expect(await trainer.finish()).toEqual({ step: 1, restored: false, metrics: ev });
    trainer.dispose();
  });

  it('with the value weights, the phase\'s result names per task the values whose weights it learnt; no tensor leaks', async () => {
    const spec = tinySpec();
    spec.model = { ...spec.model, wideIds: true };
    spec.train = { ...spec.train, learningRate: 0.05 };
    const before = tf.memory().numTensors;
    const trainer = await Trainer.create(spec, dataset, split);
    for (let s = 0; s < 5; s++) await trainer.step();
    const result = await trainer.finish();
    expect(result.valueWeights!.map((t) => t.task)).toEqual(dataset.tasks.map((t) => t.name));
    const names = new Set(dataset.discrete.map((c) => c.name));
    for (const t of result.valueWeights!) {
      expect(t.raises.length + t.lowers.length).toBeGreaterThan(0);
      expect(t.raises.every((v, i) => v.weight > 0 && names.has(v.column) && (i === 0 || v.weight <= t.raises[i - 1].weight))).toBe(true);
      expect(t.lowers.every((v, i) => v.weight < 0 && names.has(v.column) && (i === 0 || v.weight >= t.lowers[i - 1].weight))).toBe(true);
    }
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible: the same seed gives the same losses', async () => {
    const run = async () => {
      const trainer = await Trainer.create(tinySpec(), dataset, split);
      const losses = [];
      for (let i = 0; i < 3; i++) losses.push((await trainer.step()).loss);
      trainer.dispose();
      return losses;
    };
    expect(await run()).toEqual(await run());
  });

  it('learns the rule: loss falls and validation AUC is well above chance', async () => {
    const trainer = await Trainer.create(tinySpec(), dataset, split);
    const losses: number[] = [];
    for (let i = 0; i < 80; i++) losses.push((await trainer.step()).loss);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-10))).toBeLessThan(0.85 * mean(losses.slice(0, 10)));
    const ev = await trainer.evaluate();
    expect(ev.step).toBe(80);
    const [kind3] = ev.tasks;
    expect(kind3.labelled).toBe(40);
    expect(kind3.oracleAuc).not.toBeNull();
    expect(kind3.auc!).toBeGreaterThan(0.75);
    expect(ev.tasks[1].labelled).toBeLessThan(40);
    expect(ev.tasks[1].loss).not.toBeNull();
    trainer.dispose();
  });

  it('embeds users as H rows of d_model', async () => {
    const trainer = await Trainer.create(tinySpec(), dataset, split);
    const users = Int32Array.from([3, 7, 200, 239, 5]);
    const H = await trainer.embed(users);
    expect(H).toHaveLength(users.length * 16);
    expect(H.every(Number.isFinite)).toBe(true);
    trainer.dispose();
  });

  it('trains the dense baseline (one expert) and dropless routing', async () => {
    for (const overrides of [{ type: 'dense' as const }, { routing: 'dropless' as const }]) {
      const trainer = await Trainer.create(tinySpec(overrides), dataset, split);
      const m = await trainer.step();
      expect(Number.isFinite(m.loss)).toBe(true);
      expect(m.routing.every((r) => r.dropped === 0)).toBe(true);
      trainer.dispose();
    }
  });

  it('trains the MMoE and PLE baselines with the same loop, and reports recall at P85 and P50', async () => {
    for (const type of ['mmoe', 'ple'] as const) {
      const trainer = await Trainer.create(tinySpec({ type }), dataset, split);
      const m = await trainer.step();
      expect(Number.isFinite(m.loss)).toBe(true);
      expect(m.routing).toEqual([]);
      const ev = await trainer.evaluate();
      expect(ev.tasks[0].recall).toHaveLength(2);
      trainer.dispose();
    }
  });

  it('bi-level λ: moves λ every R steps, keeps Σλ = K, and leaks no tensor', async () => {
    const spec = tinySpec();
    const model = buildModel(spec.model, schemaOf(dataset), spec.seed);
    const weights = new BilevelWeights(model, dataset, split.train.subarray(0, 180), split.train.subarray(180), [1, 1], { every: 2, beta: 1e4, eta: () => 1e-2, batchSize: 16, seed: 3 });
    const trainer = await Trainer.create(spec, dataset, { train: split.train.subarray(0, 180), val: split.val }, { model, weights });
    await trainer.step();
    const afterFirstUpdate = (await trainer.step()).lambda!; // step 2: the first λ update
    expect(afterFirstUpdate).not.toEqual([1, 1]);
    const before = tf.memory().numTensors;
    const seen: number[][] = [];
    for (let i = 0; i < 4; i++) seen.push((await trainer.step()).lambda!);
    expect(tf.memory().numTensors).toBe(before);
    expect(weights.lastInner).toHaveLength(2);
    expect(seen[0]).toEqual(afterFirstUpdate); // step 3: no update
    expect(seen[1]).not.toEqual(seen[0]); // step 4: updated
    for (const l of seen) expect(l[0] + l[1]).toBeCloseTo(2, 6);
    trainer.dispose();
  });
});
