// Keeps every run of the page in the history: the run on screen is saved at each evaluation
// (so a reload keeps it up to its last one), when it pauses or ends, and when a change or Reset
// discards it (useRun's onDiscard). Writes go one after another; a failed one (storage full)
// says so and the list is read back from the store, so the page never shows a run it did not keep.
import type { DiscardedRun } from '../discardGate';
import type { RunView } from '../runView';
import { recordOf, type LiveRun, type RecordStatus, type RunRecord } from './runRecord';
import type { RunStore } from './runStore';

/** What of the page's view the history reads. */
export type RecordedView = Pick<RunView, 'runKey' | 'state' | 'preparedSpec' | 'summary' | 'history'> & { recipe: Pick<RunView['recipe'], 'chosen' | 'mcpSteps'> };

/** What the page shows of the history; `changed` is told after every change. */
export interface HistoryState {
  runs: RunRecord[];
  liveId: string;
  problem: string | null;
}

/** A record id: the time and random bits (crypto.randomUUID needs a secure context; a team's plain-http host is not one). */
export const newId = () => `${Date.now().toString(36)}-${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

const byCreated = (rs: RunRecord[]) => [...rs].sort((a, b) => b.created.localeCompare(a.created));

function statusOf(state: RunView['state']): RecordStatus {
  return state === 'running' ? 'running' : state === 'done' ? 'done' : 'paused';
}

/** What, when it changes, makes the run worth saving again: an evaluation, the loop stopping, the phase's chosen step, a new run. */
export function saveKey(view: RecordedView): string {
  const { evals, steps } = view.history;
  const stopped = view.state !== 'running';
  return `${view.runKey}|${evals.length}|${view.state}|${view.recipe.chosen?.step ?? ''}|${stopped ? steps.length : ''}`;
}

/** The run on screen as the history keeps it (null before it is prepared). */
function liveRun(view: RecordedView): LiveRun | null {
  if (!view.preparedSpec) return null;
  const steps = view.history.steps.length + view.recipe.mcpSteps.length;
  return { spec: view.preparedSpec, summary: view.summary, history: view.history, chosen: view.recipe.chosen, steps };
}

export class RunRecorder {
  private state: HistoryState;
  /** The page's run (view.runKey) the live record is of; 'next' after a discard: the first other run the page shows. */
  private liveRunKey: number | 'next' = 0;
  /** The page's run last seen (the one a discard throws away). */
  private seenRunKey = 0;
  private saved: RunRecord | null = null;
  /** The live run was deleted from the history while on screen: it is not saved again. */
  private deleted = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: RunStore,
    private readonly changed: (s: HistoryState) => void,
    private readonly makeId: () => string = newId,
  ) {
    this.state = { runs: [], liveId: makeId(), problem: null };
  }

  get current(): HistoryState {
    return this.state;
  }

  private set(p: Partial<HistoryState>) {
    this.state = { ...this.state, ...p };
    this.changed(this.state);
  }

  /** Reads the stored runs (once, at start). */
  load(): Promise<void> {
    return this.enqueue(async () => this.set({ runs: byCreated(await this.store.list()) }));
  }

  /** Resolves when every write so far has ended. */
  settled(): Promise<void> {
    return this.writes;
  }

  /** Runs `write` after the writes before it; on failure says why and shows what the store holds. */
  private enqueue(write: () => Promise<unknown>): Promise<void> {
    this.writes = this.writes.then(write).then(
      () => undefined,
      async (e: Error) => this.set({ problem: e.message, runs: byCreated(await this.store.list().catch(() => this.state.runs)) }),
    );
    return this.writes;
  }

  private save(run: LiveRun, status: RecordStatus) {
    if (this.deleted || run.steps === 0) return; // an untrained run is no history
    const record = recordOf(this.state.liveId, run, status, this.saved);
    this.saved = record;
    this.set({ runs: byCreated([record, ...this.state.runs.filter((r) => r.id !== record.id)]) });
    void this.enqueue(() => this.store.put(record));
  }

  /** The run on screen from now on is another record (of the page's run `runKey`). */
  private rotate(runKey: number | 'next') {
    this.liveRunKey = runKey;
    this.saved = null;
    this.deleted = false;
    this.set({ liveId: this.makeId() });
  }

  /** Saves the page's run (call it when saveKey changes). */
  record(view: RecordedView): void {
    if (this.liveRunKey === 'next') {
      // The discarded run's last events, before the page cleared it: not the next run's.
      if (view.runKey === this.seenRunKey) return;
      this.liveRunKey = view.runKey;
    }
    else if (this.liveRunKey !== view.runKey) this.rotate(view.runKey);
    this.seenRunKey = view.runKey;
    const run = liveRun(view);
    if (run) this.save(run, statusOf(view.state));
  }

  /** A change or Reset throws the run away: it is kept as discarded. */
  discard(d: DiscardedRun): void {
    this.save({ spec: d.spec, summary: d.summary, history: d.history, chosen: d.recipe.chosen, steps: d.steps }, 'discarded');
    // Events of the discarded run may still reach the page until it is cleared: they are not the next run's.
    this.rotate('next');
  }

  rename(id: string, name: string): Promise<void> {
    return this.enqueue(async () => {
      const renamed = await this.store.rename(id, name);
      if (this.state.liveId === id) this.saved = renamed;
      this.set({ runs: this.state.runs.map((r) => (r.id === id ? renamed : r)), problem: null });
    });
  }

  remove(id: string): Promise<void> {
    return this.enqueue(async () => {
      if (this.state.liveId === id) this.deleted = true;
      await this.store.remove(id);
      this.set({ runs: this.state.runs.filter((r) => r.id !== id) });
    });
  }

  dismissProblem(): void {
    this.set({ problem: null });
  }
}
