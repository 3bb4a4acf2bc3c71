// The label builder: tasks defined on the log itself for files without label columns. A
// cutoff and a window split each user's history (inputs before, labels from the window);
// each task is "any event", "sum of a column ≥ threshold" or "an event whose column equals /
// contains a value". Edited as a draft and applied at once, since applying rebuilds the run.
import { useState } from 'react';
import { withField } from '../../run/link';
import type { ColumnMapping, LabelBuilder, LabelTask, RunSpec } from '../../run/runSpec';
import type { DatasetSummary } from '../../worker/protocol';
import { formatDate } from './format';

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
  const [draft, setDraft] = useState<LabelBuilder>(spec.data.labelBuilder);
  const [error, setError] = useState<string | null>(null);
  const apply = () => {
    const b = clean(draft);
    const names = b.tasks.map((t) => t.name);
    const taken = names.find((n, i) => names.indexOf(n) !== i || spec.data.columns.some((c) => c.role === 'label' && c.name === n));
    if (taken) return setError(`Two tasks are named "${taken}": give each task its own name.`);
    const r = withField(spec, 'data.labelBuilder', b);
    if (r.rejected.length > 0) return setError(r.rejected.map((x) => x.reason).join('; '));
    setError(null);
    onSpec(r.spec);
  };
  const columns = spec.data.columns.filter((c) => c.role !== 'user' && c.role !== 'time' && c.role !== 'label');
  const changed = JSON.stringify(draft) !== JSON.stringify(spec.data.labelBuilder);
  const setTask = (i: number, patch: Partial<LabelTask>) => setDraft({ ...draft, tasks: draft.tasks.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
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
              <input aria-label="label cutoff" placeholder="auto: end of log − window" value={draft.cutoff} disabled={disabled} onChange={(e) => setDraft({ ...draft, cutoff: e.target.value.trim() })} />
            </label>
            <label className="field">
              <span>Window (days)</span>
              <input aria-label="label window days" inputMode="decimal" value={draft.windowDays} disabled={disabled} onChange={(e) => setDraft({ ...draft, windowDays: Number(e.target.value) })} />
            </label>
          </>
        ) : (
          <label className="field">
            <span>Window: each user’s last … events</span>
            <input aria-label="label window events" inputMode="numeric" value={draft.windowEvents} disabled={disabled} onChange={(e) => setDraft({ ...draft, windowEvents: Math.round(Number(e.target.value)) })} />
          </label>
        )}
      </div>
      {draft.tasks.map((t, i) => (
        <div className="row task" key={i} data-testid="label-task">
          <label className="field">
            <span>Task name</span>
            <input aria-label={`task ${i + 1} name`} value={t.name} disabled={disabled} onChange={(e) => setTask(i, { name: e.target.value })} />
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
              <select aria-label={`task ${i + 1} column`} value={t.column ?? ''} disabled={disabled} onChange={(e) => setTask(i, { column: e.target.value })}>
                <option value="">—</option>
                {columns
                  .filter((c) => t.kind !== 'sum' || c.role === 'dense')
                  .map((c) => (
                    <option key={c.name}>{c.name}</option>
                  ))}
              </select>
            </label>
          )}
          {t.kind === 'sum' && (
            <label className="field">
              <span>Threshold</span>
              <input aria-label={`task ${i + 1} threshold`} inputMode="decimal" value={t.threshold ?? 0} disabled={disabled} onChange={(e) => setTask(i, { threshold: Number(e.target.value) })} />
            </label>
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

function newTask(tasks: LabelTask[], columns: ColumnMapping[]): LabelTask {
  let n = tasks.length + 1;
  while (tasks.some((t) => t.name === `task${n}`)) n++;
  return { name: `task${n}`, kind: 'any', column: columns.find((c) => c.role === 'dense')?.name };
}

/** Only the fields of each task's kind, with numbers that the run description accepts. */
function clean(b: LabelBuilder): LabelBuilder {
  const tasks = b.tasks.map((t): LabelTask => {
    const name = t.name.trim() || 'task';
    if (t.kind === 'any') return { name, kind: 'any' };
    if (t.kind === 'sum') return { name, kind: 'sum', column: t.column, threshold: Number.isFinite(t.threshold) ? t.threshold : 0 };
    return { name, kind: 'match', column: t.column, op: t.op ?? 'equals', value: t.value ?? '' };
  });
  const windowDays = Number.isFinite(b.windowDays) && b.windowDays > 0 ? b.windowDays : 30;
  const windowEvents = Number.isInteger(b.windowEvents) && b.windowEvents > 0 ? b.windowEvents : 1;
  return { cutoff: b.cutoff, windowDays, windowEvents, tasks };
}
