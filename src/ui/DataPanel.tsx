// Where the data comes from: the built-in demo or a dropped log (events or per-user
// sequences), how it is read, the column mapping with statistics, labels built from the
// log, and what the encoded dataset looks like (vocabularies, shards, tasks, left-out users).
import { memo, useRef, useState, type DragEvent } from 'react';
import type { FileIdentity, RunSpec } from '../run/runSpec';
import type { DatasetSummary, LoadProgress } from '../worker/protocol';
import { FileOptions } from './data/FileOptions';
import { formatBytes } from './data/format';
import { LabelBuilderPanel } from './data/LabelBuilderPanel';
import { LoadProgressBar } from './data/LoadProgressBar';
import { readSettingsOf, type ReadSettings } from './data/openedFile';
import { PreviewRows, SchemaTable } from './data/SchemaTable';
import { NumberField } from './fields';
import { missingTask } from './runChange';
import type { LocalFile } from './runView';

interface Props {
  spec: RunSpec;
  summary: DatasetSummary | null;
  localFile: LocalFile | null;
  disabled: boolean;
  /** Reading a dropped file, with a Cancel. */
  progress?: LoadProgress | null;
  timeRange?: [number, number] | null;
  onSpec(spec: RunSpec): void;
  /** Opens a file; with `settings`, reads it again another way. */
  onFile(file: File, settings?: ReadSettings): unknown;
  onCancel?(): void;
  /** Trains on the dropped file in place of the one the run names. */
  onAdopt(): void;
}

export const DataPanel = memo(function DataPanel({ spec, summary, localFile, disabled, progress, timeRange, onSpec, onFile, onCancel, onAdopt }: Props) {
  const useDemo = () => onSpec({ ...spec, data: { ...spec.data, source: 'demo', file: null, columns: [] } });
  // The mapping and label builder edit the run: shown once the loaded file is the run's.
  const onFileData = spec.data.source === 'file' && localFile && localFile.sha256 === spec.data.file?.sha256;
  const needsTask = onFileData && missingTask(spec);
  return (
    <section className="panel data-panel" aria-label="Data">
      <h2>Data</h2>
      <div className="data-source">
        <div className="row">
          <button type="button" onClick={useDemo} disabled={disabled || spec.data.source === 'demo'}>
            Use demo data
          </button>
          {spec.data.source === 'demo' && <NumberField spec={spec} field="data.demoUsers" onChange={onSpec} disabled={disabled} />}
        </div>
        <DropZone disabled={disabled} onFile={onFile} />
      </div>
      {progress && <LoadProgressBar progress={progress} onCancel={() => onCancel?.()} />}
      <FileCheck spec={spec} localFile={localFile} onAdopt={onAdopt} />
      {onFileData && (
        <>
          <FileOptions settings={readSettingsOf(spec)} preview={localFile.preview} disabled={disabled} onReread={(s) => onFile(localFile.file, s)} />
          {localFile.preview.warnings.map((w) => (
            <p className="warning" key={w}>
              {w}
            </p>
          ))}
          <p className="summary">
            {localFile.preview.name}: {formatBytes(localFile.preview.size)}; the roles below were inferred from {localFile.preview.complete ? 'all' : 'the first'}{' '}
            {localFile.preview.rows.toLocaleString('en-US')} {localFile.preview.layout.format === 'sequences' ? 'users' : 'rows'}. Check each column’s role:
          </p>
          <SchemaTable spec={spec} preview={localFile.preview} disabled={disabled} onSpec={onSpec} />
          <PreviewRows preview={localFile.preview} />
          <div className="data-columns">
            <div>
              <div className="grid">
                <NumberField spec={spec} field="data.minEvents" onChange={onSpec} disabled={disabled} hint="Users with fewer events (before the label window) are left out." />
                <NumberField spec={spec} field="data.idVocabCap" onChange={onSpec} disabled={disabled} hint="Most frequent IDs kept per ID channel; the rest share hashed OOV buckets." />
                <NumberField spec={spec} field="data.idShardRows" onChange={onSpec} disabled={disabled} hint="An ID table with more rows is stored as several shards (README §Model 2.1)." />
              </div>
              {needsTask && <NextStep />}
              <LabelBuilderPanel spec={spec} hasTime={spec.data.columns.some((c) => c.role === 'time')} timeRange={timeRange ?? null} summary={summary} disabled={disabled} onSpec={onSpec} />
            </div>
            <div>{summary && <SummaryTable summary={summary} />}</div>
          </div>
        </>
      )}
      {!onFileData && summary && <SummaryTable summary={summary} />}
    </section>
  );
});

