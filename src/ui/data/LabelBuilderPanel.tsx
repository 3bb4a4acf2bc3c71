// The label builder: tasks defined on the log itself for files without label columns. A
// cutoff and a window split each user's history (inputs before, labels from the window);
// each task is "any event", "sum of a column ≥ threshold" or "an event whose column equals /
// contains a value". Edited as a draft (numbers as typed text, labelDraft.ts) and applied at
// once, since applying rebuilds the run.
import { useState } from 'react';
import { withField } from '../../run/link';
import type { LabelTask, RunSpec } from '../../run/runSpec';
import type { DatasetSummary } from '../../worker/protocol';
import { formatDate } from './format';
import { draftOf, newTask, readDraft, type BuilderDraft, type TaskDraft } from './labelDraft';

interface Props {
  spec: RunSpec;
  /** Whether the log has a time column (else the window is each user's last events). */
  hasTime: boolean;
  timeRange: [number, number] | null;
  summary: DatasetSummary | null;
  disabled: boolean;
  onSpec(spec: RunSpec): void;
}

const KINDS: [LabelTask['kind'], string][] = [
  ['any', 'any event in the window'],
  ['sum', 'sum of a column in the window ≥'],
  ['match', 'an event in the window whose column'],
];

export function LabelBuilderPanel(props: Props) {
  const { spec } = props;
  // Re-mounted when the applied builder changes (a link, another file), so the draft follows it.
  return <Editor key={JSON.stringify(spec.data.labelBuilder)} {...props} />;
}

