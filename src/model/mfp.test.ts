// Split ID embeddings (README §Model 2.1): a vocabulary past a deliberately tiny shard size
// is stored as several tables, looks up the same rows as one table would, and trains.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGE_BUCKETS, schemaOf, shardCount } from '../data/dataset';
import { buildBatch, disposeBatch } from '../train/batch';
import { defaultSpec } from '../run/runSpec';
import { splitUsers } from '../data/split';
import { Trainer } from '../train/trainer';
import { tinyDataset } from '../test/tinyDataset';
import { createRng } from '../util/rng';
import { lookupSharded, MultiChannelFeatureProjection } from './mfp';
import { Params } from './params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sharded ID tables', () => {
  it('counts shards only for ID channels past the shard size', () => {
    expect(shardCount('id', 22, 8)).toBe(3);
    expect(shardCount('id', 8, 8)).toBe(1);
    expect(shardCount('category', 500, 8)).toBe(1);
    expect(shardCount('id', 1e6, undefined)).toBe(1);
  });

  it('looks up (shard, row) exactly as the whole table', async () => {
    const full = tf.tensor2d(Array.from({ length: 22 * 3 }, (_, i) => i), [22, 3]);
    const shards = [0, 8, 16].map((start) => tf.slice(full, [start, 0], [Math.min(8, 22 - start), 3]) as tf.Tensor2D);
    const tokens = tf.tensor1d([0, 7, 8, 15, 16, 21, 3, 20], 'int32');
    const got = tf.tidy(() => lookupSharded({ rows: 8, shards }, tokens));
    expect(await got.array()).toEqual(await tf.gather(full, tokens).array());
  });

  it('stores a large ID vocabulary as shard variables and trains it', async () => {
    const data = { ...tinyDataset({ users: 24, seqLen: 6, seed: 3 }), idShardRows: 8 };
    const schema = schemaOf(data);
    // The item channel has 22 rows: three shards of 8, 8 and 6 rows.
    expect(schema.discrete[1]).toMatchObject({ kind: 'id', vocabSize: 22 });
    const p = new Params(createRng(1));
    new MultiChannelFeatureProjection(p, schema, 16);
    expect(p.entries().filter(([n]) => n.startsWith('mfp.item.shard')).map(([n, v]) => [n, v.shape[0]])).toEqual([
      ['mfp.item.shard0', 8],
      ['mfp.item.shard1', 8],
      ['mfp.item.shard2', 6],
    ]);
    p.dispose();

    const spec = defaultSpec('software');
    spec.model = { ...spec.model, dModel: 16, numBlocks: 1, numHeads: 2, numExperts: 2, ffnHidden: 16, kernels: 'reference' };
    spec.train = { ...spec.train, batchSize: 12, learningRate: 0.02 };
    const trainer = await Trainer.create(spec, data, splitUsers(24, 0.25, 1));
    const shardVars = trainer.model.params.entries().filter(([n]) => n.includes('.shard')).map(([, v]) => v);
    expect(shardVars).toHaveLength(3);
    const before = shardVars.map((v) => v.dataSync().slice());
    const losses: number[] = [];
    for (let step = 0; step < 4; step++) losses.push((await trainer.step()).loss);
    expect(losses.every(Number.isFinite)).toBe(true);
    // Every shard received gradient: some of its rows moved.
    shardVars.forEach((v, i) => expect(Array.from(v.dataSync()).some((x, j) => Math.abs(x - before[i][j]) > 1e-6)).toBe(true));
    trainer.dispose();
  });
});

describe('event-age embedding', () => {
  const data = tinyDataset({ users: 8, seqLen: 6, seed: 4 });
  const shapes = (schema: ReturnType<typeof schemaOf>) => {
    const p = new Params(createRng(1));
    const mfp = new MultiChannelFeatureProjection(p, schema, 16);
    const out = p.entries().map(([n, v]) => [n, v.shape]);
    mfp.dispose();
    p.dispose();
    return out;
  };

  it('without ages builds the tables of a run before ages existed', () => {
    // Rows: kind (6) + item (22) + time-gap buckets (24) + positions (6); width: 4 tables of 8 + 1 dense.
    expect(shapes(schemaOf(data))).toEqual([
      ['mfp.tables', [58, 8]],
      ['mfp.projection', [33, 16]],
      ['mfp.norm.gain', [16]],
    ]);
  });

  it('with ages adds one table of AGE_BUCKETS rows and its slot in the projection, and reads batch.age', () => {
    const withAge = { ...data, ageBucket: Int32Array.from({ length: 8 * 6 }, (_, i) => (i * 7) % AGE_BUCKETS) };
    const schema = schemaOf(withAge);
    expect(schema.ageBuckets).toBe(AGE_BUCKETS);
    expect(shapes(schema).slice(0, 2)).toEqual([
      ['mfp.tables', [58 + AGE_BUCKETS, 8]],
      ['mfp.projection', [33 + 8, 16]],
    ]);
    const p = new Params(createRng(1));
    const mfp = new MultiChannelFeatureProjection(p, schema, 16);
    const users = [0, 1, 2];
    const a = buildBatch(withAge, users);
    // Other ages give other outputs: the age is read.
    const b = buildBatch({ ...withAge, ageBucket: withAge.ageBucket.map((x) => (x + 5) % AGE_BUCKETS) }, users);
    const [ya, yb] = [mfp.forward(a), mfp.forward(b)];
    expect(Math.max(...Array.from(tf.abs(tf.sub(ya, yb)).dataSync()))).toBeGreaterThan(1e-3);
    expect(() => mfp.forward({ ...a, age: undefined })).toThrow(/embeds event ages, but the batch has none/);
    tf.dispose([ya, yb]);
    disposeBatch(a);
    disposeBatch(b);
    mfp.dispose();
    p.dispose();
  });
});

describe('folded projection (scoring)', () => {
  const data = tinyDataset({ users: 8, seqLen: 6, seed: 4 });
  it('gives the projection of the concatenation when the tables are smaller than the lookups, and is not taken otherwise', () => {
    const withAge = { ...data, ageBucket: Int32Array.from({ length: 8 * 6 }, (_, i) => (i * 5) % AGE_BUCKETS) };
    const p = new Params(createRng(2));
    const mfp = new MultiChannelFeatureProjection(p, schemaOf(withAge), 16);
    // 8 users × 6 events × 5 channels = 240 lookups against 58 + AGE_BUCKETS table rows: folded.
    const all = buildBatch(withAge, [0, 1, 2, 3, 4, 5, 6, 7]);
    const [plain, folded] = [mfp.forward(all), mfp.forward(all, undefined, false)];
    const gap = Math.max(...Array.from(tf.abs(tf.sub(plain, folded)).dataSync()));
    expect(gap).toBeGreaterThan(0); // another summation order: not the same op
    expect(gap).toBeLessThan(1e-5);
    // 1 user: 30 lookups against more rows: the concatenation's projection, to the bit.
    const one = buildBatch(withAge, [3]);
    const [a, b] = [mfp.forward(one), mfp.forward(one, undefined, false)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([plain, folded, a, b]);
    disposeBatch(all);
    disposeBatch(one);
    mfp.dispose();
    p.dispose();
  });
});
