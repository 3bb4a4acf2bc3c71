// The shape of a text file, guessed from its first rows: which delimiter splits it, whether
// the first row is a header, and whether it is an event log (one row per event) or a
// per-user sequence file (one row per user, with lists of events). Every guess can be
// overridden in the run description; these only fill in 'auto'.
import { parseRows, type FieldDelimiter } from './csvParser';
import { parseNumber } from './values';

export const DELIMITER_NAMES: Record<FieldDelimiter, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe', ' ': 'space' };

const SNIFF_ROWS = 50;

function rowsOf(sample: string, d: FieldDelimiter): string[][] {
  try {
    return parseRows(sample, d, SNIFF_ROWS, false).rows;
  } catch {
    return [];
  }
}

/**
 * The candidate that splits the first row into more than one field and keeps the most of the
 * next rows at that width. Space counts only when nothing else splits the first row: free
 * text is full of spaces, but `user item item …` files are split by nothing else.
 */
export function detectDelimiter(sample: string): FieldDelimiter {
  let best: FieldDelimiter | null = null;
  let bestScore = -1;
  for (const d of [',', '\t', ';', '|'] as const) {
    const rows = rowsOf(sample, d);
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const consistent = rows.slice(1).filter((r) => r.length === width).length;
    // Consistency first, then the wider split (a comma inside a semicolon file yields fewer fields).
    const score = consistent * 1000 + Math.min(width, 999);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  if (best !== null) return best;
  return (rowsOf(sample, ' ')[0]?.length ?? 0) >= 2 ? ' ' : ',';
}

const looksLikeValue = (cell: string) => Number.isFinite(parseNumber(cell)) || /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(cell.trim());

/**
 * A header unless the first row reads as data: a number or a date in it (column names
 * rarely are), or a first-row value that recurs further down its column.
 */
export function detectHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first || rest.length === 0) return true;
  if (first.some(looksLikeValue)) return false;
  return !first.some((cell, c) => cell.trim() !== '' && rest.some((r) => r[c] === cell));
}

/** Rows of different widths without a header: `user item item …` lines. */
export function isSequenceLines(rows: string[][], header: boolean): boolean {
  if (header || rows.length < 2) return false;
  const widths = new Set(rows.map((r) => r.length));
  return widths.size > 1;
}

/** Candidate separators of the list inside a cell, most specific first. */
const LIST_SEPARATORS = ['|', ';', ',', ' '];

/**
 * The separator of a column whose cells hold lists (`i1|i2|i3`), or null: most cells must
 * split into several short tokens, and no token may be long (that would be free text).
 */
export function detectListSeparator(cells: string[], fieldDelimiter: FieldDelimiter): string | null {
  const present = cells.filter((c) => c.trim() !== '');
  if (present.length < 2) return null;
  for (const sep of LIST_SEPARATORS) {
    if (sep === fieldDelimiter) continue;
    let lists = 0;
    let tokens = 0;
    let longest = 0;
    for (const c of present) {
      const parts = c.split(sep);
      if (parts.length > 1) lists++;
      tokens += parts.length;
      for (const p of parts) longest = Math.max(longest, p.trim().length);
    }
    if (lists >= 0.5 * present.length && tokens >= 2 * present.length && longest <= 40) return sep;
  }
  return null;
}
