// Reading a dropped file: which pass, bytes and rows so far, and a way out.
import type { LoadProgress } from '../../worker/protocol';
import { formatBytes } from './format';

const PHASES: Record<LoadProgress['phase'], string> = {
  sample: 'Reading a sample',
  hash: 'Checksumming (SHA-256)',
  load: 'Reading every row',
};

export function LoadProgressBar({ progress, onCancel }: { progress: LoadProgress; onCancel(): void }) {
  const { phase, bytes, totalBytes, rows } = progress;
  return (
    <div className="load-progress" data-testid="load-progress" role="status">
      <span>
        {PHASES[phase]}: {formatBytes(bytes)} of {formatBytes(totalBytes)}
        {phase !== 'hash' && `, ${rows.toLocaleString('en-US')} rows`}
      </span>
      <progress max={Math.max(1, totalBytes)} value={Math.min(bytes, totalBytes)} />
      <button type="button" onClick={onCancel} data-testid="cancel-load">
        Cancel
      </button>
    </div>
  );
}
