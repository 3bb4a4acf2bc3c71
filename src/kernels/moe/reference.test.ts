import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../util/rng';
import { routedExperts } from './index';
import { routeTop1, SLOT_ALIGN } from './reference';
import type { ExpertWeights, RoutingOptions } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ref = (capacity: number | null): RoutingOptions => ({ capacity, path: 'reference' });

/** Projection experts that scale by e + 1, so an output tells which expert ran. */
function scalingExperts(E: number, d: number): ExpertWeights {
  const w = Array.from({ length: E }, (_, e) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? e + 1 : 0))));
  return { w1: tf.tensor3d(w), activation: 'none' };
}

// t0 e0 · t1 e0 · t2 e2 · t3 e0 · t4 padding · t5 e2 · t6 e2 · t7 tie e0/e2 (→ e0). Expert 1 gets none.
const LOGITS = [
  [3, 0, 1],
  [2, 1, 0],
  [0, 1, 4],
  [5, 0, 0],
  [9, 0, 0],
  [0, 0, 2],
  [1, 0, 3],
  [1, 0, 1],
];
const VALID = [1, 1, 1, 1, 0, 1, 1, 1];

describe('routeTop1', () => {
  it('counts, slots and drops: first come, first kept, padding not routed', async () => {
    const r = routeTop1(tf.tensor2d(LOGITS), tf.tensor1d(VALID), 2);
    expect(r.slots).toBe(SLOT_ALIGN);
    expect(Array.from(await r.expert.data())).toEqual([0, 0, 2, 0, 0, 2, 2, 0]);
    expect(Array.from(await r.counts.data())).toEqual([4, 0, 3]);
    expect(await r.dropped.data()).toEqual(new Int32Array([3]));
    expect(Array.from(await r.keep.data())).toEqual([1, 1, 1, 0, 0, 1, 0, 0]);
    const S = r.slots;
    expect(Array.from(await r.position.data())).toEqual([0, 1, 2 * S, 0, 0, 2 * S + 1, 0, 0]);
  });

  it('dropless keeps every valid token; slots cover the busiest expert', async () => {
    const r = routeTop1(tf.tensor2d(LOGITS), tf.tensor1d(VALID), null);
    expect(Array.from(await r.counts.data())).toEqual([4, 0, 3]);
    expect(await r.dropped.data()).toEqual(new Int32Array([0]));
    expect(Array.from(await r.keep.data())).toEqual([1, 1, 1, 1, 0, 1, 1, 1]);
    const S = r.slots;
    expect(Array.from(await r.position.data())).toEqual([0, 1, 2 * S, 2, 0, 2 * S + 1, 2 * S + 2, 3]);
  });

  it('all tokens to one expert: the first C are kept', async () => {
    const logits = tf.tensor2d([[0, 1], [0, 2], [0, 3], [0, 4], [0, 5]]);
    const r = routeTop1(logits, tf.ones([5]) as tf.Tensor1D, 3);
    expect(Array.from(await r.counts.data())).toEqual([0, 5]);
    expect(await r.dropped.data()).toEqual(new Int32Array([2]));
    expect(Array.from(await r.keep.data())).toEqual([1, 1, 1, 0, 0]);
  });
});

describe('routedExperts (reference)', () => {
  it('y = gate · expert(x) for kept tokens, 0 for dropped and padding', async () => {
    const x = tf.tensor2d(LOGITS.map((_, t) => [t + 1, -(t + 1)]));
    const r = routedExperts(x, tf.tensor2d(LOGITS), tf.tensor1d(VALID), scalingExperts(3, 2), ref(2));
    const y = (await r.y.array()) as number[][];
    const probs = (await r.probs.array()) as number[][];
    const expert = [0, 0, 2, 0, 0, 2, 2, 0];
    const kept = [1, 1, 1, 0, 0, 1, 0, 0];
    y.forEach((row, t) => {
      const want = kept[t] ? probs[t][expert[t]] * (expert[t] + 1) * (t + 1) : 0;
      expect(row[0]).toBeCloseTo(want, 5);
      expect(row[1]).toBeCloseTo(-want, 5);
    });
    expect(Array.from(await r.counts.data())).toEqual([4, 0, 3]);
    expect(r.counts.dtype).toBe('int32');
    expect(await r.dropped.data()).toEqual(new Int32Array([3]));
  });

  it('matches a plain per-token computation of the semantics (FFN experts, random case)', async () => {
    const rng = createRng(11);
    const [T, d, E, h, dOut] = [13, 4, 3, 5, 3];
    const rand = (n: number) => Array.from({ length: n }, () => rng.normal());
    const xs = rand(T * d);
    const ls = rand(T * E).map((v) => 2 * v);
    const valid = Array.from({ length: T }, (_, t) => (t % 5 === 3 ? 0 : 1));
    const [w1, b1, w2, b2] = [rand(E * d * h), rand(E * h), rand(E * h * dOut), rand(E * dOut)];
    const experts: ExpertWeights = {
      w1: tf.tensor3d(w1, [E, d, h]),
      b1: tf.tensor2d(b1, [E, h]),
      w2: tf.tensor3d(w2, [E, h, dOut]),
      b2: tf.tensor2d(b2, [E, dOut]),
      activation: 'relu',
    };
    for (const capacity of [2, 4, null]) {
      const r = routedExperts(tf.tensor2d(xs, [T, d]), tf.tensor2d(ls, [T, E]), tf.tensor1d(valid), experts, ref(capacity));
      const want = plainMoE({ xs, ls, valid, w1, b1, w2, b2, T, d, E, h, dOut, capacity });
      const got = await r.y.data();
      want.y.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
      expect(Array.from(await r.counts.data())).toEqual(want.counts);
      expect((await r.dropped.data())[0]).toBe(want.dropped);
    }
  });

  it('one expert with room for all: the plain layer on real tokens', async () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const r = routedExperts(x, tf.zeros([3, 1]) as tf.Tensor2D, tf.tensor1d([1, 0, 1]), scalingExperts(1, 2), ref(null));
    expect(Array.from(await r.y.data())).toEqual([1, 2, 0, 0, 5, 6]);
    expect(Array.from(await r.counts.data())).toEqual([2]);
  });

  it('frees every intermediate tensor', () => {
    const before = tf.memory().numTensors;
    const r = routedExperts(tf.ones([8, 2]) as tf.Tensor2D, tf.tensor2d(LOGITS), tf.tensor1d(VALID), scalingExperts(3, 2), ref(null));
    // The inputs made above (x, logits, valid, w1) plus the four outputs.
    expect(tf.memory().numTensors - before).toBe(4 + 4);
    tf.dispose([r.y, r.probs, r.counts, r.dropped]);
  });
});

