import { describe, expect, it } from 'vitest';
import { exactAuc } from '../train/auc';
import { createRng } from '../util/rng';
import type { Dataset } from './dataset';
import { DEMO_TASKS, demoDataset, generateDemo } from './demo';

/** Column k of a [numUsers, K] array, over `users`. */
const column = (a: Float32Array, d: Dataset, k: number, users: number[]) => users.map((u) => a[u * d.tasks.length + k]);

function oracleAuc(d: Dataset, k: number, users: number[]): number {
  const r = exactAuc(column(d.trueProb!, d, k, users), column(d.labels, d, k, users), column(d.labelMask, d, k, users));
  if (!r.defined) throw new Error(r.reason);
  return r.auc;
}

describe('generateDemo', () => {
  it('is deterministic for a seed', () => {
    const a = generateDemo({ users: 200, seqLen: 16, seed: 5 });
    const b = generateDemo({ users: 200, seqLen: 16, seed: 5 });
    expect(b.table).toEqual(a.table);
    expect(b.trueProb).toEqual(a.trueProb);
    expect(generateDemo({ users: 200, seqLen: 16, seed: 6 }).table.rows).not.toEqual(a.table.rows);
  });

  it('writes a readable event log with one label per user and task', () => {
    const { table, taskNames } = generateDemo({ users: 50, seqLen: 16, seed: 1 });
    expect(table.header).toEqual(['user_id', 'timestamp', 'event_type', 'category', 'item_id', 'amount', ...taskNames]);
    expect(taskNames).toEqual(DEMO_TASKS.map((t) => t.name));
    expect(table.rows[0][1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const t of DEMO_TASKS) expect(t.description.length).toBeGreaterThan(20);
  });
});

describe('demoDataset', () => {
  it('has the channels, sizes and variable lengths of the product issue', () => {
    const d = demoDataset({ users: 2000, seqLen: 16, seed: 1 });
    expect(d.numUsers).toBe(2000);
    expect(d.discrete.map((c) => [c.name, c.kind])).toEqual([
      ['event_type', 'category'],
      ['category', 'category'],
      ['item_id', 'id'],
    ]);
    expect(d.discrete[1].vocabSize).toBe(12);
    expect(d.discrete[2].vocabSize).toBeGreaterThanOrEqual(2000);
    expect(d.dense.map((c) => c.name)).toEqual(['amount', 'time_gap']);
    expect(d.tasks.length).toBeGreaterThanOrEqual(3);
    const lengths = Array.from(d.length);
    expect(Math.min(...lengths)).toBe(6);
    expect(Math.max(...lengths)).toBe(16);
    expect(d.trueProb!.length).toBe(d.numUsers * d.tasks.length);
  });

  it('aligns trueProb with the dataset users', () => {
    const opts = { users: 300, seqLen: 16, seed: 9 };
    const { trueProb } = generateDemo(opts);
    const d = demoDataset(opts);
    const k = d.tasks.length;
    for (const u of [0, 17, 299]) expect(Array.from(d.trueProb!.subarray(u * k, u * k + k))).toEqual(trueProb.get(d.userIds[u])!.map(Math.fround));
  });

  it.each([
    { users: 2000, seqLen: 16, seed: 1 },
    { users: 4000, seqLen: 32, seed: 2 },
    { users: 20000, seqLen: 32, seed: 7 },
  ])('has learnable but not trivial tasks at $users users, N=$seqLen', (opts) => {
    const d = demoDataset(opts);
    const all = Array.from({ length: d.numUsers }, (_, u) => u);
    const rng = createRng(opts.seed + 100);
    const subset = all.filter(() => rng.next() < 0.2);
    d.tasks.forEach((task, k) => {
      const share = task.labelled / d.numUsers;
      expect(share, `${task.name} labelled share`).toBeCloseTo(task.name === 'churn_risk' ? 0.7 : 1, 1);
      const rate = task.positives / task.labelled;
      expect(rate, `${task.name} positive rate`).toBeGreaterThan(0.2);
      expect(rate, `${task.name} positive rate`).toBeLessThan(0.8);
      for (const users of [all, subset]) {
        const auc = oracleAuc(d, k, users);
        expect(auc, `${task.name} oracle AUC on ${users.length} users`).toBeGreaterThan(0.85);
        expect(auc, `${task.name} oracle AUC on ${users.length} users`).toBeLessThan(0.95);
      }
    });
  });
});
