import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf, type Dataset } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { MODEL_TYPE_KEYS, type ModelType } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { expectClose } from '../test/expectClose';
import { disposeSummaryBatch, summaryBatch, summaryDataset } from '../test/summaryDataset';
import { tinyDataset } from '../test/tinyDataset';
import { exactAuc } from './auc';
import { baselineLogit, evaluateBaseline, fitTask, startTowersAtBaseline, towerStart } from './baseline';
import { NO_USER } from './batch';
import { fitLogistic } from './logistic';
import { runAdam } from './optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = summaryDataset({ users: 300, seqLen: 8, seed: 5 });
const range = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
const train = range(0, 240);
const val = range(240, 300);

describe('baseline: logistic regression on the user summary inputs', () => {
  it('is fitted on the training users that have the task\'s label, and nothing else', () => {
    const K = dataset.tasks.length;
    const labelled = Array.from(train).filter((u) => dataset.labelMask[u * K + 1] > 0);
    expect(labelled.length).toBeLessThan(train.length); // task 1 leaves a third unlabelled
    const x = Float64Array.from(labelled.flatMap((u) => Array.from(dataset.userFeatures!.subarray(u * 4, u * 4 + 4))));
    const y = Float64Array.from(labelled, (u) => dataset.labels[u * K + 1]);
    const direct = fitLogistic({ x, y, n: labelled.length, F: 4 })!;
    const fit = fitTask(dataset, train, 1)!;
    expect(Array.from(fit.weights)).toEqual(Array.from(direct.weights));
    expect(fit.intercept).toBe(direct.intercept);
  });

  it('scores the validation users with its decision function: AUC and recall per task', () => {
    const result = evaluateBaseline(dataset, train, val)!;
    expect(result.map((t) => t.name)).toEqual(['likesKind3', 'bigSpender']);
    const K = dataset.tasks.length;
    result.forEach((t, k) => {
      const fit = fitTask(dataset, train, k)!;
      const auc = exactAuc(Float64Array.from(val, (u) => baselineLogit(fit, dataset, u)), Float64Array.from(val, (u) => dataset.labels[u * K + k]), Float64Array.from(val, (u) => dataset.labelMask[u * K + k]));
      expect(t.auc).toBe(auc.defined ? auc.auc : null);
      // The summary inputs carry both rules of the tiny dataset.
      expect(t.auc).toBeGreaterThan(0.7);
      expect(t.recall).toHaveLength(2);
    });
  });

  it('there is none without summary inputs; a task whose training users have one class has no AUC', () => {
    expect(evaluateBaseline(tinyDataset({ users: 20, seqLen: 4, seed: 1 }), range(0, 16), range(16, 20))).toBeNull();
    const oneClass: Dataset = { ...dataset, labels: dataset.labels.map((l, i) => (i % 2 === 0 ? 1 : l)) };
    const [first] = evaluateBaseline(oneClass, train, val)!;
    expect(first.auc).toBeNull();
    expect(first.undefinedReason).toMatch(/one class/);
  });

  it('the towers\' start: task k\'s weights in column k of [F, K], its intercept as the bias; 0 for a task without a fit', () => {
    const fit = { weights: Float64Array.from([1, 2, 3]), intercept: -1, iterations: 1, converged: true };
    const start = towerStart([fit, null], 3);
    expect(Array.from(start.summary)).toEqual([1, 0, 2, 0, 3, 0]);
    expect(Array.from(start.bias)).toEqual([-1, 0]);
  });
});

describe('towerInit \'baseline\': the towers start at the regression', () => {
  function model(type: ModelType, dropout = 0) {
    const settings = { ...defaultSpec('software').model, type, dModel: 8, numBlocks: 1, numHeads: 2, numExperts: 3, ffnHidden: 12, kernels: 'reference' as const, dropout };
    return buildModel(settings, schemaOf(dataset), 1);
  }

  for (const type of MODEL_TYPE_KEYS) {
    it(`${type}: the first logits are the regression's decision function, evaluating and training with dropout`, async () => {
      const users = [...Array.from(val.subarray(0, 7)), NO_USER];
      const fits = dataset.tasks.map((_, k) => fitTask(dataset, train, k)!);
      // An empty row has s = 0: its logit is the intercept.
      const expected = users.flatMap((u) => fits.map((f) => (u === NO_USER ? f.intercept : baselineLogit(f, dataset, u))));
      const m = model(type, 0.5);
      const before = tf.memory().numTensors;
      startTowersAtBaseline(m, dataset, train);
      expect(tf.memory().numTensors).toBe(before);
      const batch = summaryBatch(dataset, users);
      for (const mode of [undefined, { training: true as const, step: 0 }]) {
        const logits = tf.tidy(() => m.forward(batch, mode).logits);
        expectClose(`${type} logits`, await logits.data(), expected, 1e-6);
        logits.dispose();
      }
      disposeSummaryBatch(batch);
      m.dispose();
    });
  }

  it('cann: the weights on s stay the regression\'s through training; the weights on H and the biases learn', () => {
    const m = model('supermoe');
    startTowersAtBaseline(m, dataset, train, true);
    const value = (name: string) => Array.from(m.params.entries().find(([n]) => n === name)![1].dataSync());
    const [summary, w, b] = [value('towers.summary'), value('towers.w'), value('towers.b')];
    const optimizer = runAdam(defaultSpec('software').train, 10, m.params);
    const batch = summaryBatch(dataset, Array.from(train.subarray(0, 32)));
    for (let step = 0; step < 3; step++) {
      optimizer.minimize(() => {
        const { logits } = m.forward(batch, { training: true, step });
        return tf.losses.sigmoidCrossEntropy(tf.tensor2d(Array.from(train.subarray(0, 32)).flatMap((u) => [1, 0].map((_, k) => dataset.labels[u * 2 + k])), [32, 2]), logits);
      });
    }
    expect(value('towers.summary')).toEqual(summary);
    expect(value('towers.w')).not.toEqual(w);
    expect(value('towers.b')).not.toEqual(b);
    disposeSummaryBatch(batch);
    optimizer.dispose();
    m.dispose();
  });

  it('without summary inputs the towers stay as built', () => {
    const plain = tinyDataset({ users: 20, seqLen: 4, seed: 1 });
    const settings = { ...defaultSpec('software').model, dModel: 8, numBlocks: 1, numHeads: 2, numExperts: 2, ffnHidden: 8 };
    const m = buildModel(settings, schemaOf(plain), 1);
    const before = m.params.variables().map((v) => Array.from(v.dataSync()));
    startTowersAtBaseline(m, plain, range(0, 16));
    expect(m.params.variables().map((v) => Array.from(v.dataSync()))).toEqual(before);
    m.dispose();
  });
});
