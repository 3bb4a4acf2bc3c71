// Reading a dropped file in two passes, both streamed. The sample pass reads the first rows
// only: it settles the file's shape (delimiter, header, events or per-user sequences) and
// profiles the columns for the mapping screen. The full pass reads every row with the chosen
// mapping straight into an EventStore (numbers, not text), reporting progress as it goes.
import type { ColumnMapping, DelimiterChoice, FileFormat, HeaderChoice, LabelBuilder, TextEncoding } from '../run/runSpec';
import type { FieldDelimiter } from './csvParser';
import { taskColumns } from './encode';
import { planLoad, StoreBuilder, type EventStore, type StoreFormat } from './eventStore';
import { profileColumns, userNameScore, type ColumnProfile } from './inferRoles';
import { DataError, type RawTable } from './rawTable';
import { detectDelimiter, detectHeader, detectListSeparator, isSequenceLines } from './sniff';
import { TableReader, type TableLayout } from './tableReader';
import { readText, throwIfCancelled } from './textSource';
import { parseRows } from './csvParser';
import { spreadSample } from './columnStats';
import { bestTimeFormat, type TimeFormat } from './time';

export interface ReadSettings {
  format: FileFormat;
  delimiter: DelimiterChoice;
  header: HeaderChoice;
  encoding: TextEncoding;
}

/** The shape a file was read with: every 'auto' resolved. */
export interface ResolvedLayout extends TableLayout {
  format: StoreFormat;
  encoding: TextEncoding;
}

export interface LoadProgress {
  phase: 'sample' | 'hash' | 'load';
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?(p: LoadProgress): void;
}

export interface FileSample {
  layout: ResolvedLayout;
  /** The rows read, as in the file (one per user for sequence files). */
  table: RawTable;
  /** One row per event (list cells spread out for sequence files): what the profiles describe. */
  events: RawTable;
  profiles: ColumnProfile[];
  /** The inferred mapping, with list separators for sequence files. */
  suggested: ColumnMapping[];
  /** The whole file fit in the sample. */
  complete: boolean;
  warnings: string[];
}

/** Data rows read by the sample pass. */
export const SAMPLE_ROWS = 10_000;
const SNIFF_CHARS = 65_536;
const PROGRESS_MS = 100;

function throttle(opts: LoadOptions, phase: LoadProgress['phase'], totalBytes: number) {
  let last = 0;
  let bytes = 0;
  return {
    bytes: (b: number) => (bytes = b),
    report(rows: number, force = false) {
      const now = Date.now();
      if (!force && now - last < PROGRESS_MS) return;
      last = now;
      opts.onProgress?.({ phase, bytes, totalBytes, rows });
    },
  };
}

export async function sampleFile(blob: Blob, settings: ReadSettings, opts: LoadOptions = {}): Promise<FileSample> {
  const progress = throttle(opts, 'sample', blob.size);
  const chunks = readText(blob, { encoding: settings.encoding, signal: opts.signal, onBytes: progress.bytes });
  // Read by hand: a for-await loop that breaks would close the stream.
  let head = '';
  let ended = false;
  while (head.length < SNIFF_CHARS) {
    const r = await chunks.next();
    if (r.done) {
      ended = true;
      break;
    }
    head += r.value;
  }
  const warnings: string[] = [];
  if (head.includes('\uFFFD') && settings.encoding === 'utf-8') {
    warnings.push('Some bytes of the file are not UTF-8 (shown as �). If it was saved as Latin-1 / Windows-1252 (older Excel exports), choose that encoding.');
  }
  if (head.trim() === '') {
    throw new DataError({ problem: 'The file is empty.', hint: 'Choose a CSV file with a header row and one row per event.' });
  }
  const layout = resolveLayout(head, settings, ended);
  const rows: string[][] = [];
  const lines: number[] = [];
  const reader = new TableReader(layout, (cells, line) => {
    rows.push(cells);
    lines.push(line);
    return rows.length < SAMPLE_ROWS;
  });
  reader.push(head);
  while (!ended && !reader.done) {
    const r = await chunks.next();
    if (r.done) ended = true;
    else reader.push(r.value);
    progress.report(rows.length);
  }
  if (!reader.done) reader.end();
  await chunks.return(undefined);
  const table: RawTable = { header: reader.header!, rows, lines: Int32Array.from(lines) };
  const lists = listColumns(table, layout);
  if (settings.format === 'auto' && layout.format === 'events' && lists.size > 0 && oneRowPerUser(table)) layout.format = 'sequences';
  if (layout.format === 'sequences' && lists.size === 0) {
    throw new DataError({
      problem: 'The file is read as one row per user, but no column holds a list of events.',
      hint: 'A per-user sequence file has a user column and columns of delimited lists (e.g. "i1|i2|i3"), or lines of "user item item …". Read it as an event log instead.',
    });
  }
  const events = layout.format === 'sequences' ? spreadLists(table, lists) : table;
  const profiles = profileColumns(events, { headerless: !layout.header });
  const suggested = profiles.map(({ name, role }) => {
    const list = layout.format === 'sequences' ? lists.get(name) : undefined;
    return list !== undefined ? { name, role, list } : { name, role };
  });
  return { layout, table, events, profiles, suggested, complete: !reader.done, warnings };
}

