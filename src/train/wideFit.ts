// The value weights fitted as a regression (model.wideFit, README §Model 2.5): with the towers
// keeping the summary's regression fixed (towerInit 'cann'), the towers' weights per value
// (wideIds.ts) are the optimum of the same L2 prior and logistic loss the training would
// minimise with the network's part at 0 — a logistic regression on the bag of values of the
// user's window, its summary regression's logit as a fixed offset (C = WIDE_C) — found once by
// L-BFGS before the first step, and then kept fixed too.
//
// Why: trained by Adam from 0 they rose slowly and by noisy steps (each weight is seen in a few
// batches), so the step that early stopping kept on a 410-user holdout could catch the "buys a
// JUMBO item" task half-way (Online Retail seed 29: 0.756 kept, 0.785 at the run's best). A
// convex problem of a few thousand users is solved in well under a second; its optimum is
// there at step 0, and the network learns only what the summary and the bag miss.
import { FIRST_TOKEN, type Dataset } from '../data/dataset';
import type { WideBag } from '../model/wideIds';
import { minimiseLbfgs } from './lbfgs';
import { sigmoid, softplus } from './logistic';

/** The users' bags of values in compressed rows: user i holds features feature[start[i]..start[i+1]) `count` times each. */
export interface Bag {
  start: Int32Array;
  feature: Int32Array;
  count: Float64Array;
  /** Features in all: Σ over the channels of their rows. */
  width: number;
  /** Where each channel's rows start among the features. */
  channelStart: number[];
}

/**
 * The bag of (channel, value) of each of `users`' real events in its window, over `channels`
 * (indices among the discrete channels), as the towers' forward adds it up (wideIds.ts):
 * 'count', each event's token counted; 'presence', each known value the user holds once (no
 * padding, unknown or OOV-bucket token).
 */
export function bagOfValues(d: Dataset, users: ArrayLike<number>, channels: readonly number[], mode: WideBag): Bag {
  const N = d.seqLen;
  const M = d.discrete.length;
  const channelStart: number[] = [];
  let width = 0;
  for (const c of channels) {
    channelStart.push(width);
    width += d.discrete[c].vocabSize;
  }
  const start = new Int32Array(users.length + 1);
  const feature: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    const counts = new Map<number, number>();
    // Events are left-aligned: positions 0..length-1 are real, as the batch's valid mask says.
    const length = Math.min(N, d.length[u]);
    for (let e = 0; e < length; e++) {
      channels.forEach((c, ci) => {
        const token = d.tokens[(u * N + e) * M + c];
        if (mode === 'presence' && !(token >= FIRST_TOKEN && token < FIRST_TOKEN + d.discrete[c].values.length)) return;
        const f = channelStart[ci] + token;
        counts.set(f, mode === 'presence' ? 1 : (counts.get(f) ?? 0) + 1);
      });
    }
    for (const [f, n] of [...counts].sort((a, b) => a[0] - b[0])) {
      feature.push(f);
      count.push(n);
    }
    start[i + 1] = feature.length;
  }
  return { start, feature: Int32Array.from(feature), count: Float64Array.from(count), width, channelStart };
}

/** One task's regression data: the bag's rows `rows`, each with its fixed logit `offset` and label `y`. */
export interface WideTaskData {
  bag: Bag;
  rows: Int32Array;
  offset: Float64Array;
  y: Float64Array;
}

/**
 * ½‖w‖² + C·Σ_i [softplus(z_i) − y_i·z_i], z_i = offset_i + δ + Σ_j count_ij·w_j, over
 * θ = [w_1..w_P, δ] (the shift δ of the intercept is not penalised), with its gradient.
 */
export function wideObjective(t: WideTaskData, C: number, theta: Float64Array, gradient: Float64Array): number {
  const { bag, rows, offset, y } = t;
  const P = bag.width;
  let value = 0;
  for (let j = 0; j < P; j++) {
    value += 0.5 * theta[j] * theta[j];
    gradient[j] = theta[j];
  }
  gradient[P] = 0;
  rows.forEach((r, i) => {
    let z = offset[i] + theta[P];
    for (let a = bag.start[r]; a < bag.start[r + 1]; a++) z += bag.count[a] * theta[bag.feature[a]];
    value += C * (softplus(z) - y[i] * z);
    const residual = C * (sigmoid(z) - y[i]);
    gradient[P] += residual;
    for (let a = bag.start[r]; a < bag.start[r + 1]; a++) gradient[bag.feature[a]] += residual * bag.count[a];
  });
  return value;
}

export interface WideTaskFit {
  /** [bag.width] the weight of each feature. */
  weights: Float64Array;
  /** δ: what the intercept moves by beside them. */
  shift: number;
  converged: boolean;
}

/** The regression's optimum (weights and shift from 0). */
export function fitWideTask(t: WideTaskData, C: number): WideTaskFit {
  const P = t.bag.width;
  const fit = minimiseLbfgs((theta, g) => wideObjective(t, C, theta, g), new Float64Array(P + 1), { maxIterations: 1000 });
  return { weights: fit.x.slice(0, P), shift: fit.x[P], converged: fit.converged };
}

/** The value tables as the towers hold them: per channel a [rows, K] table (row-major), and per task the intercept's shift. */
export interface WideStart {
  tables: Float32Array[];
  shift: Float32Array;
}

/**
 * Per task k with a regression (`offsetOf[k]` gives user u's summary logit; null: no
 * regression, its weights stay 0), the value weights fitted on those of `users` labelled for k.
 */
export function fitWideIds(d: Dataset, users: ArrayLike<number>, channels: readonly number[], mode: WideBag, offsetOf: (((u: number) => number) | null)[], C: number): WideStart {
  const K = d.tasks.length;
  const bag = bagOfValues(d, users, channels, mode);
  const tables = channels.map((c) => new Float32Array(d.discrete[c].vocabSize * K));
  const shift = new Float32Array(K);
  offsetOf.forEach((offset, k) => {
    if (!offset) return;
    const rows = Int32Array.from(Array.from(users).flatMap((u, i) => (d.labelMask[u * K + k] > 0 ? [i] : [])));
    const data: WideTaskData = {
      bag,
      rows,
      offset: Float64Array.from(rows, (i) => offset(users[i])),
      y: Float64Array.from(rows, (i) => (d.labels[users[i] * K + k] > 0.5 ? 1 : 0)),
    };
    const fit = fitWideTask(data, C);
    channels.forEach((_, ci) => {
      const rowsOf = tables[ci].length / K;
      for (let token = 0; token < rowsOf; token++) tables[ci][token * K + k] = fit.weights[bag.channelStart[ci] + token];
    });
    shift[k] = fit.shift;
  });
  return { tables, shift };
}
