import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAD_TOKEN, schemaOf, type Dataset } from '../data/dataset';
import { TIME_GAP_CHANNEL } from '../data/channels';
import { McpHeads } from '../model/mcpHeads';
import { SuperMoE } from '../model/superMoE';
import { defaultSpec } from '../run/runSpec';
import { createRng } from '../util/rng';
import { maskBatch, mcpChannels, mcpClass } from './mcp';
import { NonFiniteStepError } from './guard';
import { McpPretrainer } from './pretrainer';
import { tinyDataset } from '../test/tinyDataset';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 240, seqLen: 8, seed: 1 });
const users = Int32Array.from({ length: 200 }, (_, i) => i);
const arr = async (t: tf.Tensor) => Array.from(await t.data());

function spec() {
  const s = defaultSpec('software');
  s.seed = 3;
  s.model = { ...s.model, dModel: 16, numBlocks: 1, numHeads: 2, numExperts: 2, ffnHidden: 16, kernels: 'reference' };
  s.train = { ...s.train, batchSize: 16, learningRate: 1e-2 };
  s.pretrain = { ...s.pretrain, steps: 30, maskRate: 0.3, channels: [] };
  return s;
}

describe('MCP masking', () => {
  it('masks the chosen channels only, at the rate, on real events only, and removes the values from the input', async () => {
    const channels = mcpChannels(dataset, ['item', 'amount'], 1000);
    expect(channels.map((c) => c.name)).toEqual(['item', 'amount']);
    const b = maskBatch(dataset, users, channels, 0.25, createRng(1));
    const [M, D, N] = [2, 1, 8];
    const some = (t: number) => users[Math.floor(t / N)] * N + (t % N);
    const tokens = await arr(b.inputs.tokens);
    const dense = await arr(b.inputs.dense);
    const targetMask = b.masked;
    const where = await arr(b.where);
    let real = 0;
    const masked = [0, 0];
    for (let t = 0; t < users.length * N; t++) {
      const u = Math.floor(t / N);
      const isReal = t % N < dataset.length[u];
      real += isReal ? 1 : 0;
      const original = dataset.tokens.subarray((u * N + (t % N)) * M, (u * N + (t % N) + 1) * M);
      // the unchosen 'kind' channel is never touched
      expect(tokens[t * M]).toBe(original[0]);
      expect(where[t * (M + 1)]).toBe(0);
      for (let i = 0; i < 2; i++) {
        if (targetMask[t * 2 + i] === 0) continue;
        expect(isReal).toBe(true);
        masked[i]++;
      }
      if (targetMask[t * 2] === 1) {
        expect(tokens[t * M + 1]).toBe(PAD_TOKEN);
        expect(where[t * (M + 1) + 1]).toBe(1);
      } else expect(tokens[t * M + 1]).toBe(original[1]);
      if (targetMask[t * 2 + 1] === 1) expect(dense[t * D]).toBe(0);
      else expect(dense[t * D]).toBe(dataset.denseValues[u * N + (t % N)]);
    }
    expect(b.counts).toEqual(masked);
    for (const n of masked) expect(Math.abs(n / real - 0.25)).toBeLessThan(0.05);
    // The heads read exactly the masked positions, with the original values as targets.
    const P = b.positions.shape[1];
    const positions = await arr(b.positions);
    const weights = await arr(b.slotWeights);
    const targets = await arr(b.targets);
    for (let i = 0; i < 2; i++) {
      const expected = Array.from({ length: users.length * N }, (_, t) => t).filter((t) => targetMask[t * 2 + i] === 1);
      expect(positions.slice(i * P, i * P + b.counts[i])).toEqual(expected);
      expect(weights.slice(i * P, (i + 1) * P).reduce((a, w) => a + w, 0)).toBe(b.counts[i]);
      expected.forEach((t, j) => {
        const slot = some(t);
        expect(targets[i * P + j]).toBeCloseTo(i === 0 ? dataset.tokens[slot * M + 1] : dataset.denseValues[slot], 6);
      });
    }
    b.dispose();
  });

  it('masks the time-gap bucket with the dense time_gap channel (its unmasked copy)', async () => {
    const withGap: Dataset = { ...dataset, dense: [{ ...dataset.dense[0], name: TIME_GAP_CHANNEL }] };
    const b = maskBatch(withGap, users.subarray(0, 20), mcpChannels(withGap, [TIME_GAP_CHANNEL], 1000), 0.5, createRng(2));
    const gap = await arr(b.inputs.timeGap);
    const targetMask = b.masked;
    const where = await arr(b.where);
    expect(b.counts[0]).toBeGreaterThan(0);
    targetMask.forEach((m, t) => {
      expect(where[t * 3 + 2]).toBe(m);
      if (m === 1) expect(gap[t]).toBe(0);
    });
    b.dispose();
  });

  it('caps large vocabularies: the rarer values share the last class', () => {
    const [kind, item] = mcpChannels(dataset, [], 8);
    expect(kind).toMatchObject({ classes: 6, capped: false });
    expect(item).toMatchObject({ classes: 8, capped: true });
    expect([mcpClass(item, 3), mcpClass(item, 6), mcpClass(item, 7), mcpClass(item, 21)]).toEqual([3, 6, 7, 7]);
    expect(() => mcpChannels(dataset, ['nope'], 8)).toThrow(/nope.*kind, item, amount/);
  });

  it('no leakage: the encoder output does not change with the true values at masked positions', async () => {
    const s = spec();
    const model = new SuperMoE(s.model, schemaOf(dataset), 1);
    const channels = mcpChannels(dataset, [], 1000);
    const heads = new McpHeads(channels, { discrete: 2, dense: 1, dModel: 16 }, 1);
    const some = users.subarray(0, 8);
    const encode = (d: Dataset) => {
      const b = maskBatch(d, some, channels, 0.4, createRng(9));
      const out = tf.tidy(() => {
        const { batch, masked } = heads.inputs(b);
        return model.encode(batch, masked).tokens;
      });
      const mask = b.masked;
      b.dispose();
      return { out, mask };
    };
    const a = encode(dataset);
    // Change every masked value (and nothing else) and encode with the same masks.
    const changed: Dataset = { ...dataset, tokens: dataset.tokens.slice(), denseValues: dataset.denseValues.slice() };
    const N = 8;
    let altered = 0;
    for (let t = 0; t < some.length * N; t++) {
      const slot = some[Math.floor(t / N)] * N + (t % N);
      if (a.mask[t * 3] === 1) changed.tokens[slot * 2] = 2 + ((changed.tokens[slot * 2] - 1) % 4);
      if (a.mask[t * 3 + 1] === 1) changed.tokens[slot * 2 + 1] = 2 + ((changed.tokens[slot * 2 + 1] + 5) % 20);
      if (a.mask[t * 3 + 2] === 1) changed.denseValues[slot] += 3;
      altered += a.mask[t * 3] + a.mask[t * 3 + 1] + a.mask[t * 3 + 2];
    }
    expect(altered).toBeGreaterThan(10);
    const b = encode(changed);
    expect(await arr(b.out)).toEqual(await arr(a.out));
    // …while an unmasked value does change it.
    const realUnmasked = (j: number) => j % 3 === 1 && a.mask[j] === 0 && ((j - 1) / 3) % N < dataset.length[some[Math.floor((j - 1) / 3 / N)]];
    const t0 = (Array.from(a.mask).findIndex((_, j) => realUnmasked(j)) - 1) / 3;
    const control: Dataset = { ...dataset, tokens: dataset.tokens.slice() };
    const slot = some[Math.floor(t0 / N)] * N + (t0 % N);
    control.tokens[slot * 2 + 1] = 2 + ((control.tokens[slot * 2 + 1] + 5) % 20);
    const c = encode(control);
    expect(await arr(c.out)).not.toEqual(await arr(a.out));
    tf.dispose([a.out, b.out, c.out]);
    heads.dispose();
    model.dispose();
  });
});

