// A tiny generated dataset with a learnable rule, for tests and benchmarks of training
// (the app's demo generator lives in data/). Task "likesKind3": users with more events of
// kind 3 are more often positive; task "bigSpender": users with a larger mean amount are,
// and a third of the users have no label for it (task indicator δ = 0).
import { FIRST_TOKEN, TIME_GAP_BUCKETS, type Dataset } from '../data/dataset';
import { createRng } from '../util/rng';

export interface TinyOptions {
  users: number;
  seqLen: number;
  seed: number;
}

const KINDS = 4;
const ITEMS = 20;

export function tinyDataset({ users, seqLen, seed }: TinyOptions): Dataset {
  const rng = createRng(seed).fork('tiny');
  const N = seqLen;
  const K = 2;
  const length = new Int32Array(users);
  const tokens = new Int32Array(users * N * 2);
  const denseValues = new Float32Array(users * N);
  const timeGapBucket = new Int32Array(users * N);
  const labels = new Float32Array(users * K);
  const labelMask = new Float32Array(users * K);
  const trueProb = new Float32Array(users * K);
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  for (let u = 0; u < users; u++) {
    const n = 2 + rng.int(N - 1);
    length[u] = n;
    let kind3 = 0;
    let amount = 0;
    for (let t = 0; t < n; t++) {
      const kind = rng.int(KINDS);
      kind3 += kind === 3 ? 1 : 0;
      tokens[(u * N + t) * 2] = FIRST_TOKEN + kind;
      tokens[(u * N + t) * 2 + 1] = FIRST_TOKEN + rng.int(ITEMS);
      const a = rng.normal();
      amount += a;
      denseValues[u * N + t] = a;
      timeGapBucket[u * N + t] = 1 + rng.int(TIME_GAP_BUCKETS - 1);
    }
    const p = [sigmoid(3 * (kind3 / n - 0.25) * 4), sigmoid(4 * (amount / n))];
    for (let k = 0; k < K; k++) {
      trueProb[u * K + k] = p[k];
      labels[u * K + k] = rng.next() < p[k] ? 1 : 0;
      labelMask[u * K + k] = k === 1 && rng.next() < 1 / 3 ? 0 : 1;
      if (labelMask[u * K + k] === 0) labels[u * K + k] = 0;
    }
  }
  const count = (k: number, f: (i: number) => boolean) => Array.from({ length: users }, (_, u) => u).filter((u) => labelMask[u * K + k] > 0 && f(u)).length;
  return {
    name: 'tiny',
    numUsers: users,
    seqLen: N,
    userIds: Array.from({ length: users }, (_, u) => `u${u}`),
    discrete: [
      { name: 'kind', kind: 'category', vocabSize: FIRST_TOKEN + KINDS, values: Array.from({ length: KINDS }, (_, i) => `k${i}`) },
      { name: 'item', kind: 'id', vocabSize: FIRST_TOKEN + ITEMS, values: Array.from({ length: ITEMS }, (_, i) => `i${i}`) },
    ],
    dense: [{ name: 'amount', kind: 'dense', mean: 0, std: 1, transform: 'standardise' }],
    tasks: [0, 1].map((k) => ({ name: ['likesKind3', 'bigSpender'][k], labelled: count(k, () => true), positives: count(k, (u) => labels[u * K + k] > 0) })),
    length,
    tokens,
    denseValues,
    timeGapBucket,
    labels,
    labelMask,
    trueProb,
  };
}
