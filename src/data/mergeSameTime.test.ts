// Merging a user's same-time rows (one basket, one invoice) into one event, on a hand-worked
// log: the first row's discrete values, the sum of the dense values, a merged_rows channel,
// gaps between merged events, vocabularies fitted on merged events, labels from raw rows.
import { describe, expect, it } from 'vitest';
import type { ColumnMapping, LabelBuilder } from '../run/runSpec';
import { MERGED_ROWS_CHANNEL } from './channels';
import { timeGapToBucket } from './dataset';
import { applyDense, fitDense } from './denseScale';
import { encodeEvents, type EncodeOptions } from './encode';

const mapping: ColumnMapping[] = [
  { name: 'user', role: 'user' },
  { name: 'time', role: 'time' },
  { name: 'kind', role: 'category' },
  // Without normalisation, so that summed values read back as they are.
  { name: 'amount', role: 'dense', norm: 'none' },
];
const builder: LabelBuilder = { cutoff: '2024-02-01', windowDays: 10, windowEvents: 1, tasks: [{ name: 'rare_kind', kind: 'match', column: 'kind', op: 'equals', value: 'x' }] };
const ROWS = [
  // u1: a basket of three rows at 10:00 (file order a, c, b; one amount missing), a row at 12:00
  // with no amount, a basket of two at 15:00 whose amounts are both missing.
  ['u1', '2024-01-01 10:00:00', 'a', '1'],
  ['u1', '2024-01-01 10:00:00', 'c', ''],
  ['u1', '2024-01-01 12:00:00', 'b', ''],
  ['u1', '2024-01-01 10:00:00', 'b', '2'],
  ['u1', '2024-01-01 15:00:00', 'b', ''],
  ['u1', '2024-01-01 15:00:00', 'a', ''],
  // In the window: a basket whose second row is the label's kind.
  ['u1', '2024-02-02 00:00:00', 'a', '5'],
  ['u1', '2024-02-02 00:00:00', 'x', '5'],
  // u2: one basket of two rows.
  ['u2', '2024-01-03 00:00:00', 'b', '3'],
  ['u2', '2024-01-03 00:00:00', 'a', '4'],
];
const table = { header: ['user', 'time', 'kind', 'amount'], rows: ROWS };
const build = (opts: Partial<EncodeOptions> = {}) => encodeEvents(table, mapping, { name: 't', seqLen: 4, labelBuilder: builder, mergeSameTime: true, ...opts });

describe('merging same-time events', () => {
  const d = build();
  const kind = d.discrete[0];
  const width = d.dense.length;
  const token = (u: number, p: number) => d.tokens[u * d.seqLen + p];
  const value = (u: number, p: number, c: string) => d.denseValues[(u * d.seqLen + p) * width + d.dense.findIndex((x) => x.name === c)];

  it('makes one event per user and time, with the first row’s discrete values', () => {
    expect(Array.from(d.length)).toEqual([3, 1]);
    const show = (u: number) => Array.from({ length: d.length[u] }, (_, p) => kind.values[token(u, p) - 2]);
    expect(show(0)).toEqual(['a', 'b', 'b']);
    expect(show(1)).toEqual(['b']);
  });

  it('fits vocabularies on the merged events: a value only in later rows of a basket has no token', () => {
    expect(kind.values).toEqual(['b', 'a']);
  });

  it('sums dense values over the rows, skipping missing ones; all missing stays missing (0)', () => {
    expect(d.dense.map((c) => c.name)).toEqual(['amount', MERGED_ROWS_CHANNEL, 'time_gap']);
    expect([value(0, 0, 'amount'), value(0, 1, 'amount'), value(0, 2, 'amount'), value(1, 0, 'amount')]).toEqual([3, 0, 0, 7]);
  });

  it('adds merged_rows, the rows of each event, normalised like the other dense channels', () => {
    const rows = [3, 1, 2, 2];
    const fit = fitDense(Float64Array.from(rows), 'auto');
    expect(d.dense[1]).toMatchObject({ mean: fit.mean, std: fit.std, transform: fit.transform });
    const got = [value(0, 0, MERGED_ROWS_CHANNEL), value(0, 1, MERGED_ROWS_CHANNEL), value(0, 2, MERGED_ROWS_CHANNEL), value(1, 0, MERGED_ROWS_CHANNEL)];
    expect(got).toEqual(rows.map((r) => Math.fround(applyDense(fit, r))));
  });

  it('measures time gaps between merged events', () => {
    const gap = (u: number, p: number) => d.timeGapBucket[u * d.seqLen + p];
    expect([gap(0, 0), gap(0, 1), gap(0, 2), gap(1, 0)]).toEqual([0, timeGapToBucket(2 * 3600), timeGapToBucket(3 * 3600), 0]);
  });

  it('computes labels from the raw rows of the window', () => {
    // The label kind x is the second row of u1's window basket.
    expect(Array.from(d.labels)).toEqual([1, 0]);
  });

  it('counts merged events for the minimum events and for the events per user', () => {
    expect(d.eventsPerUser).toMatchObject({ p50: 1, max: 3 });
    expect(d.notes).toContain('Rows of a user with the same time were merged into one event: 8 input rows became 4 events (4 rows merged).');
    // Without merging u2 has two events; merged, one: below a minimum of 2 it is left out…
    const rows = [...ROWS, ['u3', '2024-01-04 00:00:00', 'a', '1'], ['u3', '2024-01-05 00:00:00', 'a', '1']];
    const three = encodeEvents({ ...table, rows }, mapping, { name: 't', seqLen: 4, labelBuilder: builder, mergeSameTime: true, minEvents: 2 });
    expect(three.userIds).toEqual(['u1', 'u3']);
    // …and unmerged it stays.
    expect(encodeEvents({ ...table, rows }, mapping, { name: 't', seqLen: 4, labelBuilder: builder, minEvents: 2 }).userIds).toEqual(['u1', 'u2', 'u3']);
  });

  it('does nothing without a time column, and says so', () => {
    const noTime = mapping.filter((m) => m.role !== 'time');
    const positional = { ...builder, tasks: [{ name: 'big', kind: 'sum' as const, column: 'amount', threshold: 4.5 }] };
    const m = encodeEvents(table, noTime, { name: 't', seqLen: 8, labelBuilder: positional, mergeSameTime: true });
    const off = encodeEvents(table, noTime, { name: 't', seqLen: 8, labelBuilder: positional });
    expect(m.tokens).toEqual(off.tokens);
    expect(m.denseValues).toEqual(off.denseValues);
    expect(m.notes).toContain('Events with the same time were not merged: the log has no time column.');
  });
});
