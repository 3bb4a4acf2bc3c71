import { describe, expect, it } from 'vitest';
import { hashString } from './channels';
import { FIRST_TOKEN } from './dataset';
import { DEMO_MAPPING, generateDemo } from './demo';
import { encodeEvents, storeFromTable } from './encode';
import { buildDataset } from './buildDataset';
import { encodingOf, scoringMapping } from './frozenEncoding';
import type { RawTable } from './rawTable';

const inputs = { eventAge: true, userSummary: true, predictionTime: '', mergeSameTime: false, idMinUsers: 2 };
const train = generateDemo({ users: 300, seqLen: 12, seed: 3 }).table;
const trained = encodeEvents(train, DEMO_MAPPING, { name: 'train', seqLen: 12, split: { valFraction: 0.2, seed: 3 }, ...inputs });
const frozen = encodingOf(trained);

function scored(table: RawTable) {
  const mapping = scoringMapping(table.header, DEMO_MAPPING);
  return buildDataset(storeFromTable(table, mapping), { name: 'new', seqLen: 12, ...inputs, frozen: structuredClone(frozen) });
}

describe('a log encoded with a trained model’s encoding', () => {
  it('gives the training log back exactly: tokens, normalised values, ages, user summary, labels', () => {
    const again = scored(train);
    expect(again.userIds).toEqual(trained.userIds);
    expect(again.tokens).toEqual(trained.tokens);
    expect(again.denseValues).toEqual(trained.denseValues);
    expect(again.timeGapBucket).toEqual(trained.timeGapBucket);
    expect(again.ageBucket).toEqual(trained.ageBucket);
    expect(again.userFeatures).toEqual(trained.userFeatures);
    expect(again.labels).toEqual(trained.labels);
    expect(again.labelMask).toEqual(trained.labelMask);
    expect(again.discrete.map((c) => c.vocabSize)).toEqual(trained.discrete.map((c) => c.vocabSize));
  });

  it('maps unseen IDs to their hashed OOV bucket and known ones to the model’s token', () => {
    const item = DEMO_MAPPING.findIndex((m) => m.name === 'item_id');
    const later = generateDemo({ users: 50, seqLen: 12, seed: 4 }).table;
    const rows = later.rows.map((r, i) => (i % 3 === 0 ? r.map((c, j) => (j === item ? `NEW-${i}-ü` : c)) : r));
    const d = scored({ header: later.header, rows });
    const j = d.discrete.findIndex((c) => c.name === 'item_id');
    const f = frozen.discrete[j];
    expect(f.oovBuckets).toBeGreaterThan(0);
    const width = d.discrete.length;
    // The first event of user 0 is row 0 of the log (its rows are in time order).
    const firstOfUser0 = d.tokens[0 * width + j];
    expect(firstOfUser0).toBe(FIRST_TOKEN + f.values.length + (hashString('NEW-0-ü') % f.oovBuckets));
    const knownRow = rows.find((r, i) => i % 3 !== 0 && f.values.includes(r[item]))!;
    expect(knownRow).toBeDefined();
    const tokens = new Set(d.tokens.filter((_, k) => k % width === j));
    expect(tokens.has(FIRST_TOKEN + f.values.indexOf(knownRow[item]))).toBe(true);
    for (const t of tokens) expect(t).toBeLessThan(f.vocabSize);
  });

  it('scores a log without label columns: every task unlabelled, the model’s tasks kept', () => {
    const later = generateDemo({ users: 40, seqLen: 12, seed: 5 }).table;
    const keep = later.header.map((h) => !frozen.tasks.includes(h));
    const table = { header: later.header.filter((_, c) => keep[c]), rows: later.rows.map((r) => r.filter((_, c) => keep[c])) };
    const d = scored(table);
    expect(d.tasks.map((t) => t.name)).toEqual(frozen.tasks);
    expect(d.tasks.every((t) => t.labelled === 0)).toBe(true);
    expect(d.labelMask.every((m) => m === 0)).toBe(true);
    expect(d.numUsers).toBe(40);
  });

  it('says which input columns a file lacks', () => {
    const header = train.header.filter((h) => h !== 'item_id' && h !== 'amount');
    expect(() => scoringMapping(header, DEMO_MAPPING)).toThrow(/lacks 2 columns the model reads: item_id \(id\), amount \(dense\)/);
  });
});
