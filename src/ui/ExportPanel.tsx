// Export & score (issue 10): take what the run learned out of the page — every user's
// representation H for the Embedding Projector and as users.csv, the whole model as one file —
// and score the users of another log with the run's model or a loaded model file (AUC per
// task when that log has labels: out-of-time evaluation). The work runs in the worker; the
// page only shows progress and offers the files it gets back.
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { ExportFiles, ExportProgress, RunState, ScoredFile, ScoringModel } from '../worker/protocol';

export interface ScoringApi {
  exportRun(onProgress: (p: ExportProgress) => void): Promise<ExportFiles>;
  saveModel(): Promise<{ name: string; bytes: ArrayBuffer }>;
  loadModel(file: File): Promise<ScoringModel>;
  unloadModel(): Promise<void>;
  scoringModel(): Promise<ScoringModel | null>;
  scoreFile(file: File, onProgress: (p: ExportProgress) => void): Promise<ScoredFile>;
  cancel(): Promise<void>;
}

interface Props {
  api: ScoringApi;
  /** Training or loading: nothing to export until it pauses. */
  disabled: boolean;
  /** The run's state and identity: the model to score with is read again when they change. */
  state: RunState;
  runKey: number;
  /** The name of the data on the page (its prepared summary's); null before any is prepared. */
  dataName: string | null;
}

type Result = ({ kind: 'run'; files: ExportFiles } | { kind: 'scored'; scored: ScoredFile }) & { urls: Record<ExportName, string> };

const EXPORT_NAMES = { 'scores.csv': 'scores', 'users.csv': 'users', 'vectors.tsv': 'vectors', 'metadata.tsv': 'metadata' } as const;
type ExportName = keyof typeof EXPORT_NAMES;

/** Object URLs of a result's files, made once when it arrives (and freed when the next replaces it). */
function objectUrls(files: ExportFiles): Record<ExportName, string> {
  const out = {} as Record<ExportName, string>;
  for (const [name, key] of Object.entries(EXPORT_NAMES) as [ExportName, (typeof EXPORT_NAMES)[ExportName]][]) out[name] = URL.createObjectURL(files[key]);
  return out;
}

export const ExportPanel = memo(function ExportPanel({ api, disabled, state, runKey, dataName }: Props) {
  const [workerModel, setModel] = useState<ScoringModel | null>(null);
  // The worker keeps its last run until new data is prepared: a run of other data than the page's is not this run's model.
  const model = workerModel && (workerModel.source === 'file' || workerModel.dataName === dataName) ? workerModel : null;
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResultState] = useState<Result | null>(null);
  const setResult = (r: Result | null) =>
    setResultState((old) => {
      if (old) Object.values(old.urls).forEach((u) => URL.revokeObjectURL(u));
      return r;
    });
  const refresh = useCallback(() => void api.scoringModel().then(setModel, () => setModel(null)), [api]);
  useEffect(refresh, [refresh, state, runKey, dataName]);

  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };
  const exportRun = () => run('Exporting every user…', async () => {
      const files = await api.exportRun(setProgress);
      setResult({ kind: 'run', files, urls: objectUrls(files) });
    });
  const saveModel = () =>
    run('Saving the model…', async () => {
      const { name, bytes } = await api.saveModel();
      saveBlob(new Blob([bytes], { type: 'application/octet-stream' }), `${name}.smoemodel`);
    });
  const loadModel = (file: File) =>
    run('Loading the model file…', async () => {
      setModel(await api.loadModel(file));
      setResult(null);
    });
  const scoreFile = (file: File) => run(`Scoring ${file.name}…`, async () => {
      const scored = await api.scoreFile(file, setProgress);
      setResult({ kind: 'scored', scored, urls: objectUrls(scored.files) });
    });
  const idle = !disabled && busy === null;
  const hasRun = (state === 'paused' || state === 'done') && model !== null;

  return (
    <section className="chart export-panel" data-testid="export-panel" aria-label="Export and score">
      <h3>Export &amp; score</h3>
      <p className="chart-sub" data-testid="scoring-model">
        {model ? describeModel(model) : 'No trained model yet: train a run (or load a model file) to export users and score new ones.'}{' '}
        {model?.source === 'file' && (
          <button type="button" disabled={!idle} onClick={() => void run('…', async () => (await api.unloadModel(), refresh()))}>
            Use this run’s model instead
          </button>
        )}
      </p>
      <div className="export-actions">
        <button type="button" disabled={!idle || !hasRun} onClick={() => void exportRun()} data-testid="export-users">
          Export all users (Projector + users.csv)
        </button>
        <button type="button" disabled={!idle || !hasRun} onClick={() => void saveModel()} data-testid="save-model">
          Save model
        </button>
        <FileButton label="Load model…" accept=".smoemodel,application/octet-stream" disabled={!idle} testId="load-model" onFile={(f) => void loadModel(f)} />
        <FileButton label="Score a log…" accept=".csv,.tsv,.txt,.gz,text/csv" disabled={!idle || !model} testId="score-file" onFile={(f) => void scoreFile(f)} />
      </div>
      {busy && (
        <div className="load-progress" data-testid="export-progress">
          <span>{busy}</span>
          <progress max={progress?.total || 1} value={progress?.done ?? 0} />
          <span>{progress ? progressText(progress) : ''}</span>
          <button type="button" onClick={() => void api.cancel()}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="export-error">
          {error}
        </p>
      )}
      {result && <ResultView result={result} />}
    </section>
  );
});