/** A file without a label column: building a task is the next step, said as guidance, not as an error. */
function NextStep() {
  return (
    <p className="next-step" data-testid="next-step" role="status">
      <b>Next step: build a task.</b> Training needs at least one task, and no column is mapped as a label. Add one below from the log (e.g. “any
      event in the 30 days after a cutoff”), or map a column holding a 0/1 value per user as “label” above.
    </p>
  );
}

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
        Drop a user-behaviour log here (one row per event, or one row per user with lists of events; .csv, .tsv, .txt, also gzipped), or{' '}
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
function FileCheck({ spec, localFile, onAdopt }: { spec: RunSpec; localFile: LocalFile | null; onAdopt(): void }) {
  const want = spec.data.source === 'file' ? spec.data.file : null;
  if (!want) return null;
  if (!localFile) {
    return (
      <p className="notice" data-testid="file-needed">
        This run trains on <b>{want.name}</b> ({fingerprint(want)}). The data never left its owner's browser: drop your copy of the file
        above.
      </p>
    );
  }
  if (localFile.sha256 !== want.sha256) {
    const mine = { name: localFile.preview.name, size: localFile.preview.size, sha256: localFile.sha256 };
    return (
      <div className="warning" role="alert" data-testid="file-match" data-match="false">
        <p>
          <b>{mine.name}</b> does not match the run's file. The run was made on <b>{want.name}</b> ({fingerprint(want)}); yours is{' '}
          {fingerprint(mine)}. Its settings and label tasks are kept: drop the run's file to reproduce it, or train on yours (results will
          differ from the linked run).
        </p>
        <button type="button" onClick={onAdopt}>
          Use {mine.name} instead
        </button>
      </div>
    );
  }
  if (!localFile.matchedRun) return null;
  return (
    <p className="ok" data-testid="file-match" data-match="true">
      {localFile.preview.name} matches the run's file ({fingerprint(want)}).
    </p>
  );
}

/** Size and the start of the SHA-256 (the whole of it on hover). */
function fingerprint(f: FileIdentity) {
  return (
    <span title={`SHA-256 ${f.sha256}`}>
      {formatBytes(f.size)}, SHA-256 <code>{f.sha256.slice(0, 16)}…</code>
    </span>
  );
}

function SummaryTable({ summary }: { summary: DatasetSummary }) {
  return (
    <div className="summary" data-testid="dataset-summary">
      <p>
        <b>{summary.name}</b>: {summary.users.toLocaleString()} users ({summary.trainUsers.toLocaleString()} train / {summary.valUsers.toLocaleString()} validation),
        up to {summary.seqLen} events each (mean {summary.meanLength.toFixed(1)}); model {summary.parameters.toLocaleString()} parameters.
      </p>
      {summary.notes.length > 0 && (
        <ul className="notes" data-testid="dataset-notes">
          {summary.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <table data-testid="channel-table">
        <thead>
          <tr>
            <th>Channel</th>
            <th>Kind</th>
            <th>Vocabulary</th>
            <th>Shards</th>
          </tr>
        </thead>
        <tbody>
          {summary.discrete.map((c) => (
            <tr key={c.name} data-channel={c.name}>
              <td>{c.name}</td>
              <td>{c.kind}</td>
              <td title="table rows: padding, missing, the values, hashed OOV buckets">
                {c.vocabSize.toLocaleString()}
                {c.oovBuckets > 0 && ` (${c.oovBuckets} OOV buckets)`}
              </td>
              <td data-testid="shards">{c.shards}</td>
            </tr>
          ))}
          {summary.dense.map((d) => (
            <tr key={d}>
              <td>{d}</td>
              <td>dense</td>
              <td>—</td>
              <td>—</td>
            </tr>
          ))}
        </tbody>
      </table>
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
