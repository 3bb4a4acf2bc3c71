// The run history: every kept run (when, data, model, steps, best AUC per task, how it ended)
// with rename, delete, open (the run's spec becomes the page's run, asking first as any change
// does, and its curves are shown) and its history as CSV. Tick two or more to overlay them.
import { useMemo, useRef, useState } from 'react';
import { modelName } from '../../run/modelTypes';
import { downloadBlob } from '../charts/exportChart';
import { historyCsv, fileStem } from './historyCsv';
import { OverlayCharts } from './OverlayCharts';
import { bestAuc, lastStep, statusText, type RunRecord } from './runRecord';

interface Props {
  runs: RunRecord[];
  /** The record of the run on screen. */
  liveId: string;
  problem: string | null;
  onDismissProblem(): void;
  /** Makes the run's spec the page's run (through the discard question when steps would be lost). */
  onOpen(r: RunRecord): void;
  onRename(id: string, name: string): void;
  onDelete(id: string): void;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

function modelText(r: RunRecord): string {
  const m = r.spec.model;
  return `${modelName(m.type)} · d ${m.dModel} · E ${m.numExperts} · ${m.numBlocks} block${m.numBlocks === 1 ? '' : 's'}`;
}

function aucText(r: RunRecord): string {
  const best = bestAuc(r);
  return r.tasks.length === 0 ? '—' : r.tasks.map((t, k) => `${t} ${best[k] === null ? '—' : best[k]!.toFixed(3)}`).join(' · ');
}

export function RunsPanel({ runs, liveId, problem, onDismissProblem, onOpen, onRename, onDelete }: Props) {
  const [ticked, setTicked] = useState<string[]>([]);
  const [opened, setOpened] = useState<string | null>(null);
  const shown = useMemo(() => {
    const compared = runs.filter((r) => ticked.includes(r.id));
    if (compared.length >= 2) return compared;
    const one = runs.find((r) => r.id === opened);
    return one ? [one] : [];
  }, [runs, ticked, opened]);
  const tick = (id: string, on: boolean) => setTicked((t) => (on ? [...t, id] : t.filter((x) => x !== id)));
  return (
    <section className="runs" aria-label="Run history" data-testid="run-history">
      <h2>Run history</h2>
      <p className="hint">
        Every run is kept in this browser (saved at each evaluation). Tick two or more to overlay their curves; open one to make it the run again and see its curves.
      </p>
      {problem && (
        <p role="alert" className="problem" data-testid="history-problem">
          {problem}{' '}
          <button type="button" className="link" onClick={onDismissProblem}>
            Dismiss
          </button>
        </p>
      )}
      {runs.length === 0 ? (
        <p className="hint">No run kept yet: train a few steps and it appears here.</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Compare</th>
                <th>Name</th>
                <th>When</th>
                <th>Data</th>
                <th>Model</th>
                <th>Steps</th>
                <th>Best validation AUC</th>
                <th>Status</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <RunRow
                  key={r.id}
                  run={r}
                  live={r.id === liveId}
                  ticked={ticked.includes(r.id)}
                  onTick={(on) => tick(r.id, on)}
                  onOpen={() => {
                    setOpened(r.id);
                    onOpen(r);
                  }}
                  onRename={(name) => onRename(r.id, name)}
                  onDelete={() => {
                    tick(r.id, false);
                    onDelete(r.id);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ticked.length === 1 && <p className="hint">Tick another run to overlay it.</p>}
      {shown.length > 0 && <OverlayCharts runs={shown} />}
    </section>
  );
}

interface RowProps {
  run: RunRecord;
  live: boolean;
  ticked: boolean;
  onTick(on: boolean): void;
  onOpen(): void;
  onRename(name: string): void;
  onDelete(): void;
}

function RunRow({ run: r, live, ticked, onTick, onOpen, onRename, onDelete }: RowProps) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const csv = () => downloadBlob(new Blob([historyCsv(r)], { type: 'text/csv' }), `${fileStem(r.name)}-history.csv`);
  return (
    <tr data-testid="run-row" data-run-id={r.id} data-status={r.status} className={live ? 'live-run' : undefined}>
      <td>
        <input type="checkbox" checked={ticked} onChange={(e) => onTick(e.target.checked)} aria-label={`Compare ${r.name}`} />
      </td>
      <td>
        {editing ? (
          <NameEditor
            name={r.name}
            onDone={(name) => {
              setEditing(false);
              if (name !== null && name !== r.name) onRename(name);
            }}
          />
        ) : (
          <>
            <span data-testid="run-name">{r.name}</span>{' '}
            <button type="button" className="link" onClick={() => setEditing(true)} aria-label={`Rename ${r.name}`}>
              rename
            </button>
          </>
        )}
      </td>
      <td>{when(r.created)}</td>
      <td title={r.data.fingerprint}>{r.data.label}</td>
      <td>{modelText(r)}</td>
      <td>
        {lastStep(r)}
        {r.spec.train.steps > lastStep(r) ? ` of ${r.spec.train.steps}` : ''}
      </td>
      <td data-testid="run-auc">{aucText(r)}</td>
      <td data-testid="run-status-text">{statusText(r, live)}</td>
      <td className="run-actions">
        <button type="button" className="link" onClick={onOpen}>
          open
        </button>
        <button type="button" className="link" onClick={csv}>
          CSV
        </button>
        {confirming ? (
          <>
            <button type="button" className="link danger" onClick={onDelete}>
              delete “{r.name}”
            </button>
            <button type="button" className="link" onClick={() => setConfirming(false)}>
              keep
            </button>
          </>
        ) : (
          <button type="button" className="link" onClick={() => setConfirming(true)}>
            delete
          </button>
        )}
      </td>
    </tr>
  );
}

/** The name in a text box: Enter keeps the new one, Escape the old. */
function NameEditor({ name, onDone }: { name: string; onDone(name: string | null): void }) {
  const [value, setValue] = useState(name);
  // Enter, then the blur of the box leaving the page: one answer.
  const answered = useRef(false);
  const done = (v: string | null) => {
    if (answered.current) return;
    answered.current = true;
    onDone(v);
  };
  return (
    <input
      autoFocus
      aria-label="Run name"
      value={value}
      maxLength={200}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') done(value);
        else if (e.key === 'Escape') done(null);
      }}
      onBlur={() => done(value)}
    />
  );
}
