// Numbers as people type them: "2.5", "-5", " 1e3 ". The text stays what was typed until it is
// committed; a text that is no number is refused with why, never turned into NaN or 0.

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

export interface NumberRule {
  integer?: boolean;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Values must be greater than this. */
  above?: number;
}

export function parseNumber(text: string, rule: NumberRule = {}): Parsed {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'is empty: enter a number' };
  const value = Number(t);
  if (Number.isNaN(value)) {
    // "2,5": a decimal comma, as many locales write it.
    const comma = /^[-+]?\d+,\d+$/.test(t) ? ` (use a point for decimals: ${t.replace(',', '.')})` : '';
    return { ok: false, error: `'${t}' is not a number${comma}` };
  }
  if (!Number.isFinite(value)) return { ok: false, error: `'${t}' is too large a number` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, error: `${t} is not a whole number` };
  if (rule.min !== undefined && value < rule.min) return { ok: false, error: `${t} is below the minimum, ${rule.min}` };
  if (rule.above !== undefined && value <= rule.above) return { ok: false, error: `must be more than ${rule.above}` };
  return { ok: true, value };
}
