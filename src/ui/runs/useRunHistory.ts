// Keeps every run of the page in the history: the run on screen is saved at each evaluation
// (so a reload keeps it up to its last one), when it pauses or ends, and when a change or Reset
// discards it (useRun's onDiscard). Writes go one after another; a failed one (storage full)
// says so and the list is read back from the store, so the page never shows a run it did not keep.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DiscardedRun } from '../discardGate';
import type { RunView } from '../runView';
import { recordOf, type LiveRun, type RecordStatus, type RunRecord } from './runRecord';
import { indexedDbRunStore, type RunStore } from './runStore';

/** A record id: the time and random bits (crypto.randomUUID needs a secure context; a team's plain-http host is not one). */
const newId = () => `${Date.now().toString(36)}-${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

const byCreated = (rs: RunRecord[]) => [...rs].sort((a, b) => b.created.localeCompare(a.created));

function statusOf(state: RunView['state']): RecordStatus {
  return state === 'running' ? 'running' : state === 'done' ? 'done' : 'paused';
}

/** The run on screen as the history keeps it (null before it is prepared). */
function liveRun(view: RunView): LiveRun | null {
  if (!view.preparedSpec) return null;
  const steps = view.history.steps.length + view.recipe.mcpSteps.length;
  return { spec: view.preparedSpec, summary: view.summary, history: view.history, chosen: view.recipe.chosen, steps };
}

/** What, when it changes, makes the run worth saving again: an evaluation, the loop stopping, the phase's chosen step. */
function saveKey(view: RunView): string {
  const { evals, steps } = view.history;
  const stopped = view.state !== 'running';
  return `${view.runKey}|${evals.length}|${view.state}|${view.recipe.chosen?.step ?? ''}|${stopped ? steps.length : ''}`;
}

interface Live {
  id: string;
  /** The page's run (view.runKey) this record is of; 'next' after a discard, until the page clears the discarded run. */
  runKey: number | 'next';
  saved: RunRecord | null;
  /** Deleted from the history while on screen: not saved again. */
  deleted: boolean;
}

/** The history's records and what changes them; `record` (useRecordRun) saves the run on screen. */
export function useRunHistory(store: RunStore = defaultStore) {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [liveId, setLiveId] = useState(newId);
  const live = useRef<Live>({ id: liveId, runKey: 0, saved: null, deleted: false });
  const writes = useRef<Promise<void>>(Promise.resolve());

  /** Runs `write` after the writes before it; on failure says why and shows what the store holds. */
  const enqueue = useCallback(
    (write: () => Promise<unknown>) => {
      writes.current = writes.current.then(write).then(
        () => undefined,
        async (e: Error) => {
          setProblem(e.message);
          setRuns(byCreated(await store.list().catch(() => [])));
        },
      );
      return writes.current;
    },
    [store],
  );

  useEffect(() => {
    store.list().then(setRuns, (e: Error) => setProblem(e.message));
  }, [store]);

  const save = useCallback(
    (run: LiveRun, status: RecordStatus) => {
      const l = live.current;
      if (l.deleted || run.steps === 0) return; // an untrained run is no history
      const record = recordOf(l.id, run, status, l.saved);
      l.saved = record;
      setRuns((rs) => byCreated([record, ...rs.filter((r) => r.id !== record.id)]));
      void enqueue(() => store.put(record));
    },
    [enqueue, store],
  );

  /** The run on screen from now on is another record (of the page's run `runKey`). */
  const rotate = useCallback((runKey: Live['runKey']) => {
    const id = newId();
    live.current = { id, runKey, saved: null, deleted: false };
    setLiveId(id);
  }, []);

  /** Saves the page's run when something worth keeping changed (see saveKey). */
  const record = useCallback(
    (view: RunView) => {
      const l = live.current;
      if (l.runKey === 'next') l.runKey = view.runKey;
      else if (l.runKey !== view.runKey) rotate(view.runKey);
      const run = liveRun(view);
      if (run) save(run, statusOf(view.state));
    },
    [rotate, save],
  );

  const onDiscard = useCallback(
    (d: DiscardedRun) => {
      save({ spec: d.spec, summary: d.summary, history: d.history, chosen: d.recipe.chosen, steps: d.steps }, 'discarded');
      // Events of the discarded run may still reach the page until it is cleared: they are not the next run's.
      rotate('next');
    },
    [save, rotate],
  );

  const rename = useCallback(
    (id: string, name: string) =>
      enqueue(async () => {
        const renamed = await store.rename(id, name);
        if (live.current.id === id) live.current.saved = renamed;
        setRuns((rs) => rs.map((r) => (r.id === id ? renamed : r)));
        setProblem(null);
      }),
    [enqueue, store],
  );

  const remove = useCallback(
    (id: string) =>
      enqueue(async () => {
        if (live.current.id === id) live.current.deleted = true;
        await store.remove(id);
        setRuns((rs) => rs.filter((r) => r.id !== id));
      }),
    [enqueue, store],
  );

  return useMemo(
    () => ({ runs, liveId, problem, onDiscard, record, rename, remove, dismissProblem: () => setProblem(null) }),
    [runs, liveId, problem, onDiscard, record, rename, remove],
  );
}

/** Hands the page's run to `record` at each evaluation, pause, end and chosen step. */
export function useRecordRun(view: RunView, record: (view: RunView) => void) {
  const key = saveKey(view);
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  });
  useEffect(() => {
    record(viewRef.current);
  }, [key, record]);
}

const defaultStore = indexedDbRunStore();
