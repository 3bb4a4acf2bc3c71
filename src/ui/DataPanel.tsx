// Where the data comes from: the built-in demo or a dropped event-log CSV, its preview,
// the column roles (inferred, editable) and what the encoded dataset looks like.
import { memo, useRef, useState, type DragEvent } from 'react';
import type { ColumnRole } from '../data/dataset';
import type { RunSpec } from '../run/runSpec';
import type { DatasetSummary } from '../worker/protocol';
import { NumberField } from './fields';
import type { LocalFile } from './useRun';

const ROLES: ColumnRole[] = ['user', 'time', 'category', 'id', 'dense', 'label', 'ignore'];

interface Props {
  spec: RunSpec;
  summary: DatasetSummary | null;
  localFile: LocalFile | null;
  disabled: boolean;
  onSpec(spec: RunSpec): void;
  onFile(file: File): unknown;
}

export const DataPanel = memo(function DataPanel({ spec, summary, localFile, disabled, onSpec, onFile }: Props) {
  const useDemo = () => onSpec({ ...spec, data: { ...spec.data, source: 'demo', file: null, columns: [] } });
  return (
    <section className="panel" aria-label="Data">
      <h2>Data</h2>
      <div className="row">
        <button type="button" onClick={useDemo} disabled={disabled || spec.data.source === 'demo'}>
          Use demo data
        </button>
        {spec.data.source === 'demo' && <NumberField spec={spec} field="data.demoUsers" label="Demo users" onChange={onSpec} disabled={disabled} />}
      </div>
      <DropZone disabled={disabled} onFile={onFile} />
      <FileCheck spec={spec} localFile={localFile} />
      {spec.data.source === 'file' && localFile && <MappingEditor spec={spec} localFile={localFile} disabled={disabled} onSpec={onSpec} />}
      {summary && <SummaryTable summary={summary} />}
    </section>
  );
});

function DropZone({ disabled, onFile }: { disabled: boolean; onFile(file: File): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        Drop an event-log CSV here (one row per event; .csv, .tsv or .gz), or{' '}
        <button type="button" className="link" disabled={disabled} onClick={() => input.current?.click()}>
          choose a file
        </button>
        . It stays in this browser.
      </p>
      <input
        ref={input}
        type="file"
        data-testid="file-input"
        accept=".csv,.tsv,.txt,.gz"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}

/** A link made on a local file names it; tell whoever opens the link whether theirs matches. */
function FileCheck({ spec, localFile }: { spec: RunSpec; localFile: LocalFile | null }) {
  const want = spec.data.source === 'file' ? spec.data.file : null;
  if (!want) return null;
  if (!localFile) {
    return (
      <p className="notice" data-testid="file-needed">
        This run trains on <b>{want.name}</b> ({formatBytes(want.size)}, SHA-256 {want.sha256.slice(0, 12)}…). The data never left its
        owner's browser: drop your copy of the file above.
      </p>
    );
  }
  const same = localFile.sha256 === want.sha256;
  return (
    <p className={same ? 'ok' : 'warning'} data-testid="file-match">
      {same
        ? `${localFile.file.name} matches the run's file (SHA-256 ${want.sha256.slice(0, 12)}…).`
        : `${localFile.file.name} differs from the run's file ${want.name} (SHA-256 ${want.sha256.slice(0, 12)}…): results will differ.`}
    </p>
  );
}

function MappingEditor({ spec, localFile, disabled, onSpec }: { spec: RunSpec; localFile: LocalFile; disabled: boolean; onSpec(s: RunSpec): void }) {
  const { preview } = localFile;
  const roleOf = (name: string) => spec.data.columns.find((c) => c.name === name)?.role ?? 'ignore';
  const setRole = (name: string, role: ColumnRole) => {
    const columns = preview.header.map((h) => ({ name: h, role: h === name ? role : roleOf(h) }));
    onSpec({ ...spec, data: { ...spec.data, columns } });
  };
  return (
    <div className="preview">
      <p>
        {preview.name}: {preview.rows.toLocaleString()} rows, {preview.header.length} columns. Check each column's role:
      </p>
      <div className="table-scroll">
        <table data-testid="preview-table">
          <thead>
            <tr>
              {preview.header.map((h) => (
                <th key={h}>
                  <div>{h}</div>
                  <select aria-label={`role of ${h}`} value={roleOf(h)} disabled={disabled} onChange={(e) => setRole(h, e.target.value as ColumnRole)}>
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                  <small title={preview.profiles.find((p) => p.name === h)?.why}>{preview.profiles.find((p) => p.name === h)?.stats.distinct ?? ''} distinct</small>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SummaryTable({ summary }: { summary: DatasetSummary }) {
  return (
    <div className="summary" data-testid="dataset-summary">
      <p>
        <b>{summary.name}</b>: {summary.users.toLocaleString()} users ({summary.trainUsers.toLocaleString()} train / {summary.valUsers.toLocaleString()} validation),
        up to {summary.seqLen} events each (mean {summary.meanLength.toFixed(1)}); model {summary.parameters.toLocaleString()} parameters.
      </p>
      <p>
        Channels: {summary.discrete.map((c) => `${c.name} (${c.kind}, ${c.vocabSize.toLocaleString()})`).join(', ')}
        {summary.dense.length > 0 && `, ${summary.dense.map((d) => `${d} (dense)`).join(', ')}`}.
      </p>
      <table>
        <thead>
          <tr>
            <th>Task</th>
            <th>Labelled</th>
            <th>Positive</th>
            <th>Oracle AUC</th>
          </tr>
        </thead>
        <tbody>
          {summary.tasks.map((t) => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>{t.labelled.toLocaleString()}</td>
              <td>{t.labelled > 0 ? `${((100 * t.positives) / t.labelled).toFixed(1)}%` : '—'}</td>
              <td>{t.oracleAuc !== null ? t.oracleAuc.toFixed(3) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
