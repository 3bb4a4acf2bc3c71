// The prediction time (data.predictionTime) and each event's age at it (data.eventAge), on a
// hand-worked log.
import { describe, expect, it } from 'vitest';
import type { ColumnMapping, LabelBuilder } from '../run/runSpec';
import { dataError } from '../test/expectDataError';
import { AGE_BUCKETS, ageToBucket } from './dataset';
import { encodeEvents, type EncodeOptions } from './encode';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('ageToBucket', () => {
  it('reserves 0, gives 1 to the last hour, then half-octaves of hours, capped', () => {
    expect([NaN, -1, Infinity].map(ageToBucket)).toEqual([0, 0, 0]);
    expect(ageToBucket(0)).toBe(1);
    expect(ageToBucket(HOUR - 1)).toBe(1);
    expect(ageToBucket(HOUR)).toBe(2);
    // 1.5 h: 2·log2(1.5) = 1.17 → 3; 2 h → 4; 3 h: 2·log2(3) = 3.17 → 5; 4 h → 6.
    expect([1.5, 2, 3, 4].map((h) => ageToBucket(h * HOUR))).toEqual([3, 4, 5, 6]);
    // A day: 2·log2(24) = 9.17 → 11; a week: 2·log2(168) = 14.78 → 16; 90 days: 2·log2(2160) = 22.15 → 24.
    expect([1, 7, 90].map((d) => ageToBucket(d * DAY))).toEqual([11, 16, 24]);
    expect(ageToBucket(10 * 365 * DAY)).toBe(AGE_BUCKETS - 1);
    // Never decreasing with age.
    const buckets = Array.from({ length: 2000 }, (_, i) => ageToBucket(1.02 ** i * 60));
    expect(buckets.every((b, i) => i === 0 || b >= buckets[i - 1])).toBe(true);
  });
});

const mapping: ColumnMapping[] = [
  { name: 'user', role: 'user' },
  { name: 'time', role: 'time' },
  { name: 'kind', role: 'category' },
  { name: 'label', role: 'label' },
];
const ROWS = [
  ['u1', '2024-01-01 00:00:00', 'a', '1'],
  ['u1', '2024-01-09 23:30:00', 'b', '1'],
  ['u1', '2024-01-10 00:00:00', 'c', '1'],
  ['u1', '2024-01-12 00:00:00', 'a', '1'],
  ['u2', '2024-01-09 00:00:00', 'a', '0'],
  ['u2', '2024-01-15 00:00:00', 'b', '0'],
];
const table = { header: ['user', 'time', 'kind', 'label'], rows: ROWS };
const build = (opts: Partial<EncodeOptions> = {}, m = mapping) => encodeEvents(table, m, { name: 't', seqLen: 4, eventAge: true, ...opts });
const ages = (d: ReturnType<typeof build>, u: number) => Array.from(d.ageBucket!.subarray(u * d.seqLen, (u + 1) * d.seqLen));
const builder: LabelBuilder = { cutoff: '2024-01-10', windowDays: 3, windowEvents: 1, tasks: [{ name: 'again', kind: 'any' }] };

describe('prediction time', () => {
  it('defaults to just after the last event without a label window: every event is an input', () => {
    const d = build();
    const end = Date.UTC(2024, 0, 15) + 1;
    expect(d.predictionTime).toBe(end);
    expect(Array.from(d.length)).toEqual([4, 2]);
    // Ages in seconds at the end: u1's last event is 3 days old, u2's last 1 ms.
    const at = (iso: string) => ageToBucket((end - Date.parse(`${iso}Z`)) / 1000);
    expect(ages(d, 0)).toEqual([at('2024-01-01T00:00'), at('2024-01-09T23:30'), at('2024-01-10T00:00'), at('2024-01-12T00:00')]);
    expect(ages(d, 0)).toEqual([18, 15, 15, 14]);
    expect(ages(d, 1)).toEqual([ageToBucket(6 * DAY), 1, 0, 0]);
  });

  it('defaults to the label cutoff with labels from the log: inputs stop where the window starts', () => {
    const d = build({ labelBuilder: builder });
    expect(d.predictionTime).toBe(Date.UTC(2024, 0, 10));
    expect(Array.from(d.length)).toEqual([2, 1]);
    expect(ages(d, 0)).toEqual([ageToBucket(9 * DAY), ageToBucket(0.5 * HOUR), 0, 0]);
    expect(ages(d, 1)).toEqual([ageToBucket(DAY), 0, 0, 0]);
  });

  it('reads an explicit time as UTC, keeps only events strictly before it, and says so', () => {
    const d = build({ predictionTime: '2024-01-09 23:30' });
    expect(d.predictionTime).toBe(Date.UTC(2024, 0, 9, 23, 30));
    expect(Array.from(d.length)).toEqual([1, 1]);
    expect(ages(d, 1)).toEqual([ageToBucket(23.5 * HOUR), 0, 0, 0]);
    expect(d.notes).toContain('Inputs are the events before the prediction time (2024-01-09 23:30 UTC).');
    expect(build({ predictionTime: '2024-01-09T23:30:00+01:00' }).predictionTime).toBe(Date.UTC(2024, 0, 9, 22, 30));
  });

  it('may be before the label cutoff: the labels still come from the window', () => {
    const rows = [...ROWS, ['u3', '2024-01-02 00:00:00', 'a', '0']];
    const d = encodeEvents({ ...table, rows }, mapping, { name: 't', seqLen: 4, labelBuilder: builder, predictionTime: '2024-01-05' });
    expect(d.userIds).toEqual(['u1', 'u3']);
    expect(Array.from(d.length)).toEqual([1, 1]);
    // Tasks: the label column, then "again". u1 is "again" for its event of Jan 10 in the
    // window, although its inputs end on Jan 5.
    expect(d.tasks.map((t) => t.name)).toEqual(['label', 'again']);
    expect(Array.from(d.labels)).toEqual([1, 1, 0, 0]);
    expect(d.notes).toContain('1 user without events before the prediction time (2024-01-05 00:00 UTC) was left out.');
  });

  it('refuses a time after the label cutoff: the labels would leak into the inputs', () => {
    const e = dataError(() => build({ labelBuilder: builder, predictionTime: '2024-01-11' }));
    expect(e.message).toMatch(/prediction time 2024-01-11 00:00 UTC is after the label cutoff 2024-01-10 00:00 UTC: .*would see the labels/);
    expect(e.hint).toMatch(/at or before the label cutoff, or leave it empty/);
    expect(build({ labelBuilder: builder, predictionTime: '2024-01-10' }).predictionTime).toBe(Date.UTC(2024, 0, 10));
  });

  it('is undefined without a time column, and there are no ages then', () => {
    const d = build({ predictionTime: '2024-01-05' }, mapping.filter((m) => m.role !== 'time'));
    expect(d.predictionTime).toBeUndefined();
    expect(d.ageBucket).toBeUndefined();
    expect(Array.from(d.length)).toEqual([4, 2]);
  });

  it('adds no ages with data.eventAge off', () => {
    expect(build({ eventAge: false }).ageBucket).toBeUndefined();
  });
});
