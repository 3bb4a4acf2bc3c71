// Adam against tf.train.adam: on the cpu backend (the tfjs-ops path) and on a real WebGPU
// adapter (the WGSL kernels; Dawn + SwiftShader in Node), over several steps of a small
// least-squares problem with gradients of different scales per variable. With a schedule and
// AdamW's decay, against the same update written out in float64.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose } from '../test/expectClose';
import { useWebGpuBackend } from '../test/webgpuNode';
import { createRng } from '../util/rng';
import { Adam, type AdamOptions } from './adam';
import { learningRateSchedule } from './schedule';

const SHAPES = [[7, 5], [5], [3, 4, 6], [1]];
const STEPS = 6;

interface Problem {
  start: Float32Array[];
  targets: Float32Array[];
}

function problem(): Problem {
  const rng = createRng(5);
  const draw = (shape: number[], std: number) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => std * rng.normal());
  const start = SHAPES.map((s, i) => draw(s, 1 + i));
  return { start, targets: SHAPES.map((s, i) => draw(s, 10 ** (i - 2))) };
}

/** Variable values after STEPS steps of the optimiser `make` gives for the variables' tfjs names, from the same seeded start. */
async function train(make: (names: string[]) => tf.Optimizer): Promise<Float32Array[]> {
  const p = problem();
  const vars = SHAPES.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(p.start[i], s), true)));
  const targets = SHAPES.map((s, i) => tf.tensor(p.targets[i], s));
  const optimizer = make(vars.map((v) => v.name));
  for (let step = 0; step < STEPS; step++) {
    const loss = optimizer.minimize(() => tf.addN(vars.map((v, i) => tf.sum(tf.square(tf.sub(tf.mul(v, i + 1), targets[i]))))) as tf.Scalar, true);
    loss?.dispose();
  }
  const values = await Promise.all(vars.map((v) => v.data() as Promise<Float32Array>));
  tf.dispose([...vars, ...targets]);
  optimizer.dispose();
  return values;
}

/** The same STEPS steps in float64: Adam, the rate of each step from `rate`, decoupled decay on the variables `decays` picks. */
function reference(rate: (step: number) => number, decay: number, decays: (i: number) => boolean, beta1 = 0.9, beta2 = 0.999, eps = 1e-7): Float64Array[] {
  const p = problem();
  return p.start.map((start, i) => {
    const w = Float64Array.from(start);
    const m = new Float64Array(w.length);
    const v = new Float64Array(w.length);
    for (let t = 1; t <= STEPS; t++) {
      const eta = rate(t);
      for (let j = 0; j < w.length; j++) {
        const g = 2 * (i + 1) * ((i + 1) * w[j] - p.targets[i][j]);
        m[j] = beta1 * m[j] + (1 - beta1) * g;
        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
        const update = m[j] / (1 - beta1 ** t) / (Math.sqrt(v[j] / (1 - beta2 ** t)) + eps);
        w[j] = w[j] - (decays(i) ? eta * decay * w[j] : 0) - eta * update;
      }
    }
    return w;
  });
}

const schedule = learningRateSchedule({ learningRate: 0.05, schedule: 'cosine', warmup: 0.34 }, STEPS);
/** Decay on the matrices (variables 0 and 2), as decayedVariables picks them in a model. */
const adamW = (names: string[]): AdamOptions => ({ schedule, weightDecay: 0.5, decayed: new Set([names[0], names[2]]) });

describe('Adam', () => {
  it('is tf.train.adam on the cpu backend, bit for bit', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const mine = await train(() => new Adam(0.05));
    expect(tf.memory().numTensors).toBe(before);
    const theirs = await train(() => tf.train.adam(0.05));
    mine.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(theirs[i])));
  });

  it('keeps its hyper-parameters and ε', () => {
    const a = new Adam(0.01, { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    expect(a.getConfig()).toEqual({ learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0 });
    a.dispose();
  });

  it('on the cpu backend: the rate of each step from the schedule, and AdamW decay on the named variables only', async () => {
    await tf.setBackend('cpu');
    const mine = await train((names) => new Adam(0.05, adamW(names)));
    const expected = reference(schedule, 0.5, (i) => i === 0 || i === 2);
    mine.forEach((v, i) => expectClose(`variable ${i}`, v, expected[i], 1e-5));
    // Without the decay, the same schedule: the undecayed variables are the same bits.
    const undecayed = await train(() => new Adam(0.05, { schedule }));
    expect(Array.from(mine[1])).toEqual(Array.from(undecayed[1]));
    expect(Array.from(mine[0])).not.toEqual(Array.from(undecayed[0]));
  });

  describe('on WebGPU (WGSL kernels)', () => {
    beforeAll(async () => {
      await useWebGpuBackend();
    });

    it('matches tf.train.adam on the same adapter and on the cpu backend', async () => {
      await tf.setBackend('webgpu');
      const options = { beta1: 0.85, beta2: 0.995 };
      const before = tf.memory().numTensors;
      const fused = await train(() => new Adam(0.05, options));
      expect(tf.memory().numTensors).toBe(before);
      const tfjs = await train(() => tf.train.adam(0.05, 0.85, 0.995));
      await tf.setBackend('cpu');
      const cpu = await train(() => new Adam(0.05, options));
      await tf.setBackend('webgpu');
      fused.forEach((v, i) => {
        expectClose(`variable ${i} vs tf.train.adam on webgpu`, v, tfjs[i], 1e-6);
        expectClose(`variable ${i} vs the cpu backend`, v, cpu[i], 1e-6);
      });
    });

    it('with a schedule and AdamW decay: the ops path on cpu, and a weight decay of 0 is Adam to the bit', async () => {
      await tf.setBackend('webgpu');
      const fused = await train((names) => new Adam(0.05, adamW(names)));
      const zeroDecay = await train((names) => new Adam(0.05, { ...adamW(names), weightDecay: 0 }));
      const plain = await train(() => new Adam(0.05, { schedule }));
      await tf.setBackend('cpu');
      const cpu = await train((names) => new Adam(0.05, adamW(names)));
      await tf.setBackend('webgpu');
      fused.forEach((v, i) => expectClose(`variable ${i} vs the cpu backend`, v, cpu[i], 1e-6));
      zeroDecay.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(plain[i])));
      expect(Array.from(fused[1])).toEqual(Array.from(plain[1]));
    });
  });
});
