// The column mapping: one row per column with its inferred role (changeable), the role's
// settings (normalisation of a dense column, format of a time column, list separator of a
// sequence column), the column's statistics in the sample and why the role was guessed.
import { COLUMN_ROLES, type ColumnRole } from '../../run/channelKinds';
import type { ColumnMapping, DenseNorm, RunSpec, TimeFormatChoice } from '../../run/runSpec';
import type { FilePreview } from '../../worker/protocol';
import { formatCount, formatStat } from './format';

const NORMS: [DenseNorm, string][] = [
  ['auto', 'auto'],
  ['standardise', 'standardise'],
  ['log1p', 'log1p, standardise'],
  ['none', 'none (raw)'],
];
const TIME_FORMATS: [TimeFormatChoice, string][] = [
  ['iso', 'ISO (2024-03-01 10:15)'],
  ['mdy', 'month/day/year'],
  ['dmy', 'day/month/year'],
  ['epoch_s', 'epoch seconds'],
  ['epoch_ms', 'epoch milliseconds'],
];

interface Props {
  spec: RunSpec;
  preview: FilePreview;
  disabled: boolean;
  onSpec(spec: RunSpec): void;
}

export function SchemaTable({ spec, preview, disabled, onSpec }: Props) {
  const mappingOf = (name: string): ColumnMapping => spec.data.columns.find((c) => c.name === name) ?? { name, role: 'ignore' };
  const update = (name: string, patch: Partial<ColumnMapping>) => {
    const columns = preview.header.map((h) => {
      const m = { ...mappingOf(h), ...(h === name ? patch : {}) };
      // Settings of another role do not travel with the column.
      if (m.role !== 'dense') delete m.norm;
      if (m.role !== 'time') delete m.timeFormat;
      return m;
    });
    onSpec({ ...spec, data: { ...spec.data, columns } });
  };
  const sequences = preview.layout.format === 'sequences';
  return (
    <div className="table-scroll">
      <table className="schema" data-testid="schema-table">
        <thead>
          <tr>
            <th>Column</th>
            <th>Role</th>
            <th>Setting</th>
            <th>Distinct</th>
            <th>Missing</th>
            <th>Range</th>
            <th>Top values</th>
          </tr>
        </thead>
        <tbody>
          {preview.profiles.map((p) => {
            const m = mappingOf(p.name);
            const s = p.stats;
            const top = s.top.map((t) => `${t.value} (${formatCount(t.count)})`).join(', ');
            return (
              <tr key={p.name} data-column={p.name}>
                <th scope="row" title={p.why}>
                  {p.name}
                  <small className="why">{p.why}</small>
                </th>
                <td>
                  <select aria-label={`role of ${p.name}`} value={m.role} disabled={disabled} onChange={(e) => update(p.name, { role: e.target.value as ColumnRole })}>
                    {COLUMN_ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  {m.role === 'dense' && (
                    <select aria-label={`normalisation of ${p.name}`} value={m.norm ?? 'auto'} disabled={disabled} onChange={(e) => update(p.name, { norm: e.target.value as DenseNorm })}>
                      {NORMS.map(([v, t]) => (
                        <option key={v} value={v}>
                          {t}
                        </option>
                      ))}
                    </select>
                  )}
                  {m.role === 'time' && (
                    <select
                      aria-label={`time format of ${p.name}`}
                      value={m.timeFormat ?? p.timeFormat ?? 'iso'}
                      disabled={disabled}
                      onChange={(e) => update(p.name, { timeFormat: e.target.value as TimeFormatChoice })}
                    >
                      {TIME_FORMATS.map(([v, t]) => (
                        <option key={v} value={v}>
                          {t}
                        </option>
                      ))}
                    </select>
                  )}
                  {sequences && m.role !== 'user' && m.role !== 'ignore' && (
                    <input
                      className="list-sep"
                      aria-label={`list separator of ${p.name}`}
                      title="The column holds a list of events split on this (empty: one value per user)"
                      value={m.list ?? ''}
                      disabled={disabled}
                      maxLength={4}
                      onChange={(e) => update(p.name, { list: e.target.value === '' ? undefined : e.target.value })}
                    />
                  )}
                </td>
                <td>{formatCount(s.distinct)}</td>
                <td>{s.missing > 0 ? `${formatCount(s.missing)} (${((100 * s.missing) / Math.max(1, s.rows)).toFixed(1)}%)` : '0'}</td>
                <td>{s.min !== undefined ? `${formatStat(s.min)} … ${formatStat(s.max)}` : '—'}</td>
                <td className="top" title={top}>
                  {top}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function PreviewRows({ preview }: { preview: FilePreview }) {
  return (
    <details open>
      <summary>First rows of the file</summary>
      <div className="table-scroll">
        <table data-testid="preview-table">
          <thead>
            <tr>
              {preview.header.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.sample.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell.length > 80 ? `${cell.slice(0, 77)}…` : cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
