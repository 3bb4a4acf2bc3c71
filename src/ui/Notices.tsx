// Messages that need the user: errors, rejected link fields, no WebGPU, the software preset.
import { showValue } from '../run/explain';
import { fieldValue, isFieldKey, type Rejection } from '../run/fields';
import type { RunSpec } from '../run/runSpec';
import type { BackendInfo, BackendName } from '../worker/protocol';
import { fieldLabel } from './fieldLabels';

export function ErrorBanner({ message, onDismiss }: { message: string; onDismiss(): void }) {
  return (
    <div className="banner error" role="alert" data-testid="error">
      <div className="banner-head">
        <span>{message}</span>
        <button type="button" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      </div>
    </div>
  );
}

/** Fields of an opened link or spec file that could not be used: what was wrong with each, and the value used instead. */
export function RejectedFields({ rejected, spec, onDismiss }: { rejected: Rejection[]; spec: RunSpec | null; onDismiss(): void }) {
  if (rejected.length === 0) return null;
  return (
    <div className="banner warning" role="alert" data-testid="rejected-fields">
      <div className="banner-head">
        <b>Some settings of the opened run could not be used; the others are as linked.</b>
        <button type="button" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      </div>
      <ul>
        {rejected.map((r) => {
          const label = fieldLabel(r.field);
          const used = spec && isFieldKey(r.field) ? usedValue(fieldValue(spec, r.field)) : null;
          return (
            <li key={r.field}>
              {label !== r.field && `${label} `}
              <code>{r.field}</code>: {r.message}
              {used !== null && ` — using ${used}`}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The value a refused field has instead, short: "7", "'auto'", "none". */
function usedValue(v: unknown): string {
  if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) return 'none';
  if (typeof v === 'object') return 'the default';
  return showValue(v);
}

export function NoWebGpu({ problem, onUse }: { problem: string; onUse(b: BackendName): void }) {
  return (
    <div className="banner error" role="alert" data-testid="no-webgpu">
      <p>{problem}</p>
      <p>
        Training still works on another TensorFlow.js backend, slower:{' '}
        <button type="button" onClick={() => onUse('webgl')}>
          Use WebGL
        </button>{' '}
        <button type="button" onClick={() => onUse('cpu')}>
          Use CPU
        </button>
      </p>
    </div>
  );
}

export function BackendBadge({ info }: { info: BackendInfo }) {
  const a = info.adapter;
  const adapter = a ? [a.vendor, a.architecture, a.device || a.description].filter(Boolean).join(' · ') : 'no GPU adapter';
  return (
    <span className="badge" data-testid="backend" data-backend={info.backend} data-adapter={adapter} data-software={info.software}>
      {info.backend} · {adapter}
      {info.software && ' (software)'}
    </span>
  );
}

export function SoftwarePreset({ info }: { info: BackendInfo }) {
  if (!info.software) return null;
  return (
    <p className="notice" data-testid="software-preset">
      This {info.backend === 'cpu' ? 'CPU backend' : 'WebGPU adapter'} has no GPU behind it, so the app chose its light preset (smaller model and demo, fewer
      steps) to keep a training step well under a second. On a real GPU the default run is larger and 100-1000× faster.
    </p>
  );
}
