// One pass over a column: the figures the column-mapping screen shows, and the few shape
// facts (integers? words per value?) that role inference reads.
import { isMissing, type RawTable } from './rawTable';
import { parseNumber } from './values';

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnStats {
  rows: number;
  distinct: number;
  missing: number;
  /** Share of non-missing cells that are plain numbers (0..1). */
  numericFraction: number;
  /** Over the numeric cells; undefined when there are none. */
  min?: number;
  max?: number;
  /** The 5 most frequent non-missing values, most frequent first. */
  top: ValueCount[];
}

/** Shape facts for inference, beyond what the screen shows. */
export interface ColumnShape extends ColumnStats {
  /** Every numeric cell is a whole number. */
  integer: boolean;
  /** Mean number of space-separated words in a non-missing cell. */
  meanWords: number;
  /** Up to SAMPLE non-missing cells spread over the file, to detect a time format. */
  sample: string[];
}

const TOP = 5;
const SAMPLE = 2000;

export function columnShape(table: RawTable, col: number): ColumnShape {
  const counts = new Map<string, number>();
  let missing = 0;
  let numeric = 0;
  let integer = true;
  let words = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const row of table.rows) {
    const cell = row[col];
    if (isMissing(cell)) {
      missing++;
      continue;
    }
    const v = cell.trim();
    counts.set(v, (counts.get(v) ?? 0) + 1);
    const x = parseNumber(v);
    if (Number.isFinite(x)) {
      numeric++;
      if (x < min) min = x;
      if (x > max) max = x;
      if (integer && !Number.isInteger(x)) integer = false;
    } else {
      words += countWords(v);
    }
  }
  const present = table.rows.length - missing;
  return {
    rows: table.rows.length,
    distinct: counts.size,
    missing,
    numericFraction: present > 0 ? numeric / present : 0,
    min: numeric > 0 ? min : undefined,
    max: numeric > 0 ? max : undefined,
    top: topValues(counts, TOP),
    integer: numeric > 0 && integer,
    meanWords: present > numeric ? words / (present - numeric) : 0,
    sample: spreadSample(table, col, SAMPLE),
  };
}

function countWords(v: string): number {
  let n = 1;
  for (let i = v.indexOf(' '); i >= 0; i = v.indexOf(' ', i + 1)) if (v[i + 1] !== ' ') n++;
  return n;
}

/** The k largest counts without sorting the whole map (a column may have a value per row). */
export function topValues(counts: Map<string, number>, k: number): ValueCount[] {
  const top: ValueCount[] = [];
  for (const [value, count] of counts) {
    if (top.length === k && count <= top[k - 1].count) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && top[i - 1].count < count) i--;
    top.splice(i, 0, { value, count });
    if (top.length > k) top.pop();
  }
  return top;
}

/** Non-missing cells taken at an even stride, so a format change late in the file is seen. */
export function spreadSample(table: RawTable, col: number, size: number): string[] {
  const n = table.rows.length;
  const stride = Math.max(1, Math.floor(n / size));
  const out: string[] = [];
  for (let i = 0; i < n && out.length < size; i += stride) {
    const cell = table.rows[i][col];
    if (!isMissing(cell)) out.push(cell.trim());
  }
  return out;
}
