// Labels built from the log: the window decides the labels, only earlier events are inputs.
import { describe, expect, it } from 'vitest';
import type { LabelBuilder, LabelTask } from '../run/runSpec';
import { buildDataset } from './buildDataset';
import { parseCutoff } from './labelBuilder';
import { loadText } from '../test/fileLoad';

// Each event's amount is unique, so the tokens and values of a dataset say which events it kept.
const ROWS = [
  // u1: two events before the cutoff (Jan 10), two in the window (Jan 10-20), one after it.
  ['u1', '2024-01-01 00:00:00', 'view', '1', 'a-1'],
  ['u1', '2024-01-05 00:00:00', 'buy', '2', 'b-2'],
  ['u1', '2024-01-10 00:00:00', 'buy', '30', 'gift-3'],
  ['u1', '2024-01-15 00:00:00', 'view', '40', 'c-4'],
  ['u1', '2024-01-25 00:00:00', 'buy', '500', 'd-5'],
  // u2: one event before; nothing in the window.
  ['u2', '2024-01-02 00:00:00', 'view', '6', 'e-6'],
  ['u2', '2024-01-21 00:00:00', 'buy', '700', 'f-7'],
  // u3: events only from the cutoff on: no history, left out.
  ['u3', '2024-01-11 00:00:00', 'buy', '8', 'g-8'],
  // u4: three before, one in the window (a small one).
  ['u4', '2024-01-03 00:00:00', 'view', '9', 'h-9'],
  ['u4', '2024-01-04 00:00:00', 'view', '10', 'i-10'],
  ['u4', '2024-01-09 23:59:59', 'view', '11', 'j-11'],
  ['u4', '2024-01-19 23:00:00', 'view', '12', 'k-12'],
];
const TEXT = ['user,time,kind,amount,sku', ...ROWS.map((r) => r.join(','))].join('\n');
// amount without normalisation, so that kept values read back as they were.
const asMapping = (m: { name: string; role: string }[]) =>
  m.map((c) => ({ name: c.name, role: ({ user: 'user', time: 'time', kind: 'category', amount: 'dense', sku: 'id' } as const)[c.name as 'user'], ...(c.name === 'amount' ? { norm: 'none' as const } : {}) }));

const builder = (tasks: LabelTask[], patch: Partial<LabelBuilder> = {}): LabelBuilder => ({ cutoff: '2024-01-10', windowDays: 10, windowEvents: 1, tasks, ...patch });

async function build(b: LabelBuilder, minEvents = 1) {
  const { store } = await loadText(TEXT, {}, asMapping, b);
  return buildDataset(store, { name: 't', seqLen: 8, minEvents, labelBuilder: b, idVocabCap: 1000 });
}

/** The amounts of a user's kept events. */
function amounts(d: Awaited<ReturnType<typeof build>>, u: number): number[] {
  const w = d.dense.length;
  return Array.from({ length: d.length[u] }, (_, p) => d.denseValues[(u * d.seqLen + p) * w]);
}

