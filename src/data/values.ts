// Reading one cell as a number or as a binary label, shared by role inference and encoding
// so that what inference calls numeric is exactly what encoding can read.
import { isMissing } from './rawTable';

// Plain decimals and exponents; no thousands separators or currency signs, which are ambiguous across locales.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number in a cell, or NaN when it is not a plain number. */
export function parseNumber(cell: string): number {
  const t = cell.trim();
  return NUMBER.test(t) ? Number(t) : NaN;
}

const TRUE = new Set(['1', '1.0', 'true', 'yes', 't', 'y']);
const FALSE = new Set(['0', '0.0', 'false', 'no', 'f', 'n']);

/** 1 or 0 for a binary label, null for an empty cell, undefined for anything else. */
export function parseBinary(cell: string): 0 | 1 | null | undefined {
  // Fast path: most label cells are exactly one of these.
  if (cell === '1') return 1;
  if (cell === '0') return 0;
  if (cell === '') return null;
  if (isMissing(cell)) return null;
  const t = cell.trim().toLowerCase();
  if (TRUE.has(t)) return 1;
  if (FALSE.has(t)) return 0;
  return undefined;
}