describe('MCP batches with event ages and user features', () => {
  it('carry them unmasked, and dispose them', async () => {
    const F = 2;
    const d = {
      ...dataset,
      ageBucket: Int32Array.from({ length: dataset.numUsers * dataset.seqLen }, (_, i) => 1 + (i % 30)),
      userFeatures: Float32Array.from({ length: dataset.numUsers * F }, (_, i) => i),
      userFeatureNames: ['events', 'sessions'],
    };
    const before = tf.memory().numTensors;
    const b = maskBatch(d, users.subarray(0, 4), mcpChannels(d, ['kind', 'amount'], 1000), 0.5, createRng(2));
    expect(await arr(b.inputs.age!)).toEqual(Array.from(d.ageBucket.subarray(0, 4 * 8)));
    expect(await arr(b.inputs.userFeatures!)).toEqual(Array.from(d.userFeatures.subarray(0, 4 * F)));
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('MCP pre-training', () => {
  it('lowers the MCP loss, reports every channel, leaves no tensor behind and leaves the towers alone', async () => {
    const s = spec();
    const model = new SuperMoE(s.model, schemaOf(dataset), s.seed);
    const towers = model.params.entries().find(([n]) => n === 'towers.w')![1].dataSync().slice();
    const pre = new McpPretrainer(s, dataset, { train: users, val: Int32Array.from({ length: 40 }, (_, i) => 200 + i) }, model);
    const first = await pre.step();
    expect(first.channels.map((c) => [c.name, c.kind])).toEqual([['kind', 'category'], ['item', 'id'], ['amount', 'dense']]);
    expect(first.channels[0].hitRate10).toBeNull(); // 6 classes: HR@10 says nothing
    expect(first.channels[1].hitRate10).not.toBeNull();
    const losses = [first.loss, (await pre.step()).loss];
    // From the second step on: the guard's last good state then holds Adam's moments (created by the first step).
    const before = tf.memory().numTensors;
    for (let i = 2; i < 30; i++) losses.push((await pre.step()).loss);
    const ev = await pre.evaluate();
    expect(tf.memory().numTensors).toBe(before);
    expect(ev.channels.every((c) => c.masked > 0 && Number.isFinite(c.loss!))).toBe(true);
    // Beside each channel, its frequency reference on the same masked positions, the same at every evaluation.
    expect(ev.reference?.map((c) => [c.name, c.masked])).toEqual(ev.channels.map((c) => [c.name, c.masked]));
    expect(ev.reference!.every((c) => Number.isFinite(c.loss!))).toBe(true);
    expect((await pre.evaluate()).reference).toEqual(ev.reference);
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
    expect(model.params.entries().find(([n]) => n === 'towers.w')![1].dataSync()).toEqual(towers);
    pre.dispose();
    model.dispose();
  });
});

describe('MCP pre-training with the guard', () => {
  it('a NaN in the encoder: names the MCP loss that went bad, puts encoder, heads and Adam back to the last good step, and goes on', async () => {
    const s = spec();
    const model = new SuperMoE(s.model, schemaOf(dataset), s.seed);
    const pre = new McpPretrainer(s, dataset, { train: users, val: Int32Array.from({ length: 40 }, (_, i) => 200 + i) }, model);
    for (let i = 0; i < 2; i++) await pre.step();
    const weights = await Promise.all(model.params.variables().map((v) => arr(v)));
    await pre.step();
    const tensors = tf.memory().numTensors;
    // Step 4 starts from an encoder whose output LayerNorm gain is NaN: every MCP loss is NaN.
    const gain = model.params.entries().find(([n]) => n === 'final.norm.gain')!;
    const poisoned = tf.fill(gain[1].shape, NaN);
    gain[1].assign(poisoned);
    poisoned.dispose();
    const error = (await pre.step().catch((e: unknown) => e)) as NonFiniteStepError;
    expect(error).toBeInstanceOf(NonFiniteStepError);
    expect(error.fault).toMatchObject({ step: 4, restoredStep: 2, term: 'MCP loss of kind' });
    expect(error.fault.message).toContain('back at step 2');
    expect(pre.stepCount).toBe(2);
    expect(await Promise.all(model.params.variables().map((v) => arr(v)))).toEqual(weights);
    const next = await pre.step();
    expect(next.step).toBe(3);
    expect(Number.isFinite(next.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    pre.dispose();
    model.dispose();
  });
});

