// An incremental RFC-4180 reader: text goes in chunk by chunk (a 1 GB log never sits in
// memory as one string), rows come out with the editor line they start on. Lines without a
// quote take a fast path (one indexOf and a native split); a record with quotes is read by
// a small state machine and may span chunks and lines.
import { DataError } from './rawTable';

export type FieldDelimiter = ',' | '\t' | ';' | '|' | ' ';

/** Longest record accepted, in characters: past it the file is not one row per line. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** Receives each row and the 1-based line it starts on; returning false stops the reader. */
export type RowSink = (fields: string[], line: number) => boolean | void;

interface Record {
  fields: string[];
  /** Index just past the record (and its line break). */
  next: number;
  /** Line breaks inside the record's quoted fields. */
  breaks: number;
  /** The record ended at the end of the text, without a line break. */
  unterminated: boolean;
}

const INCOMPLETE = null;

export class CsvRowParser {
  private rest = '';
  private lineNo = 1;
  private stopped = false;
  /** The last record of the text had no line break after it (a file cut off mid-row?). */
  lastRowUnterminated = false;
  /** Line of the last row handed out. */
  lastRowLine = 0;

  constructor(
    private readonly delimiter: FieldDelimiter,
    private readonly sink: RowSink,
  ) {}

  /** True once the sink asked to stop. */
  get done(): boolean {
    return this.stopped;
  }

  push(chunk: string): void {
    if (this.stopped) return;
    const text = this.rest.length > 0 ? this.rest + chunk : chunk;
    const pos = this.consume(text, false);
    this.rest = pos < text.length ? text.slice(pos) : '';
    if (this.rest.length > MAX_RECORD_CHARS) throw this.tooLong(this.rest);
  }

  /** The text has ended: the last record may lack its line break. */
  end(): void {
    if (this.stopped || this.rest.length === 0) return;
    const text = this.rest;
    this.rest = '';
    this.consume(text, true);
  }

