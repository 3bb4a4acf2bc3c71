// The WGSL MoE kernels on a real WebGPU adapter (Dawn + SwiftShader in Node), checked against
// a float64 plain-JS oracle and against the tfjs-ops reference, forward and every gradient.
// Cases share shaders, so each pipeline compiles once for the whole file.
import * as tf from '@tensorflow/tfjs-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRng } from '../../../util/rng';
import { moeCpuReference, type MoeCase, type MoeData } from '../../../test/moeCpuReference';
import { onCpu, useWebGpuBackend } from '../../../test/webgpuNode';
import { routedExpertsReference } from '../reference';
import type { ExpertWeights, RoutedExperts, RoutingOptions } from '../types';
import { moeCombineUngated, moeDispatchGated, moeRoute } from './ops';
import { routeLayout } from './routeLayout';
import { routedExpertsKernel } from './routedExpertsKernel';

type RoutedFn = RoutedExperts;

interface Scenario extends MoeCase {
  name: string;
  seed: number;
  valid?: (t: number) => boolean;
  /** The tfjs reference's gate is tf.max(probs), whose gradient goes to every tied expert. */
  tiedLogits?: boolean;
  /** Replaces random logits, to force routing patterns. */
  logit?: (t: number, e: number) => number | undefined;
}

const PARAMS = ['x', 'logits', 'w1', 'b1', 'w2', 'b2'] as const;
type Param = (typeof PARAMS)[number];

interface Outcome {
  y: Float32Array;
  probs: Float32Array;
  counts: number[];
  dropped: number;
  grads: Partial<Record<Param, Float32Array>>;
}

function makeData(s: Scenario): MoeData {
  const rng = createRng(s.seed);
  const normal = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);
  const h = s.hidden ?? s.dOut;
  const logits = normal(s.tokens * s.experts, 2);
  if (s.logit) {
    for (let t = 0; t < s.tokens; t++) {
      for (let e = 0; e < s.experts; e++) {
        const v = s.logit(t, e);
        if (v !== undefined) logits[t * s.experts + e] = v;
      }
    }
  }
  const ffn = s.hidden !== undefined;
  return {
    x: normal(s.tokens * s.dIn, 1),
    logits,
    valid: Float32Array.from({ length: s.tokens }, (_, t) => (s.valid && !s.valid(t) ? 0 : 1)),
    w1: normal(s.experts * s.dIn * h, 1 / Math.sqrt(s.dIn)),
    b1: s.bias ? normal(s.experts * h, 0.5) : undefined,
    w2: ffn ? normal(s.experts * h * s.dOut, 1 / Math.sqrt(h)) : undefined,
    b2: ffn && s.bias ? normal(s.experts * s.dOut, 0.5) : undefined,
    dy: normal(s.tokens * s.dOut, 1),
  };
}

