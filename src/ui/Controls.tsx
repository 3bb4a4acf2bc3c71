// Play / pause / single step / reset, and where the run stands.
import type { RunState } from '../worker/protocol';
import type { RunHistory } from './history';

interface Props {
  state: RunState;
  totalSteps: number;
  history: RunHistory;
  blocked: string | null;
  onAction(a: 'play' | 'pause' | 'step' | 'reset'): void;
}

export function Controls({ state, totalSteps, history, blocked, onAction }: Props) {
  const running = state === 'running';
  const canRun = !blocked && (state === 'ready' || state === 'paused');
  const step = history.steps.at(-1)?.step ?? 0;
  return (
    <div className="controls" role="toolbar" aria-label="Training controls">
      {running ? (
        <button type="button" onClick={() => onAction('pause')}>
          ⏸ Pause
        </button>
      ) : (
        <button type="button" className="primary" disabled={!canRun} onClick={() => onAction('play')}>
          ▶ Train
        </button>
      )}
      <button type="button" disabled={!canRun} onClick={() => onAction('step')}>
        Step
      </button>
      <button type="button" disabled={running || state === 'empty' || !!blocked} onClick={() => onAction('reset')}>
        Reset
      </button>
      <progress max={totalSteps} value={step} />
      <span data-testid="run-status" data-state={state} data-step={step}>
        {blocked ?? `${labelOf(state)} · step ${step} / ${totalSteps}`}
      </span>
    </div>
  );
}

function labelOf(state: RunState): string {
  return { empty: 'No data yet', ready: 'Ready', running: 'Training', paused: 'Paused', done: 'Done' }[state];
}
