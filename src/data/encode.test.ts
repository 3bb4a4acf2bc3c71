import { describe, expect, it } from 'vitest';
import type { ColumnMapping } from '../run/runSpec';
import { OOV_TOKEN, PAD_TOKEN, timeGapToBucket } from './dataset';
import { encodeEvents, TIME_GAP_CHANNEL } from './encode';
import { dataError } from '../test/expectDataError';
import type { RawTable } from './rawTable';

const header = ['user', 'time', 'kind', 'amount', 'label'];
const mapping: ColumnMapping[] = [
  { name: 'user', role: 'user' },
  { name: 'time', role: 'time' },
  { name: 'kind', role: 'category' },
  { name: 'amount', role: 'dense' },
  { name: 'label', role: 'label' },
];

// Rows out of time order on purpose; u1 has 4 events, u2 has 2, u3 none with a time.
const rows = [
  ['u1', '2024-01-01 10:00:00', 'b', '1', '1'],
  ['u2', '2024-01-02 00:00:00', 'a', '', '0'],
  ['u1', '2024-01-01 09:00:00', 'a', '2', '1'],
  ['u1', '2024-01-01 11:00:00', 'c', '3', ''],
  ['u1', '2024-01-01 11:00:00', 'a', '4', '1'],
  ['u3', '', 'a', '5', '1'],
  ['u2', '2024-01-01 23:00:00', 'a', '6', '0'],
];
const log: RawTable = { header, rows };

const encode = (t: RawTable = log, m: ColumnMapping[] = mapping, seqLen = 3) => encodeEvents(t, m, { seqLen, name: 'test' });