function resolveLayout(head: string, s: ReadSettings, ended: boolean): ResolvedLayout {
  const delimiter: FieldDelimiter = s.delimiter === 'auto' ? detectDelimiter(head) : (s.delimiter as FieldDelimiter);
  let sniffRows: string[][] = [];
  try {
    sniffRows = parseRows(head, delimiter, 50, ended).rows;
  } catch {
    // The parsers of the passes report what is wrong, with its row.
  }
  const header = s.header === 'auto' ? detectHeader(sniffRows) : s.header === 'yes';
  const sequenceLines = s.format !== 'events' && isSequenceLines(sniffRows, header);
  const format: StoreFormat = s.format === 'sequences' || sequenceLines ? 'sequences' : 'events';
  return { delimiter, header, sequenceLines, format, encoding: s.encoding };
}

/** Columns whose cells hold delimited lists, with their separator. */
function listColumns(table: RawTable, layout: ResolvedLayout): Map<string, string> {
  const out = new Map<string, string>();
  if (layout.sequenceLines) return out.set(table.header[1], ' ');
  table.header.forEach((name, c) => {
    const sep = detectListSeparator(
      table.rows.slice(0, 500).map((r) => r[c]),
      layout.delimiter,
    );
    if (sep !== null) out.set(name, sep);
  });
  return out;
}

/** A column named like the user is distinct on every row: a user per row, as in a per-user sequence file. */
function oneRowPerUser(table: RawTable): boolean {
  if (table.rows.length < 2) return false;
  return table.header.some((name, c) => userNameScore(name) >= 2 && new Set(table.rows.map((r) => r[c])).size === table.rows.length);
}

/** One row per list element: the event view of a sequence file's sample. */
function spreadLists(table: RawTable, lists: Map<string, string>): RawTable {
  const cols = table.header.map((h) => lists.get(h));
  const rows: string[][] = [];
  for (const row of table.rows) {
    const parts = row.map((cell, c) => (cols[c] !== undefined ? cell.split(cols[c]!).map((p) => p.trim()) : null));
    const n = Math.max(0, ...parts.map((p) => p?.length ?? 0));
    for (let i = 0; i < n; i++) rows.push(row.map((cell, c) => parts[c]?.[i] ?? (parts[c] ? '' : cell)));
  }
  return { header: table.header, rows };
}

/**
 * The time format of every column as read in the sample: detected for time columns, and the
 * best fit for the others, so that a column mapped as time by hand reads too.
 */
export function timeFormatsOf(sample: FileSample): Map<string, TimeFormat> {
  const out = new Map<string, TimeFormat>();
  sample.profiles.forEach((p, c) => {
    const format = p.timeFormat ?? bestTimeFormat(spreadSample(sample.events, c, 2000), p.name, true)?.format;
    if (format) out.set(p.name, format);
  });
  return out;
}

export interface FullLoad {
  layout: ResolvedLayout;
  mapping: ColumnMapping[];
  labelBuilder?: LabelBuilder;
  /** Time format per column, as detected by the sample pass. */
  timeFormats: Map<string, TimeFormat>;
}

/** Reads every row of `blob` into an EventStore. */
export async function loadStore(blob: Blob, load: FullLoad, opts: LoadOptions = {}): Promise<EventStore> {
  const progress = throttle(opts, 'load', blob.size);
  const chunks = readText(blob, { encoding: load.layout.encoding, signal: opts.signal, onBytes: progress.bytes });
  // Made at the first data row: the header is known by then.
  const state: { builder: StoreBuilder | null } = { builder: null };
  const reader = new TableReader(load.layout, (cells, line) => {
    if (state.builder === null) {
      const header = reader.header!;
      const plan = planLoad(header, load.mapping, load.layout.format, (c) => load.timeFormats.get(header[c]) ?? null, taskColumns(load.labelBuilder));
      state.builder = new StoreBuilder(plan);
    }
    state.builder.addRow(cells, line);
  });
  for await (const chunk of chunks) {
    throwIfCancelled(opts.signal);
    reader.push(chunk);
    progress.report(state.builder?.rows ?? 0);
  }
  reader.end();
  const builder = state.builder!;
  progress.report(builder.rows, true);
  return builder.finish();
}
