// Messages that need the user: errors, rejected link fields, no WebGPU, the software preset.
import type { Rejection } from '../run/fields';
import type { BackendInfo, BackendName } from '../worker/protocol';

export function ErrorBanner({ message, onDismiss }: { message: string; onDismiss(): void }) {
  return (
    <div className="banner error" role="alert" data-testid="error">
      <span>{message}</span>
      <button type="button" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

export function RejectedFields({ rejected }: { rejected: Rejection[] }) {
  if (rejected.length === 0) return null;
  return (
    <div className="banner warning" role="alert" data-testid="rejected-fields">
      <b>Some fields of the opened run were rejected and set to their defaults:</b>
      <ul>
        {rejected.map((r) => (
          <li key={r.field}>
            <code>{r.field}</code> = <code>{r.value}</code>: {r.reason}
          </li>
        ))}
      </ul>
    </div>
  );
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
