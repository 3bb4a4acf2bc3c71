import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSpec } from '../../run/runSpec';
import type { StepMetrics } from '../../train/metrics';
import { emptyRecipe } from '../recipeHistory';
import { RunRecorder, saveKey, type HistoryState, type RecordedView } from './recorder';
import type { RunRecord } from './runRecord';
import { indexedDbRunStore } from './runStore';

const step = (i: number): StepMetrics => ({ step: i, loss: 1, taskLoss: [1], balanceLoss: 0, zLoss: 0, routing: [], tokens: 10, stepMs: 5 });
const evalAt = (i: number) => ({ step: i, tasks: [{ name: 't', auc: 0.6, oracleAuc: null, loss: 0.6, labelled: 5 }], evalMs: 1 });

function view(runKey: number, steps: number, state: RecordedView['state'] = 'running', lr = 0.01): RecordedView {
  const spec = defaultSpec('software');
  spec.train.learningRate = lr;
  const history = { steps: Array.from({ length: steps }, (_, i) => step(i + 1)), evals: Array.from({ length: Math.floor(steps / 2) }, (_, i) => evalAt(2 * (i + 1))) };
  return { runKey, state, preparedSpec: spec, summary: null, history, recipe: emptyRecipe() };
}

let ids = 0;
function recorder() {
  const store = indexedDbRunStore(new IDBFactory());
  const seen: HistoryState[] = [];
  const r = new RunRecorder(store, (s) => seen.push(s), () => `id${++ids}`);
  return { r, store, seen };
}

const stored = async (store: ReturnType<typeof indexedDbRunStore>) => (await store.list()).map((x: RunRecord) => [x.id, x.status, x.history.steps.length]);

afterEach(() => vi.restoreAllMocks());

describe('the run recorder', () => {
  it('saves the run on screen under one record at each save, and a new run under another', async () => {
    const { r, store } = recorder();
    await r.load();
    r.record(view(1, 0, 'ready')); // untrained: nothing kept
    r.record(view(1, 2));
    r.record(view(1, 4));
    await r.settled();
    const first = r.current.liveId;
    expect(await stored(store)).toEqual([[first, 'running', 4]]);
    r.record(view(1, 6, 'done'));
    r.record(view(2, 2)); // the page prepared another run
    await r.settled();
    expect(r.current.liveId).not.toBe(first);
    expect((await stored(store)).sort()).toEqual([[first, 'done', 6], [r.current.liveId, 'running', 2]].sort());
    expect(r.current.runs.map((x) => x.id).sort()).toEqual([first, r.current.liveId].sort());
  });

  it('keeps a discarded run as discarded; its late events are not the next run’s', async () => {
    const { r, store } = recorder();
    r.record(view(1, 4));
    const old = r.current.liveId;
    const v = view(1, 4);
    r.discard({ spec: v.preparedSpec!, summary: null, history: v.history, recipe: emptyRecipe(), steps: 4 });
    r.record(view(1, 6)); // the discarded loop's last events, before the page cleared it
    r.record(view(2, 0, 'ready'));
    r.record(view(2, 2, 'running', 0.02));
    await r.settled();
    const rows = await store.list();
    expect(rows.map((x) => [x.id === old, x.status, x.history.steps.length, x.spec.train.learningRate]).sort()).toEqual(
      [
        [true, 'discarded', 4, 0.01],
        [false, 'running', 2, 0.02],
      ].sort(),
    );
  });

  it('renames and deletes; a deleted run on screen is not saved again', async () => {
    const { r, store } = recorder();
    r.record(view(1, 2));
    const id = r.current.liveId;
    await r.rename(id, 'mine');
    r.record(view(1, 4));
    await r.settled();
    expect((await store.get(id))?.name).toBe('mine');
    await r.remove(id);
    r.record(view(1, 6));
    await r.settled();
    expect(await store.list()).toEqual([]);
    expect(r.current.runs).toEqual([]);
  });

  it('storage full: says so, shows what the store holds, and the other runs stay', async () => {
    const { r, store } = recorder();
    r.record(view(1, 2));
    r.record(view(2, 2));
    await r.settled();
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if ((args[0] as RunRecord).steps >= 4) throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    });
    r.record(view(2, 4));
    await r.settled();
    expect(r.current.problem).toMatch(/^Browser storage is full: run “.+” was not saved/);
    expect(await stored(store)).toHaveLength(2);
    // The page's list is the store's again: the unsaved 4-step save is not shown.
    expect(r.current.runs.map((x) => x.history.steps.length)).toEqual([2, 2]);
    r.dismissProblem();
    expect(r.current.problem).toBeNull();
  });

  it('a new save is due at an evaluation, a stop, a chosen step, a new run; not at every step while running', () => {
    const a = view(1, 3);
    expect(saveKey(view(1, 3))).toBe(saveKey(a));
    expect(saveKey({ ...a, history: { ...a.history, steps: [...a.history.steps, step(4)] } })).toBe(saveKey(a));
    expect(saveKey(view(1, 4))).not.toBe(saveKey(a));
    expect(saveKey(view(1, 3, 'paused'))).not.toBe(saveKey(a));
    expect(saveKey(view(2, 3))).not.toBe(saveKey(a));
    const p = view(1, 3, 'paused');
    expect(saveKey({ ...p, history: { ...p.history, steps: [...p.history.steps, step(4)] } })).not.toBe(saveKey(p));
  });
});