function Editor({ spec, hasTime, timeRange, summary, disabled, onSpec }: Props) {
  const [draft, setDraft] = useState<BuilderDraft>(() => draftOf(spec.data.labelBuilder));
  // Inputs left (blurred) show their errors; an attempt to apply shows them all.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const labelColumns = spec.data.columns.filter((c) => c.role === 'label').map((c) => c.name);
  const { builder, errors } = readDraft(draft, hasTime, labelColumns);
  const errorOf = (key: string) => (tried || touched.has(key) ? errors[key] : undefined);
  const leave = (key: string) => setTouched((t) => new Set(t).add(key));
  const apply = () => {
    setTried(true);
    if (Object.keys(errors).length > 0) return setError('Fix the marked fields first.');
    // The schema still checks the ranges (window length, name length…).
    const r = withField(spec, 'data.labelBuilder', builder);
    if (r.rejected.length > 0) return setError(r.rejected.map((x) => x.message).join('; '));
    setError(null);
    onSpec(r.spec);
  };
  const columns = spec.data.columns.filter((c) => c.role !== 'user' && c.role !== 'time' && c.role !== 'label');
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(spec.data.labelBuilder));
  const setTask = (i: number, patch: Partial<TaskDraft>) => setDraft({ ...draft, tasks: draft.tasks.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  const addTask = () => setDraft({ ...draft, tasks: [...draft.tasks, newTask(draft.tasks, columns)] });
  const removeTask = (i: number) => setDraft({ ...draft, tasks: draft.tasks.filter((_, j) => j !== i) });
  const rate = (name: string) => {
    const t = summary?.tasks.find((x) => x.name === name);
    return t ? `${((100 * t.positives) / Math.max(1, t.labelled)).toFixed(1)}% positive of ${t.labelled.toLocaleString('en-US')}` : '';
  };
  return (
    <div className="label-builder" data-testid="label-builder">
      <h3>Labels from the log</h3>
      <p className="hint">
        Inputs are each user’s events <b>before</b> the window; a task’s label comes from the events <b>in</b> it, so nothing after the cutoff leaks into the
        inputs. Users without events before the window are left out.
        {timeRange && ` The log runs from ${formatDate(timeRange[0])} to ${formatDate(timeRange[1])} UTC.`}
      </p>
      <div className="row">
        {hasTime ? (
          <>
            <label className="field">
              <span>Cutoff (UTC)</span>
              <input aria-label="label cutoff" placeholder="auto: end of log − window" value={draft.cutoff} disabled={disabled} onChange={(e) => setDraft({ ...draft, cutoff: e.target.value })} />
            </label>
            <DraftNumber label="Window (days)" aria="label window days" value={draft.windowDays} error={errorOf('windowDays')} disabled={disabled} onChange={(v) => setDraft({ ...draft, windowDays: v })} onLeave={() => leave('windowDays')} />
          </>
        ) : (
          <DraftNumber
            label="Window: each user’s last … events"
            aria="label window events"
            value={draft.windowEvents}
            error={errorOf('windowEvents')}
            disabled={disabled}
            onChange={(v) => setDraft({ ...draft, windowEvents: v })}
            onLeave={() => leave('windowEvents')}
          />
        )}
      </div>
      {draft.tasks.map((t, i) => (
        <div className="row task" key={i} data-testid="label-task">
          <label className="field">
            <span>Task name</span>
            <input aria-label={`task ${i + 1} name`} value={t.name} disabled={disabled} aria-invalid={!!errorOf(`name ${i}`)} onChange={(e) => setTask(i, { name: e.target.value })} onBlur={() => leave(`name ${i}`)} />
            {errorOf(`name ${i}`) && <em className="field-error">{errorOf(`name ${i}`)}</em>}
          </label>
          <label className="field">
            <span>Positive when</span>
            <select aria-label={`task ${i + 1} kind`} value={t.kind} disabled={disabled} onChange={(e) => setTask(i, { kind: e.target.value as LabelTask['kind'] })}>
              {KINDS.map(([k, text]) => (
                <option key={k} value={k}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          {t.kind !== 'any' && (
            <label className="field">
              <span>Column</span>
              <select aria-label={`task ${i + 1} column`} value={t.column ?? ''} disabled={disabled} aria-invalid={!!errorOf(`column ${i}`)} onChange={(e) => setTask(i, { column: e.target.value || undefined })}>
                <option value="">—</option>
                {columns
                  .filter((c) => t.kind !== 'sum' || c.role === 'dense')
                  .map((c) => (
                    <option key={c.name}>{c.name}</option>
                  ))}
              </select>
              {errorOf(`column ${i}`) && <em className="field-error">{errorOf(`column ${i}`)}</em>}
            </label>
          )}
          {t.kind === 'sum' && (
            <DraftNumber
              label="Threshold"
              aria={`task ${i + 1} threshold`}
              value={t.threshold}
              error={errorOf(`threshold ${i}`)}
              disabled={disabled}
              onChange={(v) => setTask(i, { threshold: v })}
              onLeave={() => leave(`threshold ${i}`)}
            />
          )}
          {t.kind === 'match' && (
            <>
              <label className="field">
                <span>Test</span>
                <select aria-label={`task ${i + 1} test`} value={t.op ?? 'equals'} disabled={disabled} onChange={(e) => setTask(i, { op: e.target.value as 'equals' | 'contains' })}>
                  <option value="equals">equals (one of, comma-separated)</option>
                  <option value="contains">contains</option>
                </select>
              </label>
              <label className="field">
                <span>Value</span>
                <input aria-label={`task ${i + 1} value`} value={t.value ?? ''} disabled={disabled} onChange={(e) => setTask(i, { value: e.target.value })} />
              </label>
            </>
          )}
          <span className="rate" data-testid="task-rate">
            {rate(t.name)}
          </span>
          <button type="button" aria-label={`remove task ${i + 1}`} disabled={disabled} onClick={() => removeTask(i)}>
            ×
          </button>
        </div>
      ))}
      <div className="row">
        <button type="button" disabled={disabled || draft.tasks.length >= 32} onClick={addTask}>
          Add task
        </button>
        <button type="button" disabled={disabled || !changed} onClick={apply}>
          Apply labels
        </button>
        {error && <em className="field-error">{error}</em>}
      </div>
    </div>
  );
}

/** A number of the draft: kept as typed; its error shows once the input was left or Apply pressed. */
function DraftNumber({ label, aria, value, error, disabled, onChange, onLeave }: { label: string; aria: string; value: string; error?: string; disabled: boolean; onChange(v: string): void; onLeave(): void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input aria-label={aria} inputMode="decimal" value={value} disabled={disabled} aria-invalid={!!error} onChange={(e) => onChange(e.target.value)} onBlur={onLeave} />
      {error && <em className="field-error">{error}</em>}
    </label>
  );
}
