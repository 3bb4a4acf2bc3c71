import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf, type Dataset } from '../data/dataset';
import { MODEL_TYPE_KEYS, type ModelType } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { disposeSummaryBatch, summaryBatch, withUserSummary } from '../test/summaryDataset';
import { tinyDataset } from '../test/tinyDataset';
import { buildBatch, disposeBatch, NO_USER } from '../train/batch';
import { buildModel } from './buildModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const plain = tinyDataset({ users: 12, seqLen: 4, seed: 2 });
const wide = withUserSummary(plain);

function model(type: ModelType, d: Dataset, summaryHidden = 0) {
  const settings = { ...defaultSpec('software').model, type, dModel: 8, numBlocks: 1, numHeads: 2, numExperts: 3, ffnHidden: 12, kernels: 'reference' as const, summaryHidden, wideIds: false };
  return buildModel(settings, schemaOf(d), 1);
}

const layout = (m: ReturnType<typeof model>) => m.params.entries().map(([n, v]) => `${n} ${v.shape.join('x')}`);

/** The parameters each type had before the towers read user summary inputs (taken from that code). */
const BEFORE: Record<ModelType, string[]> = {
  supermoe: [
    'mfp.tables 56x4', 'mfp.projection 17x8', 'mfp.norm.gain 8', 'block0.msa.norm.gain 8', 'block0.msa.qkv.router 8x9', 'block0.msa.qkv.w 9x8x8',
    'block0.ffn1.norm.gain 8', 'block0.ffn1.router 8x3', 'block0.ffn1.w1 3x8x12', 'block0.ffn1.w2 3x12x8', 'block0.ffn2.norm.gain 8',
    'block0.ffn2.router 8x3', 'block0.ffn2.w1 3x8x12', 'block0.ffn2.w2 3x12x8', 'final.norm.gain 8', 'towers.w 8x2', 'towers.b 2',
  ],
  dense: [
    'mfp.tables 56x4', 'mfp.projection 17x8', 'mfp.norm.gain 8', 'block0.msa.norm.gain 8', 'block0.msa.qkv.w 3x8x8', 'block0.ffn1.norm.gain 8',
    'block0.ffn1.w1 1x8x12', 'block0.ffn1.w2 1x12x8', 'block0.ffn2.norm.gain 8', 'block0.ffn2.w1 1x8x12', 'block0.ffn2.w2 1x12x8',
    'final.norm.gain 8', 'towers.w 8x2', 'towers.b 2',
  ],
  mmoe: [
    'mfp.tables 56x4', 'mfp.projection 17x8', 'mfp.norm.gain 8', 'mmoe.experts.w1 3x8x12', 'mmoe.experts.b1 3x1x12', 'mmoe.experts.w2 3x12x8',
    'mmoe.gates 8x6', 'towers.w 8x2', 'towers.b 2',
  ],
  ple: [
    'mfp.tables 56x4', 'mfp.projection 17x8', 'mfp.norm.gain 8', 'ple0.shared.w1 3x8x12', 'ple0.shared.b1 3x1x12', 'ple0.shared.w2 3x12x8',
    'ple0.task.w1 2x8x12', 'ple0.task.b1 2x1x12', 'ple0.task.w2 2x12x8', 'ple0.taskGates 2x8x4', 'towers.w 8x2', 'towers.b 2',
  ],
};

describe('wide & deep towers: y_k = w_k·H + v_k·s + b_k', () => {
  for (const type of MODEL_TYPE_KEYS) {
    it(`${type}: without summary inputs, the parameters of before; with F of them, those plus towers.summary [F, K], the others unmoved`, () => {
      const [narrow, withS] = [model(type, plain), model(type, wide)];
      expect(layout(narrow)).toEqual(BEFORE[type]);
      expect(layout(withS)).toEqual([...BEFORE[type], 'towers.summary 4x2']);
      // Each parameter draws from its own stream: adding one moves no other initial value.
      narrow.params.entries().forEach(([name, v], i) => expect(withS.params.entries()[i][1].dataSync(), name).toEqual(v.dataSync()));
      narrow.dispose();
      withS.dispose();
    });

    it(`${type}: the logits add s·v; every parameter, towers.summary too, gets a gradient; no tensor left`, async () => {
      const m = model(type, wide);
      const batch = summaryBatch(wide, [0, 1, 2, NO_USER]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const out = m.forward(batch);
        expect(out.logits.shape).toEqual([4, 2]);
        // Without v, the logits are the deep part alone: what they differ by is exactly s·v.
        const v = m.params.entries().find(([n]) => n === 'towers.summary')![1];
        const deep = m.forward({ ...batch, userFeatures: tf.zerosLike(batch.userFeatures!) }).logits;
        const wideDiff = tf.sub(out.logits, deep).arraySync() as number[][];
        const expected = tf.matMul(batch.userFeatures!, v).arraySync() as number[][];
        wideDiff.flat().forEach((d, i) => expect(d).toBeCloseTo(expected.flat()[i], 5));
        const { grads } = tf.variableGrads(() => tf.sum(m.forward(batch).logits));
        for (const [name, variable] of m.params.entries()) expect(grads[variable.name], name).toBeDefined();
      });
      expect(tf.memory().numTensors).toBe(before);
      disposeSummaryBatch(batch);
      m.dispose();
    });
  }

  it('a model that reads summary inputs says so when the batch has none', () => {
    const m = model('mmoe', wide);
    // buildBatch fills the summary inputs from the dataset: a batch made elsewhere may lack them.
    const batch = buildBatch(wide, [0, 1]);
    const without = { ...batch, userFeatures: undefined };
    expect(() => tf.tidy(() => m.forward(without).logits)).toThrow(/reads 4 user summary inputs, and the batch has none/);
    disposeBatch(batch);
    m.dispose();
  });

  it('start: the weights on H 0, those on s and the biases as given; only with summary inputs', () => {
    const m = model('supermoe', wide);
    const summary = Float32Array.from({ length: 8 }, (_, i) => i / 10);
    m.towers.start({ summary, bias: Float32Array.from([0.5, -0.5]) });
    const value = (name: string) => Array.from(m.params.entries().find(([n]) => n === name)![1].dataSync());
    expect(value('towers.w').every((w) => w === 0)).toBe(true);
    expect(value('towers.summary')).toEqual(Array.from(summary));
    expect(value('towers.b')).toEqual([0.5, -0.5]);
    expect(() => m.towers.start({ summary: new Float32Array(3), bias: new Float32Array(2) })).toThrow(/4×2 weights and 2 biases/);
    m.dispose();
    const narrow = model('supermoe', plain);
    expect(() => narrow.towers.start({ summary: new Float32Array(0), bias: new Float32Array(2) })).toThrow(/no summary inputs/);
    narrow.dispose();
  });
});

