// Per-user summary inputs on a hand-worked log: counts, spans, sums and distinct values over
// every input event before the prediction time (nothing at or after it), slog, then the
// training users' standardisation.
import { describe, expect, it } from 'vitest';
import type { ColumnMapping, LabelBuilder } from '../run/runSpec';
import { encodeEvents, type EncodeOptions } from './encode';
import { splitUsers } from './split';
import type { RawTable } from './rawTable';
import { applyUserFeatures, fitUserFeatures, slog, USER_FEATURE_CLIP } from './userSummary';

const mapping: ColumnMapping[] = [
  { name: 'user', role: 'user' },
  { name: 'time', role: 'time' },
  { name: 'kind', role: 'category' },
  { name: 'item', role: 'id' },
  { name: 'amount', role: 'dense' },
];
// Cutoff (and so prediction time) 2024-01-10 00:00 UTC; the window is 5 days.
const builder: LabelBuilder = { cutoff: '2024-01-10', windowDays: 5, windowEvents: 1, tasks: [{ name: 'again', kind: 'any' }] };
const ROWS = [
  // u1: a basket of two rows (one amount missing), a later row; then rows at and after the cutoff.
  ['u1', '2024-01-01 10:00:00', 'view', 'a', '2'],
  ['u1', '2024-01-01 10:00:00', 'view', 'b', ''],
  ['u1', '2024-01-03 08:00:00', 'buy', 'a', '-1'],
  ['u1', '2024-01-10 00:00:00', 'buy', 'z', '100'],
  ['u1', '2024-01-12 00:00:00', 'buy', 'y', '50'],
  // u2: one event, its amount missing; nothing in the window.
  ['u2', '2024-01-09 12:00:00', 'view', 'c', ''],
  // u3: two events on one day, then one in the window.
  ['u3', '2024-01-05 00:00:00', 'view', 'a', '4'],
  ['u3', '2024-01-05 23:00:00', 'buy', 'd', '6'],
  ['u3', '2024-01-11 00:00:00', 'buy', 'z', '1000'],
];
const table = (rows: string[][]): RawTable => ({ header: mapping.map((m) => m.name), rows });
const build = (rows = ROWS, opts: Partial<EncodeOptions> = {}) => encodeEvents(table(rows), mapping, { name: 't', seqLen: 2, labelBuilder: builder, userSummary: true, ...opts });

// By hand, per user: events, sessions, active_days, days_since_first, days_since_last,
// amount_sum, amount_mean, amount_max, item_distinct.
const RAW = [
  [3, 2, 2, 8 + 14 / 24, 6 + 16 / 24, 1, 0.5, 2, 2],
  [1, 1, 1, 0.5, 0.5, 0, 0, 0, 1],
  [2, 2, 1, 5, 4 + 1 / 24, 10, 5, 6, 2],
];

/** Undo the standardisation of feature f (the values are not clipped here). */
const rawOf = (d: ReturnType<typeof build>, u: number, f: number) => {
  const F = d.userFeatureNames!.length;
  const s = d.userFeatureStats!;
  const y = d.userFeatures![u * F + f] * s.std[f] + s.mean[f];
  return Math.sign(y) * Math.expm1(Math.abs(y));
};

