// The non-finite guard: it names the loss term or parameter that went bad, puts the weights and
// Adam's moments back to the last good step exactly (the same bits), lets training go on from
// there, and leaves a run without a non-finite value alone (clipping that never triggers is the
// same bits as no clipping).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import type { UserModel } from '../model/userModel';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { tinyDataset } from '../test/tinyDataset';
import { badGradient, badLossTerm, faultMessage, NonFiniteStepError } from './guard';
import { runAdam } from './optimizer';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 120, seqLen: 6, seed: 4 });
const split = { train: Int32Array.from({ length: 100 }, (_, i) => i), val: Int32Array.from({ length: 20 }, (_, i) => 100 + i) };

function tinySpec(clipNorm = 0): RunSpec {
  const s = defaultSpec('software');
  s.model = { ...s.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference' };
  s.train = { ...s.train, steps: 20, batchSize: 8, learningRate: 1e-2, clipNorm };
  return s;
}

async function weightsOf(model: UserModel): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const [name, v] of model.params.entries()) out.set(name, Array.from(await v.data()));
  return out;
}

/** Sets one entry of a parameter (a fault injected into the weights). */
function setEntry(model: UserModel, name: string, index: number, value: number): void {
  const v = model.params.entries().find(([n]) => n === name)![1];
  const values = v.dataSync().slice();
  values[index] = value;
  const t = tf.tensor(values, v.shape);
  v.assign(t);
  t.dispose();
}

describe('badLossTerm / badGradient', () => {
  const ok = { total: 1.2, balance: 0.01, z: 0.001, tasks: [{ name: 'churn', value: 0.6 }, { name: 'buys', value: 0.5 }] };

  it('finds nothing when every term is finite', () => {
    expect(badLossTerm(ok)).toBeNull();
    expect(badGradient([1, 2, 0], ['a', 'b', 'c'])).toBeNull();
  });

  it('names the task, the routing term, or the total that overflowed', () => {
    expect(badLossTerm({ ...ok, total: NaN, tasks: [ok.tasks[0], { name: 'buys', value: NaN }] })).toEqual({ term: 'task loss of buys', value: NaN });
    expect(badLossTerm({ ...ok, total: Infinity, z: Infinity })).toEqual({ term: 'z-loss', value: Infinity });
    expect(badLossTerm({ ...ok, total: NaN, balance: NaN })).toEqual({ term: 'balance loss', value: NaN });
    expect(badLossTerm({ ...ok, total: Infinity })).toEqual({ term: 'total loss', value: Infinity });
  });

  it('names the first parameter whose gradient is not finite (an overflowing Σg² too)', () => {
    expect(badGradient([1, Infinity, NaN], ['a', 'block0.ffn1.w1', 'c'])).toEqual({ term: 'gradient of block0.ffn1.w1', value: Infinity });
  });

  it('the message says what went bad, what was kept and what to change', () => {
    const m = faultMessage(7, 5, 'task loss of churn', NaN, { learningRate: 1, clipNorm: 0 });
    expect(m).toContain('step 7');
    expect(m).toContain('task loss of churn became NaN');
    expect(m).toContain('back at step 5');
    expect(m).toContain('lower the learning rate (now 1, try 0.1) or turn on gradient clipping');
    expect(faultMessage(3, 2, 'z-loss', Infinity, { learningRate: 0.5, clipNorm: 1 })).toContain('raise the z-loss weight');
  });
});

