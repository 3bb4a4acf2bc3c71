// CSV text in, RawTable out (and back, for the demo's "download CSV"). papaparse does the
// quoting; this file adds what a user needs on top: the delimiter guessed reliably even from
// a few lines, editor line numbers, and a DataError for each way a file can be unreadable.
import Papa from 'papaparse';
import { DataError, type RawTable } from './rawTable';

export type Delimiter = ',' | '\t' | ';' | '|';

export const DELIMITERS: readonly Delimiter[] = [',', '\t', ';', '|'];

export interface ParseCsvOptions {
  /** Skip detection and split on this character. */
  delimiter?: Delimiter;
}

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' };

export function parseCsv(text: string, opts: ParseCsvOptions = {}): RawTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  rejectBinary(body);
  if (body.trim() === '') {
    throw new DataError({ problem: 'The file is empty.', hint: 'Choose a CSV file with a header row and one row per event.' });
  }
  const delimiter = opts.delimiter ?? detectDelimiter(body);
  // Empty lines are kept here and dropped below, so that line numbers stay exact.
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  rejectQuoteErrors(parsed.errors, body);
  const { rows, lines } = dropEmptyLines(parsed.data);
  const header = cleanHeader(rows[0], lines[0]);
  const data = rows.slice(1);
  if (data.length === 0) {
    throw new DataError({
      problem: 'The file has a header row but no data rows.',
      row: lines[0],
      hint: 'Add one row per event below the header.',
    });
  }
  const dataLines = lines.subarray(1);
  checkRagged(data, dataLines, header.length, delimiter);
  return { header, rows: data, lines: dataLines };
}

/** CSV text of a table, fields quoted where they hold a delimiter, quote or line break. */
export function tableToCsv(table: RawTable): string {
  return `${Papa.unparse({ fields: table.header, data: table.rows }, { newline: '\n' })}\n`;
}

/** NUL bytes, or mostly unprintable characters, mean a binary file (xlsx, zip, gzip…). */
function rejectBinary(text: string): void {
  const sample = text.slice(0, 65_536);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) {
      throw new DataError({
        problem: `This is not a text file: it holds a NUL byte (character ${i + 1}).`,
        hint: binaryHint,
      });
    }
    // Control characters other than tab/CR/LF, and U+FFFD, which a decoder puts in place of bytes that are not UTF-8.
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  if (sample.length > 0 && odd / sample.length > 0.1) {
    throw new DataError({
      problem: `This does not look like text: ${Math.round((100 * odd) / sample.length)}% of its first characters are not printable.`,
      hint: binaryHint,
    });
  }
}

const binaryHint =
  'Export the data as CSV (UTF-8) from your spreadsheet or database; a compressed file (.gz, .zip) must be unpacked first.';

/**
 * The candidate that splits the header into more than one field and keeps the most of the
 * next lines at the header's field count. papaparse's own guess gives up on small or
 * irregular samples, which is exactly what a user tries first.
 */
function detectDelimiter(text: string): Delimiter {
  const sample = text.slice(0, 65_536);
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, { delimiter: d, preview: 30, skipEmptyLines: 'greedy' }).data;
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
  return best;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function rejectQuoteErrors(errors: Papa.ParseError[], text: string): void {
  const quoteErrors = errors.filter((e) => e.type === 'Quotes');
  if (quoteErrors.length === 0) return;
  const first = quoteErrors.reduce((a, b) => ((b.index ?? Infinity) < (a.index ?? Infinity) ? b : a));
  const row = first.index !== undefined ? lineAt(text, first.index) : undefined;
  if (first.code === 'MissingQuotes') {
    throw new DataError({
      problem: 'A quoted field is never closed: a double quote opens here and no closing quote follows.',
      row,
      hint: 'Close the quote, or double a quote that belongs to the text ("" stands for ").',
    });
  }
  throw new DataError({
    problem: 'A quoted field has text after its closing quote.',
    row,
    hint: 'Put the whole field in quotes and double any quote inside it ("" stands for ").',
  });
}

/** Drops blank lines, and counts the lines each row spans, to give every row its editor line. */
function dropEmptyLines(data: string[][]): { rows: string[][]; lines: Int32Array } {
  const rows: string[][] = [];
  const lines = new Int32Array(data.length);
  let line = 1;
  for (const row of data) {
    const blank = row.length === 1 && row[0].trim() === '';
    if (!blank) {
      lines[rows.length] = line;
      rows.push(row);
    }
    line += 1 + countBreaks(row);
  }
  return { rows, lines: lines.subarray(0, rows.length) };
}

/** Line breaks inside quoted fields of a row (a CRLF counts once, through its LF). */
function countBreaks(row: string[]): number {
  let n = 0;
  for (const cell of row) {
    for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  }
  return n;
}

function cleanHeader(raw: string[], line: number): string[] {
  // A trailing delimiter leaves a nameless last column; give such columns a name to map by.
  const header = raw.map((h, i) => h.trim() || `column_${i + 1}`);
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new DataError({
        problem: `Two columns are named "${name}" (columns ${before + 1} and ${i + 1}).`,
        row: line,
        column: name,
        hint: 'Rename one of them in the header so that each column can be mapped on its own.',
      });
    }
    seen.set(name, i);
  });
  return header;
}

function checkRagged(rows: string[][], lines: Int32Array, width: number, delimiter: Delimiter): void {
  for (let i = 0; i < rows.length; i++) {
    const n = rows[i].length;
    if (n === width) continue;
    const name = DELIMITER_NAMES[delimiter];
    throw new DataError({
      problem: `This row has ${n} field${n === 1 ? '' : 's'} but the header has ${width} columns (split on ${name}).`,
      row: lines[i],
      hint:
        n > width
          ? `A value that contains a ${name} must be in double quotes; look for an unquoted ${name} in this row.`
          : `Each row needs a value (possibly empty) for every column; add the missing ${name}s.`,
    });
  }
}
