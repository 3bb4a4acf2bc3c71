// The run history for React: the recorder (recorder.ts) on the browser's IndexedDB, and its
// state for the page. `useRecordRun` hands it the page's run whenever it is worth saving.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DiscardedRun } from '../discardGate';
import { RunRecorder, saveKey, type HistoryState, type RecordedView } from './recorder';
import { indexedDbRunStore, type RunStore } from './runStore';

export function useRunHistory(store: RunStore = defaultStore) {
  const [state, setState] = useState<HistoryState | null>(null);
  const recorder = useMemo(() => new RunRecorder(store, setState), [store]);
  useEffect(() => void recorder.load(), [recorder]);
  return useMemo(
    () => ({
      ...(state ?? recorder.current),
      onDiscard: (d: DiscardedRun) => recorder.discard(d),
      record: (view: RecordedView) => recorder.record(view),
      rename: (id: string, name: string) => recorder.rename(id, name),
      remove: (id: string) => recorder.remove(id),
      dismissProblem: () => recorder.dismissProblem(),
    }),
    [state, recorder],
  );
}

/** Hands the page's run to `record` at each evaluation, pause, end and chosen step. */
export function useRecordRun(view: RecordedView, record: (view: RecordedView) => void) {
  const key = saveKey(view);
  const latest = useRef({ view, record });
  useEffect(() => {
    latest.current = { view, record };
  });
  useEffect(() => latest.current.record(latest.current.view), [key]);
}

const defaultStore = indexedDbRunStore();