/** Forward outputs and the gradients of sum(y ⊙ dy) w.r.t. every float input. */
async function run(fn: RoutedFn, s: Scenario, data: MoeData): Promise<Outcome> {
  const h = s.hidden ?? s.dOut;
  const shapes: Record<Param, number[]> = {
    x: [s.tokens, s.dIn],
    logits: [s.tokens, s.experts],
    w1: [s.experts, s.dIn, h],
    b1: [s.experts, h],
    w2: [s.experts, h, s.dOut],
    b2: [s.experts, s.dOut],
  };
  const names = PARAMS.filter((p) => data[p === 'logits' ? 'logits' : p] !== undefined);
  const params = names.map((p) => tf.tensor(data[p] as Float32Array, shapes[p]));
  const valid = tf.tensor1d(data.valid);
  const dy = tf.tensor2d(data.dy, [s.tokens, s.dOut]);
  const opts: RoutingOptions = { capacity: s.capacity, path: 'auto' };
  const call = (ts: tf.Tensor[]) => {
    const get = (p: Param) => ts[names.indexOf(p)];
    const experts: ExpertWeights = {
      w1: get('w1') as tf.Tensor3D,
      b1: get('b1') as tf.Tensor2D | undefined,
      w2: get('w2') as tf.Tensor3D | undefined,
      b2: get('b2') as tf.Tensor2D | undefined,
      activation: s.relu ? 'relu' : 'none',
    };
    return fn(get('x') as tf.Tensor2D, get('logits') as tf.Tensor2D, valid, experts, opts);
  };

  const fwd = call(params);
  const outcome: Outcome = {
    y: (await fwd.y.data()) as Float32Array,
    probs: (await fwd.probs.data()) as Float32Array,
    counts: Array.from(await fwd.counts.data()),
    dropped: (await fwd.dropped.data())[0],
    grads: {},
  };
  expect(fwd.counts.dtype).toBe('int32');
  expect(fwd.dropped.dtype).toBe('int32');
  expect(fwd.dropped.shape).toEqual([]);
  tf.dispose([fwd.y, fwd.probs, fwd.counts, fwd.dropped]);

  // 0 · Σ logits keeps the logits on the tape where a path ignores them (one expert: gate 1).
  const loss = (...ts: tf.Tensor[]) => tf.add(tf.sum(tf.mul(call(ts).y, dy)), tf.mul(0, tf.sum(ts[1])));
  const grads = tf.grads(loss)(params);
  for (let i = 0; i < names.length; i++) outcome.grads[names[i]] = (await grads[i].data()) as Float32Array;
  tf.dispose([...grads, ...params, valid, dy]);
  return outcome;
}

/** Norm-wise relative error ‖a − b‖∞ / ‖b‖∞ (exact zeros expected where b is all zero). */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff * 1e10 : diff / scale;
}

function expectClose(what: string, actual: ArrayLike<number> | undefined, expected: ArrayLike<number> | undefined) {
  expect(actual, `${what} missing`).toBeDefined();
  expect(expected, `${what} missing in the reference`).toBeDefined();
  const err = relativeError(actual!, expected!);
  expect(err, `${what}: relative error ${err.toExponential(2)}`).toBeLessThanOrEqual(1e-4);
}

function expectSameOutcome(
  label: string,
  actual: Outcome,
  expected: Omit<Outcome, 'grads' | 'y' | 'probs'> & {
    y: ArrayLike<number>;
    probs: ArrayLike<number>;
    grads: Partial<Record<Param, ArrayLike<number>>>;
  },
  skip: Param[] = [],
) {
  expect(actual.counts, `${label}: counts`).toEqual(expected.counts);
  expect(actual.dropped, `${label}: dropped`).toBe(expected.dropped);
  expectClose(`${label}: y`, actual.y, expected.y);
  expectClose(`${label}: probs`, actual.probs, expected.probs);
  for (const p of PARAMS) {
    if (skip.includes(p) || (expected.grads[p] === undefined && actual.grads[p] === undefined)) continue;
    expectClose(`${label}: d${p}`, actual.grads[p], expected.grads[p]);
  }
}


