// Why a value was refused, in words for the person who typed or linked it ("'abc' is not a
// number"), from the schema's issue. The schema's own message stays the rejection's `reason`
// (the link fixtures freeze it); this is what the page shows.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** A value as a person would recognise it: text quoted, long values cut. */
export function showValue(value: unknown): string {
  const s = typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 48 ? `${s.slice(0, 45)}…${s.startsWith("'") ? "'" : ''}` : s;
}

const A: Record<string, string> = { string: 'text', boolean: 'true or false', array: 'a list', object: 'an object', number: 'a number', int: 'a whole number' };

/** The value at `path` inside `value` (an issue of a list or object names the part at fault). */
function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** "tasks #1 › name": where in a list or object the issue is (lists counted from 1). */
function place(path: readonly PropertyKey[]): string {
  return path.map((k) => (typeof k === 'number' ? `#${k + 1}` : String(k))).join(' › ');
}

function sentence(issue: Issue, v: unknown): string {
  const shown = showValue(v);
  const blank = typeof v === 'string' && v.trim() === '';
  switch (issue.code) {
    case 'invalid_type':
      if (blank && (issue.expected === 'number' || issue.expected === 'int')) return 'is empty: enter a number';
      if (issue.expected === 'number' && Math.abs(Number(v)) === Infinity) return `${shown} is too large a number`;
      return `${shown} is not ${A[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'number') return blank ? 'is empty: enter a number' : `${shown} is below the minimum, ${String(issue.minimum)}${issue.inclusive ? '' : ' (exclusive)'}`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must have at least ${String(issue.minimum)} characters`;
      return `needs at least ${String(issue.minimum)} items`;
    case 'too_big':
      if (issue.origin === 'number') return `${shown} is above the maximum, ${String(issue.maximum)}`;
      if (issue.origin === 'string') return `is longer than ${String(issue.maximum)} characters`;
      return `has more than ${String(issue.maximum)} items`;
    case 'invalid_value':
      return `${shown} is not one of ${issue.values.map((x) => String(x)).join(', ')}`;
    case 'invalid_union': {
      // A switch reads "true"/"false" or a boolean: say it once, not per branch.
      const first = issue.errors[0]?.[0];
      return first ? sentence(first, v) : `${shown} is not valid`;
    }
    default:
      // Custom checks and formats carry their own words ("expected an ISO date or empty").
      return `${shown} is not valid: ${issue.message}`;
  }
}

/** "'abc' is not a number"; an issue inside a list or object says where ("tasks #1 › name: must not be empty"). */
export function explainIssue(issue: Issue, value: unknown): string {
  const text = sentence(issue, at(value, issue.path));
  return issue.path.length > 0 ? `${place(issue.path)}: ${text}` : text;
}