describe('label builder', () => {
  const tasks: LabelTask[] = [
    { name: 'active', kind: 'any' },
    { name: 'spends', kind: 'sum', column: 'amount', threshold: 50 },
    { name: 'buys', kind: 'match', column: 'kind', op: 'equals', value: 'buy' },
    { name: 'gift', kind: 'match', column: 'sku', op: 'contains', value: 'gift' },
  ];

  it('labels each user from the window and leaves out users without history', async () => {
    const d = await build(builder(tasks));
    expect(d.userIds).toEqual(['u1', 'u2', 'u4']);
    const K = tasks.length;
    const row = (u: number) => Array.from(d.labels.subarray(u * K, (u + 1) * K));
    // u1's window: buy 30 (gift-3), view 40 → active, sum 70 ≥ 50, a buy, a gift.
    expect(row(0)).toEqual([1, 1, 1, 1]);
    // u2: nothing in [Jan 10, Jan 20): all negative (the Jan 21 buy is after the window).
    expect(row(1)).toEqual([0, 0, 0, 0]);
    // u4: one view of 12.
    expect(row(2)).toEqual([1, 0, 0, 0]);
    expect(Array.from(d.labelMask)).toEqual(new Array(3 * K).fill(1));
    expect(d.tasks.map((t) => [t.name, t.positives, t.labelled])).toEqual([
      ['active', 2, 3],
      ['spends', 1, 3],
      ['buys', 1, 3],
      ['gift', 1, 3],
    ]);
    expect(d.notes).toContain('1 user without events before the label window was left out.');
  });

  it('never lets an event at or after the cutoff into the inputs (no leakage)', async () => {
    const d = await build(builder(tasks));
    expect(amounts(d, 0)).toEqual([1, 2]);
    expect(amounts(d, 1)).toEqual([6]);
    // One second before the cutoff is still an input.
    expect(amounts(d, 2)).toEqual([9, 10, 11]);
    // No kept event's token is a value that occurs only from the cutoff on.
    const sku = d.discrete.find((c) => c.name === 'sku')!;
    expect(sku.values.sort()).toEqual(['a-1', 'b-2', 'e-6', 'h-9', 'i-10', 'j-11']);
    // The time gaps are those between input events only.
    expect(d.timeGapBucket[0]).toBe(0);
  });

  it('moves with the cutoff and the window', async () => {
    const later = await build(builder([{ name: 'active', kind: 'any' }], { cutoff: '2024-01-16', windowDays: 7 }));
    // u1 now has 4 inputs and no event in [Jan 16, Jan 23); u3 has history; u4's Jan 19 event is in the window.
    expect(later.userIds).toEqual(['u1', 'u2', 'u3', 'u4']);
    expect(Array.from(later.labels)).toEqual([0, 1, 0, 1]);
    expect(amounts(later, 0)).toEqual([1, 2, 30, 40]);
  });

  it('defaults the cutoff to the end of the log minus the window', async () => {
    const d = await build(builder([{ name: 'active', kind: 'any' }], { cutoff: '', windowDays: 5 }));
    // The log ends on Jan 25: the window is [Jan 20, Jan 25], which holds u1's 500 and u2's 700.
    expect(Array.from(d.labels)).toEqual([1, 1, 0, 0]);
  });

  it('drops users below the minimum number of input events, and says how many', async () => {
    const d = await build(builder([tasks[1]]), 2);
    expect(d.userIds).toEqual(['u1', 'u4']);
    expect(d.notes).toContain('1 user with fewer than 2 events was left out (minimum events per user).');
  });

  it('uses each user’s last k events as the window when there is no time', async () => {
    const { store } = await loadText('1 a b c d\n2 e f g\n3 h a\n4 i\n');
    const b = builder([{ name: 'last_is_a', kind: 'match', column: 'item', op: 'equals', value: 'a,d' }], { windowEvents: 1 });
    const d = buildDataset(store, { name: 's', seqLen: 8, labelBuilder: b });
    // User 4 has a single event: no history before its window.
    expect(d.userIds).toEqual(['1', '2', '3']);
    expect(Array.from(d.labels)).toEqual([1, 0, 1]);
    expect(Array.from(d.length)).toEqual([3, 2, 1]);
  });

  it('refuses a task on a column it cannot read', async () => {
    await expect(build(builder([{ name: 'x', kind: 'sum', column: 'kind', threshold: 1 }]))).rejects.toThrow(/sums the column "kind", which is not mapped as dense/);
    await expect(build(builder([{ name: 'x', kind: 'match', column: 'nope', value: 'a' }]))).rejects.toThrow(/The column "nope" is not in the file/);
  });
});

describe('parseCutoff', () => {
  it('reads dates and date-times as UTC unless they carry a zone', () => {
    expect(parseCutoff('2024-01-10')).toBe(Date.UTC(2024, 0, 10));
    expect(parseCutoff('2024-01-10 06:30')).toBe(Date.UTC(2024, 0, 10, 6, 30));
    expect(parseCutoff('2024-01-10T06:30:00+02:00')).toBe(Date.UTC(2024, 0, 10, 4, 30));
  });
});