describe('the summary hidden layer: y_k += u_k·relu(W_s·s + c)', () => {
  const HIDDEN = ['towers.summaryHidden.w 4x5', 'towers.summaryHidden.b 5', 'towers.summaryHidden.out 5x2'];
  const value = (m: ReturnType<typeof model>, name: string) => m.params.entries().find(([n]) => n === name)![1];

  for (const type of MODEL_TYPE_KEYS) {
    it(`${type}: its three parameters come after the others, which keep their values to the bit; none without summary inputs`, () => {
      const [linear, hidden, narrow] = [model(type, wide), model(type, wide, 5), model(type, plain, 5)];
      expect(layout(hidden)).toEqual([...BEFORE[type], 'towers.summary 4x2', ...HIDDEN]);
      linear.params.entries().forEach(([name, v], i) => expect(hidden.params.entries()[i][1].dataSync(), name).toEqual(v.dataSync()));
      expect(layout(narrow)).toEqual(BEFORE[type]);
      [linear, hidden, narrow].forEach((m) => m.dispose());
    });

    it(`${type}: the logits add exactly relu(s·W_s + c)·u to the linear towers'; every parameter gets a gradient; no tensor left`, () => {
      const m = model(type, wide, 5);
      const batch = summaryBatch(wide, [0, 1, 2, NO_USER]);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const s = batch.userFeatures!;
        // Make the layer's ReLU see both signs, so the check covers the cut-off as well.
        value(m, 'towers.summaryHidden.b').assign(tf.tensor1d([0.3, -0.3, 0.1, -0.1, 0]));
        const [W, c, u, v] = ['towers.summaryHidden.w', 'towers.summaryHidden.b', 'towers.summaryHidden.out', 'towers.summary'].map((n) => value(m, n));
        const zeroS = m.forward({ ...batch, userFeatures: tf.zerosLike(s) }).logits;
        // With s = 0 the hidden layer is relu(c): the deep part is the logits minus that term.
        const deep = tf.sub(zeroS, tf.matMul(tf.relu(tf.reshape(c, [1, 5])), u as tf.Tensor2D));
        const expected = tf.add(tf.add(deep, tf.matMul(s, v as tf.Tensor2D)), tf.matMul(tf.relu(tf.add(tf.matMul(s, W as tf.Tensor2D), c)), u as tf.Tensor2D));
        const got = m.forward(batch).logits.arraySync().flat();
        (expected.arraySync() as number[][]).flat().forEach((e, i) => expect(got[i]).toBeCloseTo(e, 5));
        const { grads } = tf.variableGrads(() => tf.sum(m.forward(batch).logits));
        for (const [name, variable] of m.params.entries()) expect(grads[variable.name], name).toBeDefined();
      });
      expect(tf.memory().numTensors).toBe(before);
      disposeSummaryBatch(batch);
      m.dispose();
    });
  }

  it('start: the output weights on the layer 0, so the first logits are exactly the regression s·v + b; the layer keeps its random start', () => {
    const m = model('supermoe', wide, 5);
    const W = Array.from(value(m, 'towers.summaryHidden.w').dataSync());
    const summary = Float32Array.from({ length: 8 }, (_, i) => (i - 4) / 10);
    const bias = Float32Array.from([0.5, -0.5]);
    m.towers.start({ summary, bias });
    expect(Array.from(value(m, 'towers.summaryHidden.out').dataSync()).every((x) => x === 0)).toBe(true);
    expect(Array.from(value(m, 'towers.summaryHidden.w').dataSync())).toEqual(W);
    const batch = summaryBatch(wide, [0, 1, 2, 3]);
    tf.tidy(() => {
      const regression = tf.add(tf.matMul(batch.userFeatures!, tf.tensor2d(summary, [4, 2])), tf.tensor1d(bias));
      const got = m.forward(batch).logits.arraySync().flat();
      (regression.arraySync() as number[][]).flat().forEach((e, i) => expect(got[i]).toBeCloseTo(e, 5));
    });
    disposeSummaryBatch(batch);
    m.dispose();
  });
});
