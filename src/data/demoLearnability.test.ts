// Is the demo learnable from what the model sees? A logistic regression on yes/no features
// read off the encoded Dataset (tokens, denormalised dense values), the kind a small
// transformer can compute, should come close to the oracle; the same regression on
// order-blind features (what occurs, not when) should not, or the demo would not need
// attention and positions.
import { describe, expect, it } from 'vitest';
import { exactAuc } from '../train/auc';
import type { Dataset, DenseChannel } from './dataset';
import { FIRST_TOKEN } from './dataset';
import { demoDataset } from './demo';
import { CATEGORIES, PREMIUM_CATEGORIES } from './demoCatalogue';
import { BIG_PURCHASE } from './demoFeatures';
import { LONG_PAUSE_DAYS, RECENT } from './demoSequence';
import { splitUsers } from './split';

interface Event {
  type: string;
  category: string;
  amount: number;
  /** Hours since the previous event; NaN for a user's first. */
  gap: number;
}

const denormalise = (c: DenseChannel, z: number) => {
  const t = z * c.std + c.mean;
  return c.transform === 'log1p' ? Math.expm1(t) : t;
};

function events(d: Dataset, u: number): Event[] {
  const D = d.discrete.length;
  const W = d.dense.length;
  const value = (name: string, slot: number) => {
    const j = d.discrete.findIndex((c) => c.name === name);
    return d.discrete[j].values[d.tokens[slot * D + j] - FIRST_TOKEN];
  };
  const dense = (name: string, slot: number) => {
    const j = d.dense.findIndex((c) => c.name === name);
    return denormalise(d.dense[j], d.denseValues[slot * W + j]);
  };
  return Array.from({ length: d.length[u] }, (_, p) => {
    const slot = u * d.seqLen + p;
    const gap = d.timeGapBucket[slot] === 0 ? NaN : dense('time_gap', slot);
    return { type: value('event_type', slot), category: value('category', slot), amount: dense('amount', slot), gap };
  });
}

const premium = new Set<string>(CATEGORIES.slice(0, PREMIUM_CATEGORIES));
const longPause = (e: Event) => e.gap > LONG_PAUSE_DAYS * 24;
const bit = (x: boolean) => (x ? 1 : 0);

/** Features a transformer can compute: which of two kinds of event came last, and what the last few events are. */
function sequenceFeatures(ev: Event[]): number[] {
  const last = (type: string) => ev.findLastIndex((e) => e.type === type);
  const recent = ev.slice(-RECENT);
  return [
    bit(last('cart') >= 0 && last('purchase') > last('cart')),
    bit(recent.filter((e) => premium.has(e.category)).length >= RECENT - 1),
    bit(ev.some((e) => e.type === 'return')),
    bit(recent.some(longPause)),
    bit(ev.some((e) => e.type === 'purchase' && e.amount >= BIG_PURCHASE)),
  ];
}

/** The same information without order: which events occur, and how often. */
function bagFeatures(ev: Event[]): number[] {
  const has = (type: string) => ev.some((e) => e.type === type);
  const premiumCount = ev.filter((e) => premium.has(e.category)).length;
  return [
    bit(has('cart')),
    bit(has('purchase')),
    premiumCount / ev.length,
    bit(premiumCount >= RECENT - 1),
    bit(has('return')),
    bit(ev.some(longPause)),
    bit(ev.some((e) => e.type === 'purchase' && e.amount >= BIG_PURCHASE)),
  ];
}

/** Logistic regression by full-batch gradient descent; returns the scoring function. */
function fitLogistic(x: number[][], y: number[], steps = 400, lr = 1): (f: number[]) => number {
  const w = new Array<number>(x[0].length + 1).fill(0);
  const score = (f: number[]) => f.reduce((s, v, j) => s + v * w[j], w[f.length]);
  for (let s = 0; s < steps; s++) {
    const g = new Array<number>(w.length).fill(0);
    x.forEach((f, i) => {
      const e = 1 / (1 + Math.exp(-score(f))) - y[i];
      f.forEach((v, j) => (g[j] += e * v));
      g[f.length] += e;
    });
    g.forEach((gj, j) => (w[j] -= (lr * gj) / x.length));
  }
  return score;
}

function auc(scores: number[], labels: number[]): number {
  const r = exactAuc(scores, labels);
  if (!r.defined) throw new Error(r.reason);
  return r.auc;
}

describe('demo learnability', () => {
  it('sequence features reach the oracle AUC; order-blind ones fall well short', () => {
    const d = demoDataset({ users: 4000, seqLen: 16, seed: 7 });
    const split = splitUsers(d.numUsers, 0.2, 7);
    const ev = Array.from({ length: d.numUsers }, (_, u) => events(d, u));
    const seq = ev.map(sequenceFeatures);
    const bag = ev.map(bagFeatures);
    const K = d.tasks.length;
    d.tasks.forEach((task, k) => {
      const labelled = (users: Int32Array) => Array.from(users).filter((u) => d.labelMask[u * K + k] > 0);
      const train = labelled(split.train);
      const val = labelled(split.val);
      const y = (users: number[]) => users.map((u) => d.labels[u * K + k]);
      const lrAuc = (features: number[][]) => {
        const score = fitLogistic(train.map((u) => features[u]), y(train));
        return auc(val.map((u) => score(features[u])), y(val));
      };
      const oracle = auc(val.map((u) => d.trueProb![u * K + k]), y(val));
      expect(lrAuc(seq), `${task.name}: sequence features vs oracle ${oracle.toFixed(3)}`).toBeGreaterThan(oracle - 0.02);
      expect(lrAuc(bag), `${task.name}: order-blind features vs oracle ${oracle.toFixed(3)}`).toBeLessThan(oracle - 0.05);
    });
  });
});
