// Sharing a run: the address bar always holds it; these copy it, save it as JSON, or open one.
import { useRef, useState } from 'react';
import type { Rejection } from '../run/fields';
import { fromJson, toJson } from '../run/link';
import type { RunSpec } from '../run/runSpec';

interface Props {
  spec: RunSpec;
  onOpen(spec: RunSpec, rejected: Rejection[]): void;
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
  const open = async (file: File) => {
    const { spec: opened, rejected } = fromJson(await file.text());
    onOpen(opened, rejected);
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
          if (f) void open(f);
          e.target.value = '';
        }}
      />
    </div>
  );
}