  /** Reads complete records from `text`; returns where the unread part starts. */
  private consume(text: string, final: boolean): number {
    const d = this.delimiter;
    let pos = 0;
    let quote = text.indexOf('"');
    while (pos < text.length && !this.stopped) {
      const nl = text.indexOf('\n', pos);
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || (nl >= 0 && quote > nl)) {
        // Fast path: a whole line without quotes.
        if (nl < 0 && !final) return pos;
        const end = nl < 0 ? text.length : nl;
        if (end - pos > MAX_RECORD_CHARS) throw this.tooLong(text.slice(pos, pos + 200));
        const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
        const line = text.slice(pos, lineEnd);
        this.emit(splitLine(line, d), 0, nl < 0);
        pos = nl < 0 ? text.length : nl + 1;
        continue;
      }
      const rec = this.readRecord(text, pos, final);
      if (rec === INCOMPLETE) return pos;
      this.emit(rec.fields, rec.breaks, rec.unterminated);
      pos = rec.next;
    }
    return this.stopped ? text.length : pos;
  }

  private emit(fields: string[], breaks: number, unterminated: boolean): void {
    const line = this.lineNo;
    this.lineNo += 1 + breaks;
    // Blank lines are skipped but counted, so that line numbers stay those of an editor.
    if (fields.length === 1 && fields[0].trim() === '') return;
    this.lastRowLine = line;
    this.lastRowUnterminated = unterminated;
    if (this.sink(fields, line) === false) this.stopped = true;
  }

  /** One record that holds a quote somewhere, read field by field. */
  private readRecord(text: string, start: number, final: boolean): Record | typeof INCOMPLETE {
    const d = this.delimiter;
    const fields: string[] = [];
    let breaks = 0;
    let i = start;
    for (;;) {
      if (text[i] === '"') {
        let value = '';
        let j = i + 1;
        let close: number;
        for (;;) {
          close = text.indexOf('"', j);
          if (close < 0) {
            if (!final) return INCOMPLETE;
            throw this.unclosedQuote(breaksBefore(text, start, i));
          }
          value += text.slice(j, close);
          if (text[close + 1] === '"') {
            value += '"';
            j = close + 2;
            continue;
          }
          if (close + 1 >= text.length && !final) return INCOMPLETE;
          break;
        }
        breaks += countBreaks(text, i, close);
        fields.push(value);
        const after = close + 1;
        const c = text[after];
        if (c === d) {
          i = after + 1;
          continue;
        }
        if (c === undefined) return { fields, next: after, breaks, unterminated: true };
        if (c === '\n') return { fields, next: after + 1, breaks, unterminated: false };
        if (c === '\r' && (text[after + 1] === '\n' || (after + 1 >= text.length && final))) {
          return { fields, next: Math.min(text.length, after + 2), breaks, unterminated: false };
        }
        if (c === '\r' && !final) return INCOMPLETE;
        throw new DataError({
          problem: 'A quoted field has text after its closing quote.',
          row: this.lineNo + breaks,
          hint: 'Put the whole field in quotes and double any quote inside it ("" stands for ").',
        });
      }
      // An unquoted field runs to the next delimiter or line break (a quote inside it is text).
      const nl = text.indexOf('\n', i);
      const di = d === ' ' ? nextSpace(text, i, nl) : text.indexOf(d, i);
      if (di >= 0 && (nl < 0 || di < nl)) {
        fields.push(text.slice(i, di));
        i = d === ' ' ? skipSpaces(text, di) : di + 1;
        continue;
      }
      if (nl < 0 && !final) return INCOMPLETE;
      const end = nl < 0 ? text.length : nl;
      fields.push(text.slice(i, end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end));
      return { fields, next: nl < 0 ? text.length : nl + 1, breaks, unterminated: nl < 0 };
    }
  }

  private unclosedQuote(breaks: number): DataError {
    return new DataError({
      problem: 'A quoted field is never closed: a double quote opens here and no closing quote follows.',
      row: this.lineNo + breaks,
      hint: 'Close the quote, or double a quote that belongs to the text ("" stands for ").',
    });
  }

  private tooLong(start: string): DataError {
    const mib = MAX_RECORD_CHARS / 1024 / 1024;
    if (start.includes('"')) {
      return new DataError({
        problem: `A row runs on for more than ${mib} MiB of text: a quoted field that opens on it is probably never closed.`,
        row: this.lineNo,
        hint: 'Close the quote, or double a quote that belongs to the text ("" stands for ").',
      });
    }
    return new DataError({
      problem: `A line is longer than ${mib} MiB: this is not a file of one row per line.`,
      row: this.lineNo,
      hint: 'Export the data as CSV or TSV with one event (or one user) per line; a file whose line breaks were lost must be repaired first.',
    });
  }
}

function splitLine(line: string, d: FieldDelimiter): string[] {
  if (d !== ' ') return line.split(d);
  // Space-separated files (user item item …) may pad with several spaces.
  const t = line.trim();
  return t === '' ? [''] : t.split(/\s+/);
}

function nextSpace(text: string, from: number, nl: number): number {
  const stop = nl < 0 ? text.length : nl;
  for (let k = from; k < stop; k++) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 9) return k;
  }
  return -1;
}

function skipSpaces(text: string, from: number): number {
  let k = from;
  while (text[k] === ' ' || text[k] === '\t') k++;
  return k;
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

function breaksBefore(text: string, start: number, at: number): number {
  return countBreaks(text, start, at);
}

/**
 * All rows of a text; stops after `limit` rows. `complete` = false for the first part of a
 * file (sniffing): its last, possibly cut, record is left out.
 */
export function parseRows(text: string, delimiter: FieldDelimiter, limit = Infinity, complete = true): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const parser = new CsvRowParser(delimiter, (fields, line) => {
    rows.push(fields);
    lines.push(line);
    return rows.length < limit;
  });
  parser.push(text);
  if (complete) parser.end();
  return { rows, lines };
}