describe('encodeEvents', () => {
  it('groups by user, drops users without a valid event, and says so', () => {
    const d = encode();
    expect(d.userIds).toEqual(['u1', 'u2']);
    expect(d.numUsers).toBe(2);
    expect(d.notes).toEqual(['1 row without a time was left out.']);
  });

  it('orders events by time (file order on ties) and keeps the most recent seqLen, left-aligned', () => {
    const d = encode();
    const kind = d.discrete[0];
    const seq = (u: number) => Array.from({ length: d.seqLen }, (_, p) => d.tokens[(u * d.seqLen + p) * d.discrete.length]);
    const show = (u: number) => seq(u).map((t) => (t >= 2 ? kind.values[t - 2] : t));
    // u1 in time order: a(9:00) b(10:00) c(11:00) a(11:00, later in the file); the oldest is cut.
    expect(Array.from(d.length)).toEqual([3, 2]);
    expect(show(0)).toEqual(['b', 'c', 'a']);
    expect(show(1)).toEqual(['a', 'a', PAD_TOKEN]);
  });

  it('keeps file order without a time column, and has no time-gap channel then', () => {
    const d = encode(log, mapping.filter((m) => m.role !== 'time'), 10);
    expect(d.userIds).toEqual(['u1', 'u2', 'u3']);
    expect(Array.from(d.length)).toEqual([4, 2, 1]);
    expect(d.dense.map((c) => c.name)).toEqual(['amount']);
    expect(Array.from(d.timeGapBucket).every((b) => b === 0)).toBe(true);
  });

  it('builds vocabularies with PAD 0 and OOV 1, then values by descending frequency', () => {
    const withMissing = { header, rows: [...rows, ['u2', '2024-01-03 00:00:00', '', '1', '0']] };
    const d = encode(withMissing, mapping, 4);
    expect(d.discrete[0]).toMatchObject({ name: 'kind', kind: 'category', values: ['a', 'b', 'c'], vocabSize: 5 });
    // u2's last event has an empty kind: OOV, then padding.
    const base = 1 * d.seqLen;
    expect(Array.from(d.tokens.subarray(base, base + 4))).toEqual([2, 2, OOV_TOKEN, PAD_TOKEN]);
  });

  it('standardises dense values, missing → 0, padding 0', () => {
    const d = encode();
    const w = d.dense.length;
    const amount = d.dense[0];
    expect(amount).toMatchObject({ name: 'amount', transform: 'standardise' });
    const at = (u: number, p: number) => d.denseValues[(u * d.seqLen + p) * w];
    // u1 keeps amounts 1, 3, 4; u2 has 6 then '': the kept values are 1, 3, 4, 6.
    expect(amount.mean).toBeCloseTo(3.5, 6);
    expect(at(0, 0) * amount.std + amount.mean).toBeCloseTo(1, 5);
    expect(at(1, 0) * amount.std + amount.mean).toBeCloseTo(6, 5);
    expect(at(1, 1)).toBe(0);
    expect(at(1, 2)).toBe(0);
  });

  it('uses log1p for a heavy-tailed positive column', () => {
    const n = 400;
    const t: RawTable = {
      header,
      rows: Array.from({ length: n }, (_, i) => [`u${i % 40}`, `2024-01-01 00:${String(i % 60).padStart(2, '0')}:00`, 'a', String(Math.round(Math.exp((i % 20) / 2))), String(i % 2)]),
    };
    expect(encode(t, mapping, 10).dense[0].transform).toBe('log1p');
  });

  it('derives time_gap (log1p hours, standardised) and its buckets; the first event has none', () => {
    const d = encode();
    const gap = d.dense[1];
    expect(gap).toMatchObject({ name: TIME_GAP_CHANNEL, transform: 'log1p' });
    const bucket = (u: number, p: number) => d.timeGapBucket[u * d.seqLen + p];
    // u1 kept b(10:00) c(11:00) a(11:00): gaps 1 h (to the cut 9:00 event), 1 h, 0.
    expect([bucket(0, 0), bucket(0, 1), bucket(0, 2)]).toEqual([timeGapToBucket(3600), timeGapToBucket(3600), 1]);
    // u2: first event unknown (0), then 1 h; then padding.
    expect([bucket(1, 0), bucket(1, 1), bucket(1, 2)]).toEqual([0, timeGapToBucket(3600), 0]);
    const w = d.dense.length;
    const hours = (u: number, p: number) => Math.expm1(d.denseValues[(u * d.seqLen + p) * w + 1] * gap.std + gap.mean);
    expect(hours(0, 0)).toBeCloseTo(1, 4);
    expect(hours(0, 2)).toBeCloseTo(0, 4);
    expect(d.denseValues[(1 * d.seqLen) * w + 1]).toBe(0);
  });

  it('reads epoch seconds in a column mapped as time by hand, whatever its name', () => {
    const t = { header: ['who', 't', 'y'], rows: [['a', '1700000000', '1'], ['a', '1700003600', '1'], ['b', '1700000000', '0']] };
    const m: ColumnMapping[] = [
      { name: 'who', role: 'user' },
      { name: 't', role: 'time' },
      { name: 'y', role: 'label' },
    ];
    const d = encodeEvents(t, m, { seqLen: 4, name: 'x' });
    expect(d.timeGapBucket[1]).toBe(timeGapToBucket(3600));
  });

  it('gives per-user labels and the task indicator', () => {
    const t = { header, rows: [...rows, ['u4', '2024-01-05 00:00:00', 'a', '1', '']] };
    const d = encode(t);
    expect(d.userIds).toEqual(['u1', 'u2', 'u4']);
    expect(Array.from(d.labels)).toEqual([1, 0, 0]);
    expect(Array.from(d.labelMask)).toEqual([1, 1, 0]);
    expect(d.tasks).toEqual([{ name: 'label', labelled: 2, positives: 1 }]);
  });

  it('rejects conflicting labels within a user, naming the user, rows and column', () => {
    const t = { header, rows: rows.map((r, i) => (i === 4 ? [...r.slice(0, 4), '0'] : r)) };
    const e = dataError(() => encode(t));
    expect(e.column).toBe('label');
    expect(e.row).toBe(6);
    expect(e.message).toMatch(/User "u1" has two different labels: "1" on row 2 and "0" here/);
  });

  it('rejects a label column that is not binary', () => {
    const t = { header, rows: rows.map((r, i) => (i === 1 ? [...r.slice(0, 4), 'maybe'] : r)) };
    expect(dataError(() => encode(t)).message).toMatch(/^row 3, column "label": .*"maybe".*not a binary label/);
  });

  it('rejects a task with one class only', () => {
    const t = { header, rows: rows.map((r) => [...r.slice(0, 4), r[4] === '' ? '' : '1']) };
    expect(dataError(() => encode(t)).message).toMatch(/task label has only positive labels .*AUC needs both classes; map another column or build a label/i);
  });

  it('rejects text in a dense column, naming row, column and value', () => {
    const t = { header, rows: rows.map((r, i) => (i === 3 ? [r[0], r[1], r[2], '12 EUR', r[4]] : r)) };
    expect(dataError(() => encode(t)).message).toMatch(/^row 5, column "amount": .*"12 EUR"/);
  });

  it('rejects a time that does not read, naming the row', () => {
    const t = { header, rows: rows.map((r, i) => (i === 2 ? [r[0], 'yesterday', ...r.slice(2)] : r)) };
    expect(dataError(() => encode(t)).message).toMatch(/^row 4, column "time": "yesterday"/);
  });

  it('rejects mappings that cannot train', () => {
    expect(dataError(() => encode(log, mapping.filter((m) => m.role !== 'user'))).message).toMatch(/No column is mapped as the user/);
    expect(dataError(() => encode(log, mapping.filter((m) => m.role !== 'label'))).message).toMatch(/at least one task/);
    expect(dataError(() => encode(log, [...mapping, { name: 'nope', role: 'dense' }])).message).toMatch(/"nope" is not in the file/);
    const one = { header, rows: rows.filter((r) => r[0] === 'u1') };
    expect(dataError(() => encode(one)).message).toMatch(/Only one user \("u1"\)/);
  });
});