describe('user summary', () => {
  it('names the features: counts, time spans, per dense column and per ID column', () => {
    expect(build().userFeatureNames).toEqual(['events', 'sessions', 'active_days', 'days_since_first', 'days_since_last', 'amount_sum', 'amount_mean', 'amount_max', 'item_distinct']);
  });

  it('counts over every input event before the prediction time, whatever N keeps', () => {
    const d = build();
    expect(d.userIds).toEqual(['u1', 'u2', 'u3']);
    // N = 2 keeps two of u1's three input events; the summary still counts three.
    expect(d.length[0]).toBe(2);
    RAW.forEach((row, u) => row.forEach((x, f) => expect(rawOf(d, u, f), `user ${u} feature ${d.userFeatureNames![f]}`).toBeCloseTo(x, 4)));
  });

  it('leaks nothing at or after the prediction time', () => {
    const before = ROWS.filter((r) => r[1] < '2024-01-10');
    const after = ROWS.filter((r) => r[1] >= '2024-01-10');
    // The same inputs with other (larger, more) rows in the window: identical features.
    const other = [...before, ...after.map((r) => [r[0], r[1], 'buy', 'new', '123456']), ['u2', '2024-01-20 00:00:00', 'buy', 'x', '9']];
    expect(build(other).userFeatures).toEqual(build().userFeatures);
    // A prediction time at u1's second visit leaves that visit out, and u2 and u3 (u4 has an
    // early event and no label event, so that the task keeps both classes).
    const early = build([...ROWS, ['u4', '2024-01-02 00:00:00', 'view', 'e', '1']], { predictionTime: '2024-01-03T08:00' });
    expect(early.userIds).toEqual(['u1', 'u4']);
    expect(rawOf(early, 0, 0)).toBeCloseTo(2, 4);
    expect(rawOf(early, 0, 4)).toBeCloseTo(1 + 22 / 24, 4);
    expect(rawOf(early, 0, 5)).toBeCloseTo(2, 4);
  });

  it('is the same with same-time rows merged (it reads the raw rows)', () => {
    const merged = build(ROWS, { mergeSameTime: true });
    expect(merged.length[0]).toBe(2);
    expect(merged.userFeatures).toEqual(build().userFeatures);
  });

  it('standardises slog(x) with the training users only, and keeps the fitted transform', () => {
    // Six users (each of the three twice), so that two validation users can hold both classes.
    const rows = [...ROWS, ...ROWS.map((r) => [`${r[0]}b`, ...r.slice(1)])];
    const positive = (u: number) => u % 3 !== 1;
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find((s) => new Set(Array.from(splitUsers(6, 0.34, s).val, positive)).size === 2)!;
    const d = build(rows, { split: { valFraction: 0.34, seed } });
    expect(d.userIds).toEqual(['u1', 'u2', 'u3', 'u1b', 'u2b', 'u3b']);
    const { train } = splitUsers(6, 0.34, seed);
    const events = (u: number) => slog(RAW[u % 3][0]);
    const mean = Array.from(train, events).reduce((a, b) => a + b, 0) / train.length;
    expect(d.userFeatureStats!.mean[0]).toBeCloseTo(mean, 12);
    const std = Math.sqrt(Array.from(train, (u) => (events(u) - mean) ** 2).reduce((a, b) => a + b, 0) / train.length);
    expect(d.userFeatureStats!.std[0]).toBeCloseTo(std, 12);
    // Every user, validation ones too, is normalised with that fit.
    for (let u = 0; u < 6; u++) expect(d.userFeatures![u * 9]).toBeCloseTo((events(u) - mean) / std, 5);
  });
});

describe('user feature normalisation', () => {
  it('maps a constant feature to 0 and clips outliers', () => {
    // Feature 0 constant; feature 1 with one far outlier among 99 equal values.
    const raw = new Float64Array(200);
    for (let u = 0; u < 100; u++) {
      raw[u * 2] = 7;
      raw[u * 2 + 1] = u === 0 ? 1e12 : 1;
    }
    const stats = fitUserFeatures(raw, 2, null);
    expect(stats.std[0]).toBe(0);
    const out = applyUserFeatures(raw, stats);
    expect(Array.from({ length: 100 }, (_, u) => out[u * 2]).every((x) => x === 0)).toBe(true);
    expect(out[1]).toBe(USER_FEATURE_CLIP);
    expect(out[3]).toBeCloseTo((slog(1) - stats.mean[1]) / stats.std[1], 6);
  });

  it('applies the training users’ fit to every user', () => {
    const raw = Float64Array.from([0, 1, 3, 1000]);
    const stats = fitUserFeatures(raw, 1, Int32Array.from([0, 1, 2]));
    const m = (slog(0) + slog(1) + slog(3)) / 3;
    expect(stats.mean[0]).toBeCloseTo(m, 12);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt([0, 1, 3].reduce((a, x) => a + (slog(x) - m) ** 2, 0) / 3), 12);
    expect(applyUserFeatures(raw, stats)[3]).toBeCloseTo(Math.min(USER_FEATURE_CLIP, (slog(1000) - m) / stats.std[0]), 5);
  });
});