describe('routedExperts gradients (finite differences)', () => {
  it('matches central differences w.r.t. x, w1, b1, w2, b2 and the router logits', () => {
    const rng = createRng(5);
    const [T, d, E, h, dOut] = [6, 3, 2, 4, 2];
    const rand = (n: number, s = 1) => Array.from({ length: n }, () => s * rng.normal());
    // Logits with a clear winner per token, so that no perturbation flips a routing decision;
    // token 5 is padding and expert 0's third token is dropped by capacity 2.
    const winners = [0, 1, 0, 1, 0, 1];
    const ls = winners.flatMap((w) => (w === 0 ? [1 + rng.next(), -rng.next()] : [-rng.next(), 1 + rng.next()]));
    const inputs = {
      x: tf.tensor2d(rand(T * d), [T, d]),
      logits: tf.tensor2d(ls, [T, E]),
      w1: tf.tensor3d(rand(E * d * h, 0.7), [E, d, h]),
      // Positive pre-activations stay away from ReLU's kink under a small perturbation.
      b1: tf.tensor2d(rand(E * h).map((v) => 2 + 0.3 * v), [E, h]),
      w2: tf.tensor3d(rand(E * h * dOut, 0.7), [E, h, dOut]),
      b2: tf.tensor2d(rand(E * dOut), [E, dOut]),
    };
    const valid = tf.tensor1d([1, 1, 1, 1, 1, 0]);
    const R = tf.tensor2d(rand(T * dOut), [T, dOut]);
    const names = Object.keys(inputs) as (keyof typeof inputs)[];
    const loss = (...ts: tf.Tensor[]) => {
      const [x, logits, w1, b1, w2, b2] = ts;
      const experts: ExpertWeights = { w1: w1 as tf.Tensor3D, b1: b1 as tf.Tensor2D, w2: w2 as tf.Tensor3D, b2: b2 as tf.Tensor2D, activation: 'relu' };
      return tf.sum(tf.mul(routedExperts(x as tf.Tensor2D, logits as tf.Tensor2D, valid, experts, ref(2)).y, R));
    };
    const values = names.map((n) => inputs[n]);
    const grads = tf.grads(loss)(values).map((g) => g.dataSync());
    const eps = 1e-2;
    names.forEach((name, k) => {
      const base = values[k].dataSync().slice();
      for (let i = 0; i < base.length; i++) {
        const at = (delta: number) => {
          const v = base.slice();
          v[i] += delta;
          const shifted = values.map((t, j) => (j === k ? tf.tensor(v, t.shape) : t));
          return tf.tidy(() => loss(...shifted).dataSync()[0]);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        expect(Math.abs(grads[k][i] - numeric), `${name}[${i}]: analytic ${grads[k][i]} vs numeric ${numeric}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
      }
    });
    // Padding (t5) and the dropped token (t4, expert 0's third) get no gradient at all.
    const dx = grads[0];
    for (const t of [4, 5]) for (let j = 0; j < d; j++) expect(dx[t * d + j]).toBe(0);
  });
});

interface PlainCase {
  xs: number[];
  ls: number[];
  valid: number[];
  w1: number[];
  b1: number[];
  w2: number[];
  b2: number[];
  T: number;
  d: number;
  E: number;
  h: number;
  dOut: number;
  capacity: number | null;
}

/** The doc comment of routedExpertsReference, token by token in plain numbers. */
function plainMoE(c: PlainCase): { y: number[]; counts: number[]; dropped: number } {
  const y = new Array<number>(c.T * c.dOut).fill(0);
  const counts = new Array<number>(c.E).fill(0);
  let dropped = 0;
  for (let t = 0; t < c.T; t++) {
    if (!c.valid[t]) continue;
    const l = c.ls.slice(t * c.E, (t + 1) * c.E);
    let e = 0;
    for (let j = 1; j < c.E; j++) if (l[j] > l[e]) e = j;
    const slot = counts[e]++;
    if (c.capacity !== null && slot >= c.capacity) {
      dropped++;
      continue;
    }
    const m = Math.max(...l);
    const z = l.reduce((a, v) => a + Math.exp(v - m), 0);
    const gate = Math.exp(l[e] - m) / z;
    const hidden = Array.from({ length: c.h }, (_, k) => {
      let s = c.b1[e * c.h + k];
      for (let i = 0; i < c.d; i++) s += c.xs[t * c.d + i] * c.w1[(e * c.d + i) * c.h + k];
      return Math.max(0, s);
    });
    for (let o = 0; o < c.dOut; o++) {
      let s = c.b2[e * c.dOut + o];
      for (let k = 0; k < c.h; k++) s += hidden[k] * c.w2[(e * c.h + k) * c.dOut + o];
      y[t * c.dOut + o] = gate * s;
    }
  }
  return { y, counts, dropped };
}
