// Property tests: the label builder's rules come from a link or the UI, its log from a user's
// file. For any rules that pass the run schema and any log, building the dataset either works
// or throws a DataError that says why (never another exception); every label is 0 or 1 with
// its mask (0 = missing), each equals the rule applied to the user's label window, and no
// input event lies at or after the cutoff (or, without a time column, in the last k events).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../run/fields';
import type { LabelBuilder, LabelTask } from '../run/runSpec';
import { buildDataset } from './buildDataset';
import type { Dataset } from './dataset';
import type { EventStore } from './eventStore';
import { labelWindow } from './labelBuilder';
import { DataError } from './rawTable';
import { PROPERTY_RUNS } from '../test/property';

const START = Date.UTC(2024, 0, 1);
const KINDS = ['view', 'buy', 'gift', 'buy,gift', ' buy'];

interface LogEvent {
  user: number;
  /** Minutes after START. */
  minute: number;
  kind: number | null;
  amount: number | null;
}

const logEvent = (users: number) =>
  fc.record({
    user: fc.nat({ max: users - 1 }),
    minute: fc.nat({ max: 60 * 24 * 60 }),
    kind: fc.option(fc.nat({ max: KINDS.length - 1 })),
    amount: fc.option(fc.oneof(fc.integer({ min: -50, max: 500 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }))),
  });

// Mostly enough users and events for a dataset to build (both classes in every task), sometimes none at all.
const log = fc.integer({ min: 1, max: 10 }).chain((users) => fc.tuple(fc.constant(users), fc.array(logEvent(users), { minLength: 2 * users, maxLength: 150 }), fc.boolean()));

/** The store a file of these events loads into: `kind` a category, `amount` dense (its value is the event's index, to trace inputs), `spend` the amount. */
function storeOf(users: number, events: LogEvent[], timed: boolean): EventStore {
  const n = events.length;
  return {
    format: 'events',
    userColumn: 'user',
    userIds: Array.from({ length: users }, (_, u) => `u${u}`),
    user: Int32Array.from(events, (e) => e.user),
    time: timed ? Float64Array.from(events, (e) => START + e.minute * 60_000) : null,
    timeColumn: timed ? 'time' : null,
    discrete: [{ name: 'kind', kind: 'category', input: true, values: KINDS, codes: Int32Array.from(events, (e) => e.kind ?? -1) }],
    dense: [
      { name: 'index', norm: 'none', values: Float32Array.from(events, (_, i) => i) },
      { name: 'spend', norm: 'none', values: Float32Array.from(events, (e) => e.amount ?? NaN) },
    ],
    labels: [],
    rows: n,
    events: n,
    droppedNoUser: 0,
    droppedNoTime: 0,
  };
}

const isoAt = (minute: number, len: number) => new Date(START + minute * 60_000).toISOString().slice(0, len);

/** Cutoffs as people and tools write them: mostly inside the log, sometimes around it, in other formats, or far off. */
const cutoff = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 5 * 24 * 60, max: 55 * 24 * 60 }), fc.constantFrom(10, 16, 19, 24)).map(([m, len]) => isoAt(m, len)) },
  { weight: 1, arbitrary: fc.integer({ min: -20 * 24 * 60, max: 80 * 24 * 60 }).map((m) => isoAt(m, 16).replace('T', ' ')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('2024-01-20 10:00 GMT', 'Jan 20 2024', 'Sat, 20 Jan 2024 10:00:00 GMT', '2024-01-20T10:00+02:00', '2024', '1', '275760-09-13', '-271821-04-20', '+275760-09-13T00:00:00Z'),
  },
);

const task: fc.Arbitrary<LabelTask> = fc.record(
  {
    name: fc.string({ minLength: 1, maxLength: 8 }),
    kind: fc.constantFrom('any' as const, 'sum' as const, 'match' as const),
    // Mostly columns the store has; sometimes one it lacks (a stale link), which must be refused.
    column: fc.oneof({ weight: 15, arbitrary: fc.constantFrom('kind', 'spend', 'index') }, { weight: 1, arbitrary: fc.constantFrom('nope', 'user', '') }),
    threshold: fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 400 }),
    op: fc.constantFrom('equals' as const, 'contains' as const),
    value: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...KINDS, 'buy, view', '1', '12', '3', '12.5', 'u') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom(',', ''), fc.string({ maxLength: 6 })) }),
  },
  { requiredKeys: ['name', 'kind', 'column', 'value'] },
);

const LABEL_BUILDER = FIELDS.find((f) => f.key === 'data.labelBuilder')!.schema;

/** Rules that pass the run schema, as a link or the label builder panel would give them. */
const rules: fc.Arbitrary<LabelBuilder> = fc
  .record({
    cutoff,
    windowDays: fc.oneof({ weight: 3, arbitrary: fc.double({ min: 0.001, max: 60, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0.001, 36_500) }),
    windowEvents: fc.integer({ min: 1, max: 3 }),
    tasks: fc.array(task, { minLength: 1, maxLength: 3 }),
  })
  .map((b) => LABEL_BUILDER.safeParse(b))
  .filter((r) => r.success)
  .map((r) => r.data as LabelBuilder);

const options = fc.record({
  seqLen: fc.integer({ min: 1, max: 6 }),
  minEvents: fc.constantFrom(1, 1, 2, 3),
  mergeSameTime: fc.boolean(),
  eventAge: fc.boolean(),
  userSummary: fc.boolean(),
  predictionTime: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: cutoff }),
});

