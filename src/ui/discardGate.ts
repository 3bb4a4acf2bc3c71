// Asking before trained steps are thrown away: a change of the run (a field, a file, a link
// edited by hand) waits for the user's answer when there are trained steps to lose, and closing
// or reloading the page asks the browser's "leave page?" then. useRun owns what is trained; this
// holds the pending question and its two answers.
import { useCallback, useEffect, useRef } from 'react';
import type { RunSpec } from '../run/runSpec';
import type { DatasetSummary, RunState } from '../worker/protocol';
import type { RunHistory } from './history';
import type { RecipeHistory } from './recipeHistory';

/** What a change would throw away now. */
export interface Trained {
  /** Steps trained since the run was prepared, over every phase. */
  steps: number;
  state: RunState;
}

/** Asked before a change throws away trained steps. */
export interface DiscardQuestion extends Trained {
  /** What the change is, one line each ("Learning rate: 0.01 → 0.02", "Open mine.csv"). */
  changes: string[];
}

/** A run a change or Reset throws away, as the page had it: what run history (another issue) will keep. */
export interface DiscardedRun {
  spec: RunSpec;
  summary: DatasetSummary | null;
  history: RunHistory;
  recipe: RecipeHistory;
  steps: number;
}

/** Whether a change now would lose work: trained steps, or a loop that is training. */
export const losesWork = (t: Trained) => t.steps > 0 || t.state === 'running';

/**
 * `askFirst` runs a change now, or once the user agrees to discard (`show` puts the question on
 * screen); `answer` is the user's reply. A new question answers a pending one with "keep".
 * `trained` must be stable (it reads refs).
 */
export function useDiscardGate(trained: () => Trained, show: (q: DiscardQuestion | null) => void) {
  const answers = useRef<{ discard(): void; keep?(): void } | null>(null);

  const askFirst = useCallback(
    (changes: string[], proceed: () => void, keep?: () => void) => {
      const now = trained();
      if (!losesWork(now)) return proceed();
      answers.current?.keep?.();
      answers.current = { discard: proceed, keep };
      show({ ...now, changes });
    },
    [trained, show],
  );

  const answer = useCallback(
    (discard: boolean) => {
      const a = answers.current;
      answers.current = null;
      show(null);
      if (discard) a?.discard();
      else a?.keep?.();
    },
    [show],
  );

  // Closing or reloading the page with trained steps (or mid-run) asks the browser's "leave page?".
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (losesWork(trained())) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [trained]);

  return { askFirst, answer };
}