function describeModel(m: ScoringModel): string {
  const what = m.source === 'run' ? 'this run’s model' : `the model file ${m.name}`;
  return `Scores with ${what}: ${m.modelType}, d_model ${m.dModel}, step ${m.step}, trained on ${m.dataName}; a log to score needs the columns ${m.columns.map((c) => `${c.name} (${c.role})`).join(', ')}.`;
}

function progressText(p: ExportProgress): string {
  if (p.phase === 'read') return `read ${(p.done / 2 ** 20).toFixed(0)} of ${(p.total / 2 ** 20).toFixed(0)} MiB`;
  return `${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} users`;
}

function FileButton({ label, accept, disabled, testId, onFile }: { label: string; accept: string; disabled: boolean; testId: string; onFile(f: File): void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <label className={disabled ? 'file-button disabled' : 'file-button'}>
      {label}
      <input
        ref={input}
        type="file"
        accept={accept}
        disabled={disabled}
        data-testid={testId}
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (input.current) input.current.value = '';
          if (f) onFile(f);
        }}
      />
    </label>
  );
}

function ResultView({ result }: { result: Result }) {
  const files = result.kind === 'run' ? result.files : result.scored.files;
  const title =
    result.kind === 'run'
      ? `Exported ${files.count.toLocaleString('en')} users (H of d_model = ${files.dim}) in ${files.seconds.toFixed(1)} s.`
      : `Scored ${files.count.toLocaleString('en')} users of ${result.scored.name} in ${files.seconds.toFixed(1)} s.`;
  const aucSplit = result.kind === 'run' ? 'validation' : 'scored';
  const auc = files.auc[aucSplit];
  return (
    <div className="export-result" data-testid="export-result">
      <p>{title}</p>
      {result.kind === 'scored' && result.scored.notes.length > 0 && (
        <ul className="chart-sub">
          {result.scored.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {auc && (
        <table className="export-auc" data-testid="export-auc">
          <caption>{result.kind === 'run' ? 'Validation AUC of the exported scores' : 'AUC on this log (out-of-time evaluation)'}</caption>
          <tbody>
            {files.tasks.map((t, k) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                <td>{auc[k] === null ? (result.kind === 'scored' && result.scored.labelled[k] === 0 ? 'no labels in this log' : 'undefined (one class)') : auc[k]!.toFixed(4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="export-links">
        Download:{' '}
        {(Object.keys(EXPORT_NAMES) as ExportName[]).map((name, i) => (
          <span key={name}>
            {i > 0 && ' · '}
            <a href={result.urls[name]} download={name} data-testid={`download-${name}`}>
              {name} ({(files[EXPORT_NAMES[name]].size / 2 ** 20).toFixed(1)} MiB)
            </a>
          </span>
        ))}
      </p>
      <p className="chart-sub">
        vectors.tsv and metadata.tsv open as they are in the Embedding Projector (projector.tensorflow.org → Load). Text cells starting with =, +, - or @ get a leading apostrophe so that a
        spreadsheet does not run them.
      </p>
    </div>
  );
}

function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  // The download has its own reference to the data by the time the click returns.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
