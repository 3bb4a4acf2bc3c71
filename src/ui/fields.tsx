// Inputs bound to one run-spec field each: a value is checked by the run description's own
// schema when committed (blur or Enter), so the UI and share links accept the same values.
import { useState, type KeyboardEvent } from 'react';
import { fieldValue, type FieldKey, type FieldValue } from '../run/fields';
import { withField } from '../run/link';
import type { RunSpec } from '../run/runSpec';
import { fieldLabel } from './fieldLabels';
import { parseNumber, type NumberRule, type Parsed } from './numberText';

interface FieldProps<K extends FieldKey = FieldKey> {
  spec: RunSpec;
  field: K;
  /** Defaults to the field's name on the page (fieldLabels.ts). */
  label?: string;
  hint?: string;
  disabled?: boolean;
  /** Not read by the run's model type(s): shown dimmed, still editable (a compare run may read it). */
  unused?: boolean;
  onChange(spec: RunSpec): void;
}

function labelProps(hint: string | undefined, unused: boolean | undefined, why = 'Not read by the chosen model type.') {
  return { className: unused ? 'field unused' : 'field', title: unused ? [hint, why].filter(Boolean).join(' ') : hint };
}

type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

interface NumberTextProps<T> {
  label: string;
  /** The keyboard a phone shows: numbers (default) or text (a date). */
  inputMode?: 'decimal' | 'text';
  placeholder?: string;
  /** The committed value, as text. */
  value: string;
  /** Reads the typed text: the value to commit, or why it is refused. */
  check(text: string): Checked<T>;
  onCommit(value: T): void;
  name?: string;
  hint?: string;
  disabled?: boolean;
  unused?: boolean;
  unusedWhy?: string;
}

/**
 * A number typed as text. What is typed stays as typed ("2.", "-", "1e") until it is committed
 * on blur or Enter; a refused text stays on screen, marked, with why; Escape goes back.
 */
export function NumberText<T>({ label, value, check, onCommit, name, hint, disabled, unused, unusedWhy, inputMode = 'decimal', placeholder }: NumberTextProps<T>) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null || draft === value) {
      setError(null);
      return setDraft(null);
    }
    const r = check(draft);
    if (!r.ok) return setError(r.error);
    setError(null);
    setDraft(null);
    onCommit(r.value);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      setDraft(null);
      setError(null);
    }
  };
  return (
    <label {...labelProps(hint, unused, unusedWhy)}>
      <span>{label}</span>
      <input
        type="text"
        inputMode={inputMode}
        placeholder={placeholder}
        name={name}
        value={draft ?? value}
        disabled={disabled}
        aria-invalid={error !== null}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKey}
      />
      {error && (
        <em className="field-error" role="alert">
          {error}
        </em>
      )}
    </label>
  );
}

/** A number field of the run: the typed text must read as a number, then pass the field's schema. */
export function NumberField({ spec, field, label, hint, disabled, unused, onChange }: FieldProps) {
  const check = (text: string): Checked<RunSpec> => {
    const n: Parsed = parseNumber(text);
    if (!n.ok) return n;
    const r = withField(spec, field, n.value);
    return r.rejected.length > 0 ? { ok: false, error: r.rejected.map((x) => x.message).join('; ') } : { ok: true, value: r.spec };
  };
  return (
    <NumberText label={label ?? fieldLabel(field)} name={field} value={String(fieldValue(spec, field))} check={check} onCommit={onChange} hint={hint} disabled={disabled} unused={unused} />
  );
}

/** A number not bound to one field (a task's λ, …), read with `rule`. */
export function PlainNumber({ label, value, rule, onCommit, disabled, hint }: { label: string; value: number; rule?: NumberRule; onCommit(v: number): void; disabled?: boolean; hint?: string }) {
  return <NumberText label={label} value={String(value)} check={(t) => parseNumber(t, rule)} onCommit={onCommit} disabled={disabled} hint={hint} />;
}

/** `options`: [value, text] pairs; the values are checked against the field's type. */
export function SelectField<K extends FieldKey>({
  spec,
  field,
  label,
  hint,
  disabled,
  unused,
  unusedWhy,
  onChange,
  options,
}: FieldProps<K> & { options: readonly (readonly [FieldValue<K> & string, string])[]; unusedWhy?: string }) {
  return (
    <label {...labelProps(hint, unused, unusedWhy)}>
      <span>{label ?? fieldLabel(field)}</span>
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

/** A text setting of the run (a date): committed on blur or Enter like a number, checked by the field's schema. */
export function TextField({ spec, field, label, hint, disabled, unused, onChange, placeholder }: FieldProps & { placeholder?: string }) {
  const check = (text: string): Checked<RunSpec> => {
    const r = withField(spec, field, text.trim());
    return r.rejected.length > 0 ? { ok: false, error: r.rejected.map((x) => x.message).join('; ') } : { ok: true, value: r.spec };
  };
  return (
    <NumberText
      label={label ?? fieldLabel(field)}
      name={field}
      value={String(fieldValue(spec, field))}
      check={check}
      onCommit={onChange}
      hint={hint}
      disabled={disabled}
      unused={unused}
      inputMode="text"
      placeholder={placeholder}
    />
  );
}

/** A yes/no setting of the run. */
export function CheckField({ spec, field, label, hint, disabled, unused, onChange }: FieldProps) {
  return (
    <label {...labelProps(hint, unused)}>
      <span>{label ?? fieldLabel(field)}</span>
      <input
        type="checkbox"
        name={field}
        checked={fieldValue(spec, field) === true}
        disabled={disabled}
        onChange={(e) => {
          const r = withField(spec, field, e.target.checked);
          if (r.rejected.length === 0) onChange(r.spec);
        }}
      />
    </label>
  );
}
