import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBatch, disposeBatch, NO_USER } from './batch';
import { EpochSampler } from './sampler';
import { tinyDataset } from '../test/tinyDataset';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const d = tinyDataset({ users: 10, seqLen: 6, seed: 2 });

describe('buildBatch', () => {
  it('copies the users, marks real events valid and counts them on the CPU', async () => {
    const b = buildBatch(d, [4, NO_USER, 1]);
    expect(b.tokens.shape).toEqual([3, 6, 2]);
    expect(b.dense.shape).toEqual([3, 6, 1]);
    const valid = (await b.valid.array()) as number[][];
    expect(valid[0].reduce((a, v) => a + v, 0)).toBe(d.length[4]);
    expect(valid[1].every((v) => v === 0)).toBe(true);
    expect(b.numValidTokens).toBe(d.length[4] + d.length[1]);
    const tokens = (await b.tokens.array()) as number[][][];
    expect(tokens[2][0]).toEqual([d.tokens[1 * 6 * 2], d.tokens[1 * 6 * 2 + 1]]);
    expect(b.labelled).toEqual([2, d.labelMask[4 * 2 + 1] + d.labelMask[1 * 2 + 1]]);
    const mask = (await b.labelMask.array()) as number[][];
    expect(mask[1]).toEqual([0, 0]);
    disposeBatch(b);
  });
});

describe('buildBatch with event ages and user features', () => {
  const F = 3;
  const withInputs = {
    ...d,
    ageBucket: Int32Array.from({ length: d.numUsers * d.seqLen }, (_, i) => i % 32),
    userFeatures: Float32Array.from({ length: d.numUsers * F }, (_, i) => i / 10),
    userFeatureNames: ['events', 'sessions', 'amount_sum'],
  };

  it('carries each user’s ages and summary row; a NO_USER row has zeros', async () => {
    const b = buildBatch(withInputs, [4, NO_USER, 1]);
    expect(b.age!.shape).toEqual([3, 6]);
    expect(b.userFeatures!.shape).toEqual([3, F]);
    const age = (await b.age!.array()) as number[][];
    expect(age[0]).toEqual(Array.from(withInputs.ageBucket.subarray(4 * 6, 5 * 6)));
    expect(age[1]).toEqual([0, 0, 0, 0, 0, 0]);
    const f = (await b.userFeatures!.array()) as number[][];
    expect(f[2]).toEqual(Array.from(withInputs.userFeatures.subarray(1 * F, 2 * F)));
    expect(f[1]).toEqual([0, 0, 0]);
    disposeBatch(b);
  });

  it('has neither without them, and disposes every tensor it made', () => {
    const before = tf.memory().numTensors;
    const plain = buildBatch(d, [0, 1]);
    expect([plain.age, plain.userFeatures]).toEqual([undefined, undefined]);
    disposeBatch(plain);
    disposeBatch(buildBatch(withInputs, [0, 1]));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('EpochSampler', () => {
  it('visits every training user once per epoch, in a seeded order, at a fixed batch size', () => {
    const users = Int32Array.from([0, 2, 4, 6, 8]);
    const a = new EpochSampler(users, 9);
    const b = new EpochSampler(users, 9);
    const first = [...a.next(3), ...a.next(2)];
    expect([...first].sort()).toEqual([0, 2, 4, 6, 8]);
    expect([...b.next(3), ...b.next(2)]).toEqual(first);
    expect(a.next(4)).toHaveLength(4);
  });
});
