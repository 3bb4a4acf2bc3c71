// A whole CSV text in, RawTable out (and back, for the demo's "download CSV"). Large files
// are streamed (loadFile.ts); this reads small texts with the same parser and the same
// messages: the delimiter guessed, editor line numbers, a DataError for each unreadable file.
import Papa from 'papaparse';
import type { FieldDelimiter } from './csvParser';
import { DataError, type RawTable } from './rawTable';
import { detectDelimiter } from './sniff';
import { TableReader } from './tableReader';

export type Delimiter = FieldDelimiter;

export interface ParseCsvOptions {
  /** Skip detection and split on this character. */
  delimiter?: Delimiter;
}

export function parseCsv(text: string, opts: ParseCsvOptions = {}): RawTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  rejectBinary(body);
  if (body.trim() === '') {
    throw new DataError({ problem: 'The file is empty.', hint: 'Choose a CSV file with a header row and one row per event.' });
  }
  const delimiter = opts.delimiter ?? detectDelimiter(body);
  const rows: string[][] = [];
  const lines: number[] = [];
  const reader = new TableReader({ delimiter, header: true, sequenceLines: false }, (cells, line) => {
    rows.push(cells);
    lines.push(line);
  });
  reader.push(body);
  reader.end();
  return { header: reader.header!, rows, lines: Int32Array.from(lines) };
}

/** CSV text of a table, fields quoted where they hold a delimiter, quote or line break. */
export function tableToCsv(table: RawTable): string {
  return `${Papa.unparse({ fields: table.header, data: table.rows }, { newline: '\n' })}\n`;
}

/** NUL bytes, or mostly unprintable characters, mean a binary file (xlsx, zip, gzip…). */
export function rejectBinary(text: string): void {
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
