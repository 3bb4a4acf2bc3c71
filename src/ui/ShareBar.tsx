// Sharing a run: the address bar always holds it; these copy it, save it as JSON, or open one.
import { useRef, useState } from 'react';
import { toJson } from '../run/link';
import type { RunSpec } from '../run/runSpec';

interface Props {
  spec: RunSpec;
  /** A chosen run-spec file: read by the page against this adapter's preset (useRun.openSpecFile). */
  onOpen(file: File): void;
}

export function ShareBar({ spec, onOpen }: Props) {
  const [copied, setCopied] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      window.prompt('Copy this link:', window.location.href);
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([toJson(spec)], { type: 'application/json' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: `supermoe-run-seed${spec.seed}.json` });
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="share" aria-label="Share">
      <button type="button" onClick={copy} data-testid="copy-link">
        {copied ? 'Copied ✓' : 'Copy link'}
      </button>
      <button type="button" onClick={download}>
        Download run spec
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Open run spec…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="spec-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onOpen(f);
          e.target.value = '';
        }}
      />
    </div>
  );
}