describe('Trainer with the guard', () => {
  it('a non-finite task loss: names the task, restores the weights and Adam moments of the last good step exactly, and training goes on', async () => {
    const spec = tinySpec();
    const model = buildModel(spec.model, schemaOf(dataset), spec.seed);
    const optimizer = runAdam(spec.train, spec.train.steps, model.params);
    const trainer = await Trainer.create(spec, dataset, split, { model, optimizer });
    for (let i = 0; i < 2; i++) await trainer.step();
    const [weights, state] = [await weightsOf(model), await optimizer.readState()];
    await trainer.step();
    const tensors = tf.memory().numTensors;
    // Step 4 starts from weights whose second task's bias is NaN: its loss (and the total) is NaN.
    setEntry(model, 'towers.b', 1, NaN);
    const error = await trainer.step().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteStepError);
    const fault = (error as NonFiniteStepError).fault;
    expect(fault).toMatchObject({ step: 4, restoredStep: 2, term: 'task loss of bigSpender' });
    expect(Number.isNaN(fault.value)).toBe(true);
    // Back at step 2: weights, moments, β powers and step count, the same bits.
    expect(trainer.stepCount).toBe(2);
    expect(await weightsOf(model)).toEqual(weights);
    const now = await optimizer.readState();
    expect(now.step).toBe(state.step);
    expect(now.betaPowers).toEqual(state.betaPowers);
    for (const [name, m] of state.moments) {
      expect(Array.from(now.moments.get(name)!.m), `m of ${name}`).toEqual(Array.from(m.m));
      expect(Array.from(now.moments.get(name)!.v), `v of ${name}`).toEqual(Array.from(m.v));
    }
    // Resumable: the next step is step 3 again, finite, and nothing leaked.
    const next = await trainer.step();
    expect(next.step).toBe(3);
    expect(Number.isFinite(next.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.dispose();
  });

  it('a NaN at the very first step goes back to the initial weights', async () => {
    const spec = tinySpec();
    const trainer = await Trainer.create(spec, dataset, split);
    const initial = await weightsOf(trainer.model);
    setEntry(trainer.model, 'towers.b', 0, Infinity);
    const error = (await trainer.step().catch((e: unknown) => e)) as NonFiniteStepError;
    expect(error.fault).toMatchObject({ step: 1, restoredStep: 0, term: 'task loss of likesKind3' });
    expect(trainer.stepCount).toBe(0);
    const after = await weightsOf(trainer.model);
    expect(after.get('towers.b')![0]).toBe(Infinity);
    after.delete('towers.b');
    initial.delete('towers.b');
    expect(after).toEqual(initial);
    trainer.dispose();
  });

  it('measures the gradient norm every 10th step without clipping, every step with it', async () => {
    const off = await Trainer.create(tinySpec(0), dataset, split);
    const norms: (number | undefined)[] = [];
    for (let i = 0; i < 10; i++) norms.push((await off.step()).gradNorm);
    expect(norms.slice(0, 9).every((n) => n === undefined)).toBe(true);
    expect(norms[9]).toBeGreaterThan(0);
    off.dispose();
    const on = await Trainer.create(tinySpec(1), dataset, split);
    expect((await on.step()).gradNorm).toBeGreaterThan(0);
    on.dispose();
  });

  it('clipping that never triggers gives the same bits as no clipping; a tight clip changes the step', async () => {
    const run = async (clipNorm: number) => {
      const t = await Trainer.create(tinySpec(clipNorm), dataset, split);
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) losses.push((await t.step()).loss);
      const w = await weightsOf(t.model);
      t.dispose();
      return { losses, w };
    };
    const [off, loose, tight] = [await run(0), await run(1e6), await run(1e-4)];
    expect(loose).toEqual(off);
    expect(tight.losses[0]).toBe(off.losses[0]);
    expect(tight.w.get('towers.w')).not.toEqual(off.w.get('towers.w'));
  });

  it('a state exported at a step and imported into a fresh trainer of the same run goes on with the same steps (a restarted worker)', async () => {
    const spec = tinySpec();
    const first = await Trainer.create(spec, dataset, split);
    for (let i = 0; i < 3; i++) await first.step();
    const kept = (await first.exportState())!;
    expect(kept.step).toBe(3);
    const next: number[] = [];
    for (let i = 0; i < 2; i++) next.push((await first.step()).loss);
    first.dispose();
    const second = await Trainer.create(spec, dataset, split);
    second.importState(kept);
    expect(second.stepCount).toBe(3);
    const resumed: number[] = [];
    for (let i = 0; i < 2; i++) resumed.push((await second.step()).loss);
    expect(resumed).toEqual(next);
    second.dispose();
  });
});