const ffn = { dIn: 8, hidden: 16, dOut: 8, relu: true, bias: true };
const scenarios: Scenario[] = [
  // 530 tokens on one expert: the weight and bias gradients split its rows in two.
  { name: 'E=1, 530 tokens, split segmented reductions', seed: 1, tokens: 530, experts: 1, capacity: null, ...ffn },
  {
    name: 'E=2, 300 tokens over two routing blocks, padding tokens',
    seed: 2,
    tokens: 300,
    experts: 2,
    capacity: null,
    valid: (t) => t % 7 !== 3,
    ...ffn,
  },
  { name: 'E=4, a single token', seed: 3, tokens: 1, experts: 4, capacity: null, ...ffn },
  {
    name: 'E=8, capacity overflow with padding',
    seed: 4,
    tokens: 50,
    experts: 8,
    capacity: 4,
    valid: (t) => t % 5 !== 0,
    ...ffn,
  },
  { name: 'E=64, most experts get no token', seed: 5, tokens: 40, experts: 64, capacity: null, ...ffn },
  { name: 'E=100 (a larger expert table), capacity 1', seed: 13, tokens: 90, experts: 100, capacity: 1, ...ffn },
  {
    name: 'all tokens to one expert',
    seed: 6,
    tokens: 70,
    experts: 4,
    capacity: null,
    // Not saturated (p ≈ 1 would leave float32 softmax gradients at cancellation noise).
    logit: (t, e) => (e === 2 ? 2 + 0.1 * (t % 5) : 0.3 * Math.sin(t + e)),
    ...ffn,
  },
  {
    name: 'all tokens to one expert, over capacity',
    seed: 7,
    tokens: 70,
    experts: 4,
    capacity: 16,
    logit: (t, e) => (e === 1 ? 2 + 0.1 * (t % 5) : 0.3 * Math.sin(t + e)),
    ...ffn,
  },
  {
    name: 'projection experts (w1, b1), odd output width, activation ignored',
    seed: 8,
    tokens: 45,
    experts: 4,
    capacity: null,
    dIn: 8,
    dOut: 6,
    relu: true,
    bias: true,
  },
  {
    name: 'FFN experts without biases, tied logits',
    seed: 9,
    tokens: 33,
    experts: 4,
    capacity: null,
    logit: (t) => (t % 4 === 0 ? 0.5 : undefined),
    tiedLogits: true,
    ...ffn,
    bias: false,
  },
  {
    name: 'wide FFN on vec4 loads: several column, depth and weight-gradient tiles',
    seed: 11,
    tokens: 70,
    experts: 3,
    capacity: null,
    dIn: 12,
    hidden: 132,
    dOut: 8,
    relu: true,
    bias: true,
  },
  {
    name: 'odd widths on scalar loads: several tiles, partial depth steps',
    seed: 12,
    tokens: 50,
    experts: 3,
    capacity: 20,
    dIn: 20,
    hidden: 70,
    dOut: 10,
    relu: true,
    bias: true,
  },
  { name: 'capacity 0 drops every token', seed: 10, tokens: 20, experts: 2, capacity: 0, ...ffn },
];

