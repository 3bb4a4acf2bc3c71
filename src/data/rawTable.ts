// An event log as text cells, before any column is given a role, and the one error type of
// `data/`: whatever a user's file gets wrong is reported as a DataError that says what is
// wrong, where a text editor would show it, and what to do about it.

export interface RawTable {
  header: string[];
  /** Data rows, each as long as `header`; empty lines are already left out. */
  rows: string[][];
  /**
   * 1-based line of each data row in the source text. A quoted field may span lines and
   * empty lines are skipped, so row i is not always on line i + 2. Absent for tables built
   * in code, where row i is taken to be on line i + 2 (line 1 is the header).
   */
  lines?: Int32Array;
}

export interface DataProblem {
  /** What is wrong, in a sentence. */
  problem: string;
  /** 1-based line of the offending row as a text editor shows it (line 1 is the header). */
  row?: number;
  column?: string;
  /** What to do about it. */
  hint: string;
}

export class DataError extends Error {
  readonly problem: string;
  readonly row?: number;
  readonly column?: string;
  readonly hint: string;

  constructor({ problem, row, column, hint }: DataProblem) {
    super(formatProblem({ problem, row, column, hint }));
    this.name = 'DataError';
    this.problem = problem;
    this.row = row;
    this.column = column;
    this.hint = hint;
  }
}

function formatProblem({ problem, row, column, hint }: DataProblem): string {
  const where = [row !== undefined ? `row ${row}` : '', column !== undefined ? `column "${column}"` : '']
    .filter(Boolean)
    .join(', ');
  return `${where ? `${where}: ` : ''}${problem} ${hint}`;
}

/** The line a user finds data row `index` (0-based) on. */
export function lineOf(table: RawTable, index: number): number {
  return table.lines ? table.lines[index] : index + 2;
}

/** A value shown inside a message: quoted, and cut short so one cell cannot flood it. */
export function showValue(value: string): string {
  const s = value.length > 40 ? `${value.slice(0, 37)}…` : value;
  return JSON.stringify(s);
}

/** Cells that mean "no value" in common exports (spreadsheets, pandas, R, SQL dumps). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-']);

export function isMissing(cell: string | undefined): boolean {
  if (cell === undefined || cell.length === 0) return true;
  // Fast path for the common case, a value longer than any missing marker with no padding.
  if (cell.length > 4 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32) return false;
  const t = cell.trim();
  return t === '' || (t.length <= 4 && MISSING.has(t.toLowerCase()));
}

/** Index of a column by name, or a DataError naming the columns the file has. */
export function columnIndex(table: RawTable, name: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    throw new DataError({
      problem: `The column "${name}" is not in the file.`,
      column: name,
      hint: `The file has: ${table.header.map((h) => `"${h}"`).join(', ')}. Map one of those instead.`,
    });
  }
  return i;
}
