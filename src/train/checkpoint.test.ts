// A checkpoint restores the weights and the optimiser's state of its step exactly (the same
// bits: moments, β powers, step count), on the cpu backend (separate m and v, the grouped
// fine-tuning optimiser too) and on WebGPU (interleaved moments of the WGSL kernels), and
// taking, restoring and replacing checkpoints leaves no tensor behind.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import type { UserModel } from '../model/userModel';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { tinyDataset } from '../test/tinyDataset';
import { useWebGpuBackend } from '../test/webgpuNode';
import type { OptimizerValues, RestorableOptimizer } from './checkpoint';
import { finetuneOptimizer } from './finetune';
import { runAdam } from './optimizer';
import { Trainer } from './trainer';

const dataset = tinyDataset({ users: 120, seqLen: 6, seed: 4 });
const split = { train: Int32Array.from({ length: 100 }, (_, i) => i), val: Int32Array.from({ length: 20 }, (_, i) => 100 + i) };

/** The WGSL routing on webgpu (the reference routing reads back synchronously, which Node's WebGPU cannot). */
function tinySpec(): RunSpec {
  const s = defaultSpec('software');
  s.model = { ...s.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: tf.getBackend() === 'webgpu' ? 'auto' : 'reference' };
  s.train = { ...s.train, steps: 20, batchSize: 8, learningRate: 1e-2, weightDecay: 0.1 };
  s.finetune = { ...s.finetune, encoder: 'lowerLr', encoderLrScale: 0.1 };
  return s;
}

async function weightsOf(model: UserModel): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of model.params.entries()) out.set(name, (await v.data()) as Float32Array);
  return out;
}

function expectSameState(a: OptimizerValues, b: OptimizerValues): void {
  expect(a.step).toBe(b.step);
  expect(a.betaPowers).toEqual(b.betaPowers);
  expect([...a.moments.keys()]).toEqual([...b.moments.keys()]);
  for (const [name, m] of a.moments) {
    expect(Array.from(m.m), `m of ${name}`).toEqual(Array.from(b.moments.get(name)!.m));
    expect(Array.from(m.v), `v of ${name}`).toEqual(Array.from(b.moments.get(name)!.v));
  }
}

/** Trains 3 steps, checkpoints, trains 3 more, restores: weights, moments, β powers and step are those of step 3. */
async function restoresExactly(optimizerFor: (model: UserModel, spec: RunSpec) => RestorableOptimizer): Promise<void> {
  const spec = tinySpec();
  const model = buildModel(spec.model, schemaOf(dataset), spec.seed);
  const optimizer = optimizerFor(model, spec);
  const trainer = await Trainer.create(spec, dataset, split, { model, optimizer });
  for (let i = 0; i < 3; i++) await trainer.step();
  const checkpoint = trainer.checkpoint();
  const [weights, state] = [await weightsOf(model), await optimizer.readState()];
  expect(state.step).toBe(3);
  for (let i = 0; i < 3; i++) await trainer.step();
  const moved = await weightsOf(model);
  expect(Array.from(moved.get('towers.w')!)).not.toEqual(Array.from(weights.get('towers.w')!));
  trainer.restore(checkpoint);
  expect(trainer.stepCount).toBe(3);
  expect(await weightsOf(model)).toEqual(weights);
  expectSameState(await optimizer.readState(), state);
  // Many cycles of checkpoint, step, restore and replace: the tensor count stays flat.
  const before = tf.memory().numTensors;
  let kept = checkpoint;
  for (let i = 0; i < 8; i++) {
    const next = trainer.checkpoint();
    await trainer.step();
    trainer.restore(i % 2 === 0 ? next : kept);
    kept.dispose();
    kept = next;
  }
  expect(tf.memory().numTensors).toBe(before);
  kept.dispose();
  trainer.dispose();
}

describe('Checkpoint', () => {
  it('restores weights and Adam state exactly on the cpu backend; no tensor grows over many cycles', async () => {
    await tf.setBackend('cpu');
    await restoresExactly((model, spec) => runAdam(spec.train, spec.train.steps, model.params));
  });

  it('restores both groups of the fine-tuning optimiser (encoder at a lower rate)', async () => {
    await tf.setBackend('cpu');
    await restoresExactly((model, spec) => finetuneOptimizer(model, spec)!);
  });

  it('restores the interleaved moments of the WGSL kernels on WebGPU', async () => {
    await useWebGpuBackend();
    await tf.setBackend('webgpu');
    await restoresExactly((model, spec) => runAdam(spec.train, spec.train.steps, model.params));
  });
});