describe('routedExpertsKernel on WebGPU', () => {
  // Per test, not beforeAll: without an adapter every test must fail (a failed beforeAll
  // reports its tests as skipped).
  beforeEach(async () => {
    await useWebGpuBackend();
  });

  for (const s of scenarios) {
    it(`${s.name}: matches the float64 oracle and the tfjs reference`, async () => {
      const data = makeData(s);
      const oracle = moeCpuReference(s, data);
      const kernel = await run(routedExpertsKernel, s, data);
      expectSameOutcome('kernel vs oracle', kernel, oracle);
      // The reference cannot size a dispatch buffer for capacity 0 (tf.range with step 0).
      if (s.capacity !== 0) {
        const reference = await onCpu(() => run(routedExpertsReference, s, data));
        expectSameOutcome('kernel vs reference', kernel, reference, s.tiedLogits ? ['logits'] : []);
      }
    });
  }

  it('is repeatable bit for bit (outputs and gradients)', async () => {
    const s = scenarios[1];
    const data = makeData(s);
    const first = await run(routedExpertsKernel, s, data);
    const second = await run(routedExpertsKernel, s, data);
    const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bits(second.y).equals(bits(first.y))).toBe(true);
    for (const p of PARAMS) {
      const a = first.grads[p];
      const b = second.grads[p];
      if (a && b) expect(bits(b).equals(bits(a)), `d${p}`).toBe(true);
    }
  });

  it('dropless forward and backward read nothing back and leak no tensor', () => {
    const s = scenarios[3];
    const data = makeData({ ...s, capacity: null });
    const backend = tf.backend();
    const reads = { sync: 0, async: 0 };
    const readSync = backend.readSync.bind(backend);
    const read = backend.read.bind(backend);
    backend.readSync = (dataId) => {
      reads.sync++;
      return readSync(dataId);
    };
    backend.read = (dataId) => {
      reads.async++;
      return read(dataId);
    };
    const before = tf.memory().numTensors;
    try {
      tf.tidy(() => {
        const x = tf.tensor2d(data.x, [s.tokens, s.dIn]);
        const logits = tf.tensor2d(data.logits, [s.tokens, s.experts]);
        const valid = tf.tensor1d(data.valid);
        const w1 = tf.tensor3d(data.w1, [s.experts, s.dIn, 16]);
        const w2 = tf.tensor3d(data.w2!, [s.experts, 16, s.dOut]);
        const opts: RoutingOptions = { capacity: null, path: 'kernel' };
        const f = (a: tf.Tensor, l: tf.Tensor, v1: tf.Tensor, v2: tf.Tensor) =>
          tf.sum(routedExpertsKernel(a as tf.Tensor2D, l as tf.Tensor2D, valid, {
            w1: v1 as tf.Tensor3D,
            w2: v2 as tf.Tensor3D,
            activation: 'relu',
          }, opts).y);
        tf.grads(f)([x, logits, w1, w2]);
      });
    } finally {
      backend.readSync = readSync;
      backend.read = read;
    }
    expect(reads).toEqual({ sync: 0, async: 0 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees every GPU buffer it allocates inside its kernels', async () => {
    const s = scenarios[0];
    const data = makeData(s);
    // A read flushes tfjs-webgpu's deferred frees, so buffers are counted after it.
    const settle = async () => {
      const probe = tf.zeros([1]);
      await probe.data();
      probe.dispose();
      return tf.backend().numDataIds();
    };
    const before = await settle();
    await run(routedExpertsKernel, s, data);
    expect(await settle()).toBe(before);
  });

  it('trains like the reference under Adam (router, experts, load-balancing term on probs)', async () => {
    const [T, d, h, E] = [48, 8, 16, 4];
    const rng = createRng(31);
    const init = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);
    const start = {
      x: init(T * d, 1),
      target: init(T * d, 1),
      wr: init(d * E, 1),
      w1: init(E * d * h, 0.3),
      w2: init(E * h * d, 0.25),
    };
    const train = async (fn: RoutedFn) => {
      const x = tf.tensor2d(start.x, [T, d]);
      const target = tf.tensor2d(start.target, [T, d]);
      const valid = tf.ones([T]) as tf.Tensor1D;
      const wr = tf.variable(tf.tensor2d(start.wr, [d, E]));
      const w1 = tf.variable(tf.tensor3d(start.w1, [E, d, h]));
      const w2 = tf.variable(tf.tensor3d(start.w2, [E, h, d]));
      const optimizer = tf.train.adam(0.02);
      const losses: number[] = [];
      for (let step = 0; step < 6; step++) {
        const loss = optimizer.minimize(() => {
          const r = fn(x, tf.matMul(x, wr), valid, { w1, w2, activation: 'relu' }, { capacity: 16, path: 'auto' });
          const balance = tf.mul(E, tf.sum(tf.square(tf.mean(r.probs, 0))));
          return tf.add(tf.mean(tf.square(tf.sub(r.y, target))), tf.mul(0.1, balance)) as tf.Scalar;
        }, true);
        losses.push((await loss!.data())[0]);
        loss!.dispose();
      }
      optimizer.dispose();
      tf.dispose([x, target, valid, wr, w1, w2]);
      return losses;
    };
    const kernel = await train(routedExpertsKernel);
    const reference = await onCpu(() => train(routedExpertsReference));
    expect(kernel[5]).toBeLessThan(kernel[0]);
    kernel.forEach((loss, i) => expect(Math.abs(loss - reference[i]) / reference[i], `step ${i}`).toBeLessThan(1e-3));
  });

  it('registers gradients for the backward-only gated dispatch and ungated combine too', async () => {
    const [T, E, d, capacity] = [40, 4, 8, 6];
    const rng = createRng(21);
    const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    const [xv, logitsv, rv] = [rand(T * d), rand(T * E), rand(T * d)];
    const x = tf.tensor2d(xv, [T, d]);
    const logits = tf.tensor2d(logitsv, [T, E]);
    const r = tf.tensor2d(rv, [T, d]);
    const probs = tf.softmax(logits) as tf.Tensor2D;
    const route = moeRoute(logits, tf.ones([T]) as tf.Tensor1D, capacity);
    const routeData = await route.data();
    const probsData = await probs.data();
    const layout = routeLayout(T, E);
    const dest = (t: number) => routeData[layout.dest + t];
    const src = (row: number) => routeData[layout.src + row];
    const expert = (t: number) => routeData[layout.expert + t];

    const [dx, dProbs] = tf.grads((a: tf.Tensor, p: tf.Tensor) =>
      tf.sum(tf.mul(moeDispatchGated(a as tf.Tensor2D, route, p as tf.Tensor2D), r)),
    )([x, probs]);
    const [dPacked] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(moeCombineUngated(a as tf.Tensor2D, route), r)))([x]);

    const wantDx = new Float64Array(T * d);
    const wantDProbs = new Float64Array(T * E);
    const wantDPacked = new Float64Array(T * d);
    for (let t = 0; t < T; t++) {
      const row = dest(t);
      if (row < 0) continue;
      const gate = probsData[t * E + expert(t)];
      let dot = 0;
      for (let c = 0; c < d; c++) {
        wantDx[t * d + c] = gate * rv[row * d + c];
        dot += xv[t * d + c] * rv[row * d + c];
      }
      wantDProbs[t * E + expert(t)] = dot;
    }
    for (let row = 0; row < T; row++) {
      const t = src(row);
      if (t >= 0) for (let c = 0; c < d; c++) wantDPacked[row * d + c] = rv[t * d + c];
    }
    expectClose('gated dispatch: dx', await dx.data(), wantDx);
    expectClose('gated dispatch: dProbs', await dProbs.data(), wantDProbs);
    expectClose('ungated combine: dPacked', await dPacked.data(), wantDPacked);
    tf.dispose([x, logits, r, probs, route, dx, dProbs, dPacked]);
  });

  it('takes the valid mask as float32, int32 or bool', async () => {
    const s = scenarios[3];
    const data = makeData(s);
    const h = s.hidden ?? s.dOut;
    const outputs = await Promise.all(
      (['float32', 'int32', 'bool'] as const).map(async (dtype) => {
        const [y, counts] = tf.tidy(() => {
          const r = routedExpertsKernel(
            tf.tensor2d(data.x, [s.tokens, s.dIn]),
            tf.tensor2d(data.logits, [s.tokens, s.experts]),
            tf.tensor1d(Array.from(data.valid), dtype),
            { w1: tf.tensor3d(data.w1, [s.experts, s.dIn, h]), w2: tf.tensor3d(data.w2!, [s.experts, h, s.dOut]), activation: 'relu' },
            { capacity: s.capacity, path: 'kernel' },
          );
          return [r.y, r.counts];
        });
        const out = { y: Array.from(await y.data()), counts: Array.from(await counts.data()) };
        tf.dispose([y, counts]);
        return out;
      }),
    );
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  it('refuses to run on another backend', async () => {
    await tf.setBackend('cpu');
    try {
      const x = tf.zeros([2, 4]) as tf.Tensor2D;
      const w1 = tf.zeros([2, 4, 4]) as tf.Tensor3D;
      expect(() =>
        routedExpertsKernel(x, tf.zeros([2, 2]) as tf.Tensor2D, tf.ones([2]) as tf.Tensor1D, { w1, activation: 'none' }, {
          capacity: null,
          path: 'kernel',
        }),
      ).toThrow(/needs the 'webgpu' backend/);
    } finally {
      await tf.setBackend('webgpu');
    }
  });
});
