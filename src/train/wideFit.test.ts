// The value weights fitted as a regression (wideFit.ts): the bag of a user's window, the fit
// against scikit-learn's solution of the same problem, the offset, and the start of the towers.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_TOKEN, schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { WIDE_C } from '../model/wideIds';
import { defaultSpec } from '../run/runSpec';
import { expectClose } from '../test/expectClose';
import { disposeSummaryBatch, summaryBatch, summaryDataset } from '../test/summaryDataset';
import { tinyDataset } from '../test/tinyDataset';
import { baselineLogit, fitTask, startTowersAtBaseline } from './baseline';
import { runAdam } from './optimizer';
import { bagOfValues, fitWideIds, fitWideTask, wideObjective, type Bag, type WideTaskData } from './wideFit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the bag of values of a user\'s window', () => {
  it('counts each real event\'s value per channel, padding left out, the channels side by side (\'count\')', () => {
    // Two users, N = 3, channels kind (vocab 6) and item (vocab 22); user 0 has 2 real events.
    const d = { ...tinyDataset({ users: 2, seqLen: 3, seed: 1 }) };
    const t = FIRST_TOKEN;
    d.length = Int32Array.from([2, 3]);
    // [user][event][kind, item]; user 0's third event is padding (0, 0).
    d.tokens = Int32Array.from([t + 1, t + 5, t + 1, t + 7, 0, 0, t + 3, t + 5, t, t + 5, t + 3, t + 9]);
    const bag = bagOfValues(d, [1, 0], [0, 1], 'count');
    expect(bag.channelStart).toEqual([0, 6]);
    expect(bag.width).toBe(6 + 22);
    const rows = (i: number) => Array.from(bag.feature.subarray(bag.start[i], bag.start[i + 1])).map((f, a) => [f, bag.count[bag.start[i] + a]]);
    // User 1 first (the order of `users`): kinds t+3 ×2, t ×1; items t+5 ×2, t+9 ×1.
    expect(rows(0)).toEqual([[t, 1], [t + 3, 2], [6 + t + 5, 2], [6 + t + 9, 1]]);
    expect(rows(1)).toEqual([[t + 1, 2], [6 + t + 5, 1], [6 + t + 7, 1]]);
    // One channel only: its rows start at 0.
    expect(bagOfValues(d, [0], [1], 'count').feature).toEqual(Int32Array.from([t + 5, t + 7]));
  });

  it('holds each known value a user has once, without the unknown token or an OOV bucket (\'presence\')', () => {
    // Channel item: 20 values, then 2 hashed OOV buckets (tokens t + 20, t + 21).
    const base = tinyDataset({ users: 1, seqLen: 5, seed: 1 });
    const d = { ...base, discrete: [base.discrete[0], { ...base.discrete[1], vocabSize: FIRST_TOKEN + 22, oovBuckets: 2 }] };
    const t = FIRST_TOKEN;
    d.length = Int32Array.from([5]);
    // kind: t+1, t+1, t+2, t+1, t+2; item: t+4, t+4, OOV (1), bucket t+20, t+19.
    d.tokens = Int32Array.from([t + 1, t + 4, t + 1, t + 4, t + 2, 1, t + 1, t + 20, t + 2, t + 19]);
    const bag = bagOfValues(d, [0], [0, 1], 'presence');
    const held = Array.from(bag.feature).map((f, a) => [f, bag.count[a]]);
    expect(held).toEqual([[t + 1, 1], [t + 2, 1], [6 + t + 4, 1], [6 + t + 19, 1]]);
  });
});

/** logistic.test.ts's known data (60 users, 3 inputs) as a bag whose "counts" are the inputs. */
function knownAsBag(offset: number): WideTaskData {
  const n = 60;
  const F = 3;
  const start = Int32Array.from({ length: n + 1 }, (_, i) => i * F);
  const feature = Int32Array.from({ length: n * F }, (_, a) => a % F);
  const count = new Float64Array(n * F);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) count[i * F + j] = Math.sin(0.37 * (i + 1) * (j + 1) + j);
    y[i] = Math.sin(1.3 * i) + count[i * F] - 0.5 * count[i * F + 2] > 0.2 ? 1 : 0;
  }
  const bag: Bag = { start, feature, count, width: F, channelStart: [0] };
  return { bag, rows: Int32Array.from({ length: n }, (_, i) => i), offset: new Float64Array(n).fill(offset), y };
}

/** scikit-learn's LogisticRegression(C, newton-cg, tol 1e-12) on that data (logistic.test.ts). */
const SKLEARN = [
  { C: 1, coef: [1.5813542640460192, 0.42961265866888737, -0.69872799210243], intercept: -0.46741527270670563 },
  { C: 0.1, coef: [0.6354035106764504, 0.16722592666614883, -0.29929761655394266], intercept: -0.28058004295923317 },
];

