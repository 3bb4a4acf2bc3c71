// Inputs bound to one run-spec field each: a value is checked by the run description's own
// schema when committed (blur or Enter), so the UI and share links accept the same values.
import { useState, type KeyboardEvent } from 'react';
import { fieldValue, type FieldKey, type FieldValue } from '../run/fields';
import { withField } from '../run/link';
import type { RunSpec } from '../run/runSpec';

interface FieldProps<K extends FieldKey = FieldKey> {
  spec: RunSpec;
  field: K;
  label: string;
  hint?: string;
  disabled?: boolean;
  /** Not read by the run's model type(s): shown dimmed, still editable (a compare run may read it). */
  unused?: boolean;
  onChange(spec: RunSpec): void;
}

function labelProps(hint: string | undefined, unused: boolean | undefined) {
  return { className: unused ? 'field unused' : 'field', title: unused ? [hint, 'Not read by the chosen model type.'].filter(Boolean).join(' ') : hint };
}

export function NumberField({ spec, field, label, hint, disabled, unused, onChange }: FieldProps) {
  const current = String(fieldValue(spec, field));
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null || draft === current) return setDraft(null);
    const r = withField(spec, field, draft);
    if (r.rejected.length > 0) return setError(r.rejected.map((x) => x.reason).join('; '));
    setError(null);
    setDraft(null);
    onChange(r.spec);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      setDraft(null);
      setError(null);
    }
  };
  return (
    <label {...labelProps(hint, unused)}>
      <span>{label}</span>
      <input
        type="text"
        inputMode="decimal"
        name={field}
        value={draft ?? current}
        disabled={disabled}
        aria-invalid={error !== null}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKey}
      />
      {error && <em className="field-error">{error}</em>}
    </label>
  );
}

/** `options`: [value, text] pairs; the values are checked against the field's type. */
export function SelectField<K extends FieldKey>({ spec, field, label, hint, disabled, unused, onChange, options }: FieldProps<K> & { options: readonly (readonly [FieldValue<K> & string, string])[] }) {
  return (
    <label {...labelProps(hint, unused)}>
      <span>{label}</span>
      <select
        name={field}
        value={String(fieldValue(spec, field))}
        disabled={disabled}
        onChange={(e) => {
          const r = withField(spec, field, e.target.value);
          if (r.rejected.length === 0) onChange(r.spec);
        }}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
