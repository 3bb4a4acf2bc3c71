// A fault that stopped training (README §Reliability): what happened and what to do, and for a
// lost device or a dead worker the one-click restart (resuming from the last kept state where
// the run allows it). The charts stay as they were.
import type { Fault } from '../worker/protocol';

const TITLES: Record<Fault['kind'], string> = {
  nonFinite: 'Training paused: a non-finite value',
  deviceLost: 'The GPU device was lost',
  workerError: 'The training worker stopped',
  oversize: 'Model too big for this GPU',
  quota: 'Browser storage is full',
};

export function FaultBanner({ fault, busy, onRestart, onDismiss }: { fault: Fault; busy: boolean; onRestart(): void; onDismiss(): void }) {
  return (
    <div className="banner error" role="alert" data-testid="fault" data-fault={fault.kind}>
      <div className="banner-head">
        <b>{TITLES[fault.kind]}</b>
        {!fault.restart && (
          <button type="button" onClick={onDismiss} aria-label="Dismiss">
            ×
          </button>
        )}
      </div>
      <p data-testid="fault-message">{fault.message}</p>
      {fault.restart && (
        <button type="button" data-testid="restart-worker" disabled={busy} onClick={onRestart}>
          Restart worker
        </button>
      )}
    </div>
  );
}
