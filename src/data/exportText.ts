// The text files a user takes away (issue 10): the Embedding Projector's vectors.tsv and
// metadata.tsv, users.csv (ID, split, H, labels and scores) and scores.csv. Pure functions
// over one chunk of users at a time, so the worker can write 100,000 users as Blob parts
// without ever holding the whole text. Text cells are made safe to open in a spreadsheet.

/** One user's row of an export. */
export interface ExportRow {
  id: string;
  /** 'train', 'holdout', 'validation' or 'scored' (a user of a scored file). */
  split: string;
  /** Per task: 0/1, or null when the user has no label. */
  labels: (number | null)[];
  /** Per task: the predicted probability σ(logit). */
  scores: number[];
  /** Per category channel: the user's most frequent value among its input events ('' = none). */
  top: string[];
}

/** Column names of the export: tasks and the category channels whose top value is shown. */
export interface ExportColumns {
  tasks: string[];
  categories: string[];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as a spreadsheet will not run it: a cell starting with =, +, -, @ (or a tab or
 * carriage return, which some spreadsheets skip before such a character) gets a leading
 * apostrophe, as OWASP advises against CSV injection. Numbers are written by the writers
 * below and never pass through here, so a negative score stays a number.
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** A CSV field (RFC 4180): neutralised, quoted when it holds a comma, quote or line break. */
export function csvText(cell: string): string {
  const safe = neutraliseFormula(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A TSV field: the Projector's reader splits on tabs and lines and knows no quoting, so those become spaces. */
export function tsvText(cell: string): string {
  return neutraliseFormula(cell).replace(/[\t\r\n]+/g, ' ');
}

/** A number as text: the shortest form that reads back as the same float (no rounding, so no ties the model did not make). */
export function numberText(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

const labelText = (y: number | null) => (y === null ? '' : String(y));

/** vectors.tsv lines of `rows` users of H [rows × dim], row-major; no header. */
export function vectorsTsv(h: Float32Array, dim: number, rows: number): string {
  let out = '';
  for (let i = 0; i < rows; i++) {
    const parts = new Array<string>(dim);
    for (let j = 0; j < dim; j++) parts[j] = String(h[i * dim + j]);
    out += `${parts.join('\t')}\n`;
  }
  return out;
}

/** metadata.tsv's header: the Projector reads the first row as column names when there are two or more columns. */
export function metadataHeader(c: ExportColumns): string {
  const cols = ['user_id', 'split', ...c.tasks.flatMap((t) => [`${t}_label`, `${t}_score`]), ...c.categories.map((n) => `top_${n}`)];
  return `${cols.map(tsvText).join('\t')}\n`;
}

export function metadataTsv(rows: ExportRow[]): string {
  let out = '';
  for (const r of rows) {
    const cells = [tsvText(r.id), r.split, ...r.labels.flatMap((y, k) => [labelText(y), numberText(r.scores[k])]), ...r.top.map(tsvText)];
    out += `${cells.join('\t')}\n`;
  }
  return out;
}

/** users.csv's header: user ID, split, h_0..h_{d−1}, then each task's label and score. */
export function usersHeader(c: ExportColumns, dim: number): string {
  const cols = ['user_id', 'split', ...Array.from({ length: dim }, (_, j) => `h_${j}`), ...c.tasks.flatMap((t) => [`${t}_label`, `${t}_score`])];
  return `${cols.map(csvText).join(',')}\n`;
}

export function usersCsv(rows: ExportRow[], h: Float32Array, dim: number): string {
  let out = '';
  rows.forEach((r, i) => {
    const vector = Array.from(h.subarray(i * dim, (i + 1) * dim), (x) => String(x));
    const tasks = r.labels.flatMap((y, k) => [labelText(y), numberText(r.scores[k])]);
    out += `${[csvText(r.id), r.split, ...vector, ...tasks].join(',')}\n`;
  });
  return out;
}

/** scores.csv's header: user ID, then each task's score (and its label when the scored file has labels). */
export function scoresHeader(tasks: string[], withLabels: boolean): string {
  const cols = ['user_id', ...tasks.flatMap((t) => (withLabels ? [`${t}_score`, `${t}_label`] : [`${t}_score`]))];
  return `${cols.map(csvText).join(',')}\n`;
}

export function scoresCsv(rows: ExportRow[], withLabels: boolean): string {
  let out = '';
  for (const r of rows) {
    const tasks = r.scores.flatMap((s, k) => (withLabels ? [numberText(s), labelText(r.labels[k])] : [numberText(s)]));
    out += `${[csvText(r.id), ...tasks].join(',')}\n`;
  }
  return out;
}