describe('the value weights\' regression (L-BFGS)', () => {
  for (const { C, coef, intercept } of SKLEARN) {
    it(`C = ${C}: scikit-learn's coefficients; a fixed offset moves only the intercept's shift`, () => {
      for (const offset of [0, 1.25]) {
        const fit = fitWideTask(knownAsBag(offset), C);
        expect(fit.converged).toBe(true);
        expectClose(`weights at offset ${offset}`, fit.weights, coef, 1e-6);
        expect(fit.shift).toBeCloseTo(intercept - offset, 6);
      }
    });
  }

  it('the objective\'s gradient is its finite difference', () => {
    const t = knownAsBag(0.3);
    const theta = Float64Array.from([0.2, -0.4, 0.7, 0.1]);
    const g = new Float64Array(4);
    wideObjective(t, 0.5, theta, g);
    const h = 1e-6;
    theta.forEach((_, j) => {
      const up = theta.slice();
      const down = theta.slice();
      up[j] += h;
      down[j] -= h;
      const scratch = new Float64Array(4);
      const numeric = (wideObjective(t, 0.5, up, scratch) - wideObjective(t, 0.5, down, scratch)) / (2 * h);
      expect(g[j]).toBeCloseTo(numeric, 6);
    });
  });
});

describe('the towers start at the regression on the summary and the bag (model.wideFit)', () => {
  const d = summaryDataset({ users: 300, seqLen: 8, seed: 5 });
  const train = Int32Array.from({ length: 240 }, (_, i) => i);
  const K = d.tasks.length;
  const settings = { ...defaultSpec('software').model, dModel: 8, numBlocks: 1, numHeads: 2, numExperts: 3, ffnHidden: 12, kernels: 'reference' as const, towerInit: 'cann' as const, wideIds: true, wideFit: true };

  it('fits a value that carries the label, leaves a value no training user holds at 0, and a task without a regression at 0', () => {
    const fits = d.tasks.map((_, k) => fitTask(d, train, k)!);
    const offsets = fits.map((f, k) => (k === 1 ? null : (u: number) => baselineLogit(f, d, u)));
    const wide = fitWideIds(d, train, [0, 1], 'presence', offsets, WIDE_C);
    const kind = wide.tables[0];
    // Task 0 (likesKind3): kind 3 raises it; the summary's kind-3 share says much of it, the count the rest.
    expect(kind[(FIRST_TOKEN + 3) * K]).toBeGreaterThan(0);
    expect(kind[(FIRST_TOKEN + 3) * K]).toBeGreaterThan(Math.max(...[0, 1, 2].map((k) => kind[(FIRST_TOKEN + k) * K])));
    // Padding's row (token 0) and the OOV row (1) no event holds.
    for (const table of wide.tables) for (const token of [0, 1]) expect(table[token * K]).toBe(0);
    for (const table of wide.tables) for (let token = 0; token < table.length / K; token++) expect(table[token * K + 1]).toBe(0);
    expect(wide.shift[1]).toBe(0);
  });

  it('the first logits are the regression\'s on s plus the bag\'s, and training keeps both fixed', async () => {
    const m = buildModel(settings, schemaOf(d), 1);
    const before = tf.memory().numTensors;
    startTowersAtBaseline(m, d, train, true, true);
    expect(tf.memory().numTensors).toBe(before);
    const fits = d.tasks.map((_, k) => fitTask(d, train, k)!);
    const wide = fitWideIds(d, train, [0, 1], 'presence', fits.map((f) => (u: number) => baselineLogit(f, d, u)), WIDE_C);
    const users = [240, 251, 263, 299];
    const M = d.discrete.length;
    const expected = users.flatMap((u) =>
      fits.map((f, k) => {
        let z = baselineLogit(f, d, u) + wide.shift[k];
        // Each value the user holds once (every token of the tiny dataset is a known value).
        for (let c = 0; c < M; c++) {
          const held = new Set(Array.from({ length: d.length[u] }, (_, e) => d.tokens[(u * d.seqLen + e) * M + c]));
          for (const token of held) z += wide.tables[c][token * K + k];
        }
        return z;
      }),
    );
    const batch = summaryBatch(d, users);
    const logits = tf.tidy(() => m.forward(batch).logits);
    expectClose('first logits', await logits.data(), expected, 1e-5);
    logits.dispose();
    expect(m.towers.ids!.fixed).toBe(true);
    expect(m.towers.idsPenalty(1)).toBeNull();
    const tables = () => m.params.entries().filter(([n]) => n.startsWith('towers.wide.')).map(([, v]) => Array.from(v.dataSync()));
    const kept = tables();
    const optimizer = runAdam(defaultSpec('software').train, 10, m.params);
    const trainBatch = summaryBatch(d, Array.from(train.subarray(0, 32)));
    const y = tf.tensor2d(Array.from(train.subarray(0, 32)).flatMap((u) => [0, 1].map((k) => d.labels[u * K + k])), [32, K]);
    for (let step = 0; step < 3; step++) optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, m.forward(trainBatch, { training: true, step }).logits));
    expect(tables()).toEqual(kept);
    tf.dispose(y);
    [batch, trainBatch].forEach(disposeSummaryBatch);
    optimizer.dispose();
    m.dispose();
  });

  it('without model.wideFit (or with towers that are trained) the value tables start at 0 and train', () => {
    for (const [cann, fitValues] of [[true, false], [false, true]] as const) {
      const m = buildModel({ ...settings, towerInit: cann ? 'cann' : 'baseline' }, schemaOf(d), 1);
      startTowersAtBaseline(m, d, train, cann, fitValues);
      expect(m.towers.ids!.fixed).toBe(false);
      for (const [name, v] of m.params.entries()) if (name.startsWith('towers.wide.')) expect(v.dataSync().every((w) => w === 0)).toBe(true);
      m.dispose();
    }
  });
});