/** Events of user `id`, in time order (file order breaks ties), as indices. */
function eventsOf(store: EventStore, id: string): number[] {
  const u = store.userIds.indexOf(id);
  const idx = [...store.user.keys()].filter((e) => store.user[e] === u);
  const t = store.time;
  return t ? idx.sort((a, b) => t[a] - t[b] || a - b) : idx;
}

/** The rule of `task` applied to `window`, written out again from the task's words. */
function expectedLabel(t: LabelTask, store: EventStore, window: number[]): number {
  if (t.kind === 'any') return window.length > 0 ? 1 : 0;
  const spend = store.dense[1].values;
  if (t.kind === 'sum') return window.reduce((s, e) => s + (Number.isNaN(spend[e]) ? 0 : spend[e]), 0) >= (t.threshold ?? 0) ? 1 : 0;
  const wanted = (t.value ?? '').trim();
  const options = new Set(wanted.split(',').map((s) => s.trim()).filter(Boolean));
  const hit = (s: string) => (t.op === 'contains' ? s.includes(wanted) : options.has(s));
  if (t.column === 'kind') return window.some((e) => store.discrete[0].codes[e] >= 0 && hit(KINDS[store.discrete[0].codes[e]])) ? 1 : 0;
  const values = t.column === 'spend' ? spend : store.dense[0].values;
  return window.some((e) => (t.op === 'contains' ? hit(String(values[e])) : [...options].some((x) => Math.fround(Number(x)) === values[e]))) ? 1 : 0;
}

function checkDataset(d: Dataset, store: EventStore, b: LabelBuilder): void {
  const K = b.tasks.length;
  const w = labelWindow(b, store);
  const width = d.dense.length;
  for (let i = 0; i < d.numUsers; i++) {
    const seq = eventsOf(store, d.userIds[i]);
    const windowEvents = w.byTime ? seq.filter((e) => store.time![e] >= w.cutoff && store.time![e] < w.end) : seq.slice(Math.max(0, seq.length - w.events));
    // Inputs: the traced index of each kept event.
    for (let p = 0; p < d.length[i]; p++) {
      const e = d.denseValues[(i * d.seqLen + p) * width];
      if (w.byTime) expect(store.time![e], `user ${d.userIds[i]}'s input event ${e} is not before the cutoff`).toBeLessThan(w.cutoff);
      else expect(windowEvents, `user ${d.userIds[i]}'s input event ${e} is in the label window`).not.toContain(e);
    }
    b.tasks.forEach((t, k) => {
      expect(d.labelMask[i * K + k]).toBe(1);
      expect(d.labels[i * K + k], `task ${k} of user ${d.userIds[i]}`).toBe(expectedLabel(t, store, windowEvents));
    });
  }
  for (const y of d.labels) expect([0, 1]).toContain(y);
}

describe('label builder on untrusted rules and logs (property)', () => {
  it('builds 0/1 labels from the window only, and no input at or after the cutoff, or refuses with a DataError', () => {
    fc.assert(
      fc.property(log, rules, options, ([users, events, timed], b, opts) => {
        const store = storeOf(users, events, timed);
        let d: Dataset;
        try {
          d = buildDataset(store, { name: 't', labelBuilder: b, ...opts });
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
          expect(e.problem.length).toBeGreaterThan(0);
          return;
        }
        checkDataset(d, store, b);
      }),
      { seed: 11_420, numRuns: PROPERTY_RUNS },
    );
  });
});

// Bugs the property above found, kept as examples: each threw a RangeError ("Invalid time value") before.
describe('label builder: regressions found by the property', () => {
  const twoUsers: LogEvent[] = [
    { user: 0, minute: 0, kind: 0, amount: 1 },
    { user: 1, minute: 0, kind: 1, amount: 2 },
    { user: 0, minute: 30 * 24 * 60, kind: 1, amount: 3 },
  ];
  const any: LabelTask[] = [{ name: 'active', kind: 'any' }];
  const build = (events: LogEvent[], b: Partial<LabelBuilder>, predictionTime = '') =>
    buildDataset(storeOf(2, events, true), { name: 't', seqLen: 4, labelBuilder: { cutoff: '', windowDays: 30, windowEvents: 1, tasks: any, ...b }, predictionTime });

  it('reads a cutoff the run schema accepts in a non-ISO form ("2024-01-20 10:00 GMT") as that time', () => {
    expect(LABEL_BUILDER.safeParse({ cutoff: '2024-01-20 10:00 GMT', windowDays: 30, windowEvents: 1, tasks: any }).success).toBe(true);
    const d = build(twoUsers, { cutoff: '2024-01-20 10:00 GMT' });
    expect(Array.from(d.labels)).toEqual([1, 0]);
    expect(d.tasks[0]).toMatchObject({ labelled: 2, positives: 1 });
  });

  it('refuses a label window past the dates a browser holds, saying so', () => {
    expect(() => build(twoUsers, { cutoff: '+275760-09-13T00:00:00Z' })).toThrow(/reaches past the dates a browser can hold/);
  });

  it('refuses a log without any timed event before placing the window at its end', () => {
    expect(() => build([], {}, '2024-01-01')).toThrow(/No event of the log has a time/);
  });

  it('writes a time past the year 9999 whole in a message', () => {
    expect(() => build(twoUsers, { cutoff: '2024-01-20' }, '+200000-01-01T00:00Z')).toThrow(/prediction time \+200000-01-01 00:00 UTC is after the label cutoff 2024-01-20 00:00 UTC/);
  });
});
