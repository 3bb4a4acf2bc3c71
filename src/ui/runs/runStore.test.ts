import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSpec } from '../../run/runSpec';
import type { EvalMetrics, StepMetrics } from '../../train/metrics';
import { bestAuc, chosenStep, recordOf, statusText, type RunRecord } from './runRecord';
import { indexedDbRunStore, StorageFullError } from './runStore';

const step = (i: number): StepMetrics => ({
  step: i,
  loss: 1 / i,
  taskLoss: [0.5 / i, null],
  balanceLoss: 0.01,
  zLoss: 0,
  routing: [{ site: 'block0.ffn1', counts: [3, 5], dropped: 0 }],
  tokens: 100,
  stepMs: 40,
});
const evalAt = (i: number, aucs: (number | null)[], chosen: number | null = null): EvalMetrics => ({
  step: i,
  tasks: aucs.map((auc, k) => ({ name: `t${k}`, auc, oracleAuc: null, loss: 0.6, labelled: 50 })),
  evalMs: 5,
  ...(chosen === null ? {} : { earlyStop: { holdoutAuc: [], score: 0.7, chosenStep: chosen, stop: false } }),
});

function run(id: string, created: string, steps = 4): RunRecord {
  const spec = defaultSpec('software');
  const history = { steps: Array.from({ length: steps }, (_, i) => step(i + 1)), evals: [evalAt(2, [0.6, null]), evalAt(4, [0.7, 0.55], 2)] };
  return recordOf(id, { spec, summary: null, history, chosen: null, steps }, 'running', null, new Date(created));
}

afterEach(() => vi.restoreAllMocks());

describe('run records', () => {
  it('keep the metrics without the routing counts, the best AUC per task and the chosen step', () => {
    const r = run('a', '2026-12-01T10:00:00Z');
    expect(r.history.steps).toHaveLength(4);
    expect(r.history.steps[0]).not.toHaveProperty('routing');
    expect(r.tasks).toEqual(['t0', 't1']);
    expect(bestAuc(r)).toEqual([0.7, 0.55]);
    expect(chosenStep(r)).toBe(2);
    expect(r.data.fingerprint).toBe(`demo:${r.spec.data.demoUsers}:seed${r.spec.seed}`);
  });

  it('say where a run cut off by a reload stopped, and that a live one is training', () => {
    const r = run('a', '2026-12-01T10:00:00Z');
    expect(statusText(r, false)).toBe('stopped at step 4 (page closed or reloaded; kept up to that evaluation)');
    expect(statusText(r, true)).toBe('training');
    expect(statusText({ ...r, status: 'done' }, false)).toBe('done');
  });

  it('a later save of the same run keeps its id, name and creation time', () => {
    const first = run('a', '2026-12-01T10:00:00Z');
    const renamed = { ...first, name: 'mine' };
    const later = recordOf('a', { spec: first.spec, summary: null, history: { steps: [], evals: [] }, chosen: null, steps: 9 }, 'done', renamed, new Date('2026-12-01T11:00:00Z'));
    expect([later.name, later.created, later.updated, later.steps]).toEqual(['mine', first.created, '2026-12-01T11:00:00.000Z', 9]);
  });
});

describe('the IndexedDB run store', () => {
  it('adds, lists newest first, gets, replaces, renames and deletes', async () => {
    const store = indexedDbRunStore(new IDBFactory());
    await store.put(run('a', '2026-12-01T10:00:00Z'));
    await store.put(run('b', '2026-12-01T11:00:00Z'));
    expect((await store.list()).map((r) => r.id)).toEqual(['b', 'a']);

    await store.put({ ...run('a', '2026-12-01T10:00:00Z', 6), status: 'done' });
    const a = await store.get('a');
    expect([a?.status, a?.history.steps.length]).toEqual(['done', 6]);

    const renamed = await store.rename('a', '  lr 0.02  ');
    expect(renamed.name).toBe('lr 0.02');
    expect((await store.get('a'))?.name).toBe('lr 0.02');
    await expect(store.rename('a', '   ')).rejects.toThrow('A run’s name cannot be empty');
    await expect(store.rename('zzz', 'x')).rejects.toThrow('no longer in the history');

    await store.remove('b');
    expect((await store.list()).map((r) => r.id)).toEqual(['a']);
    expect(await store.get('b')).toBeNull();
  });

  it('survives reopening the database (a reload)', async () => {
    const factory = new IDBFactory();
    await indexedDbRunStore(factory).put(run('a', '2026-12-01T10:00:00Z'));
    const again = await indexedDbRunStore(factory).list();
    expect(again.map((r) => [r.id, r.history.evals.length])).toEqual([['a', 2]]);
  });

  it('storage full: a clear message, and every stored run (and the run’s earlier save) is kept', async () => {
    const store = indexedDbRunStore(new IDBFactory());
    await store.put(run('a', '2026-12-01T10:00:00Z'));
    await store.put(run('b', '2026-12-01T11:00:00Z', 2));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if ((args[0] as RunRecord).steps > 100) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const big = { ...run('b', '2026-12-01T11:00:00Z', 2), steps: 5000 };
    const failed = store.put(big);
    await expect(failed).rejects.toBeInstanceOf(StorageFullError);
    await expect(failed).rejects.toThrow(/Browser storage is full: run “.+” was not saved \(its earlier saves and every other run are kept\)\. Delete old runs/);
    const kept = await store.list();
    expect(kept.map((r) => [r.id, r.steps])).toEqual([
      ['b', 2],
      ['a', 4],
    ]);
    // The store still works for smaller writes.
    await store.remove('a');
    expect((await store.list()).map((r) => r.id)).toEqual(['b']);
  });

  it('without IndexedDB: a message saying runs are not kept', async () => {
    await expect(indexedDbRunStore(undefined).list()).rejects.toThrow('This browser has no IndexedDB: runs are not kept after the page closes.');
  });
});
