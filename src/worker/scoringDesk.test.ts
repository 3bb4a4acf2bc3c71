import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputSettingsOf } from '../data/buildDataset';
import { parseCsv, tableToCsv } from '../data/csv';
import { DEMO_MAPPING, demoDataset, generateDemo } from '../data/demo';
import { splitUsers } from '../data/split';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { Trainer } from '../train/trainer';
import { ScoringDesk } from './scoringDesk';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = defaultSpec('software');
const spec: RunSpec = {
  ...base,
  data: { ...base.data, source: 'demo', demoUsers: 120, seqLen: 8 },
  model: { ...base.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference' },
  train: { ...base.train, steps: 2, batchSize: 16 },
};
const dataset = demoDataset({ users: 120, seqLen: 8, seed: spec.seed, inputs: inputSettingsOf(spec.data) });
let trainer: Trainer;
let desk: ScoringDesk;

beforeAll(async () => {
  const split = splitUsers(dataset.numUsers, 0.2, spec.seed);
  trainer = await Trainer.create(spec, dataset, split);
  for (let i = 0; i < 2; i++) await trainer.step();
  desk = new ScoringDesk(() => ({ trainer, mapping: DEMO_MAPPING }));
});
afterAll(() => trainer.dispose());

const csvFile = (text: string, name = 'later.csv') => new File([text], name, { type: 'text/csv' });
const laterLog = generateDemo({ users: 30, seqLen: 8, seed: 77 }).table;

describe('scoring desk', () => {
  it('exports every user of the run: one row per user, each split, AUC on the validation users as the evaluation gives it', async () => {
    const files = await desk.exportRun();
    expect(files.count).toBe(120);
    const users = parseCsv(await files.users.text());
    expect(users.rows).toHaveLength(120);
    expect(new Set(users.rows.map((r) => r[1]))).toEqual(new Set(['train', 'validation']));
    expect((await files.vectors.text()).trimEnd().split('\n')).toHaveLength(120);
    const evaluated = await trainer.evaluate();
    expect(files.auc.validation).toEqual(evaluated.tasks.map((t) => t.auc));
  });

  it('scores a later log (new users, unseen item IDs) with one row per user and its AUC per task', async () => {
    const scored = await desk.scoreFile(csvFile(tableToCsv(laterLog)));
    expect(scored.users).toBe(30);
    const rows = parseCsv(await scored.files.scores.text());
    expect(rows.rows).toHaveLength(30);
    expect(rows.header).toEqual(['user_id', ...dataset.tasks.flatMap((t) => [`${t.name}_score`, `${t.name}_label`])]);
    expect(scored.files.auc.scored).toHaveLength(4);
    for (const r of rows.rows) for (let k = 0; k < 4; k++) expect(Number(r[1 + 2 * k])).toBeGreaterThan(0);
  });

  it('saves the model and loads it back: the same scores.csv to the bit', async () => {
    const text = tableToCsv(laterLog);
    const before = await (await desk.scoreFile(csvFile(text))).files.scores.text();
    const { bytes } = await desk.saveModel();
    const other = new ScoringDesk(() => null);
    const info = await other.loadModel(new File([bytes], 'model.smoe'));
    expect(info).toMatchObject({ source: 'file', step: 2, tasks: dataset.tasks.map((t) => t.name) });
    expect(await (await other.scoreFile(csvFile(text))).files.scores.text()).toBe(before);
    other.unloadModel();
  });

  it('says which columns a file lacks, and scores a file without labels', async () => {
    const drop = (names: string[]) => {
      const keep = laterLog.header.map((h) => !names.includes(h));
      return tableToCsv({ header: laterLog.header.filter((_, c) => keep[c]), rows: laterLog.rows.map((r) => r.filter((_, c) => keep[c])) });
    };
    await expect(desk.scoreFile(csvFile(drop(['item_id'])))).rejects.toThrow(/lacks a column the model reads: item_id \(id\)/);
    const unlabelled = await desk.scoreFile(csvFile(drop(dataset.tasks.map((t) => t.name))));
    expect(unlabelled.labelled).toEqual([0, 0, 0, 0]);
    expect(parseCsv(await unlabelled.files.scores.text()).header).toEqual(['user_id', ...dataset.tasks.map((t) => `${t.name}_score`)]);
  });

  it('without a trained model, says to train first', async () => {
    await expect(new ScoringDesk(() => null).exportRun()).rejects.toThrow(/No trained model yet/);
  });
});
