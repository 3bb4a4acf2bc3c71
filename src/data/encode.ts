// An event log and a column mapping in, the encoded Dataset out (spec §1): one sequence of
// the N most recent events per user, left-aligned, most recent last, every channel as
// integer tokens or normalised numbers, and one label per user and task.
import type { ColumnMapping } from '../run/runSpec';
import { type Dataset, type DenseChannel, type DiscreteChannel, timeGapToBucket } from './dataset';
import { applyDense, fitDense } from './denseScale';
import { groupEvents, type UserEvents } from './events';
import { readLabels } from './labels';
import { columnIndex, DataError, isMissing, lineOf, showValue, type RawTable } from './rawTable';
import { parseNumber } from './values';
import { buildVocabulary, ID_VOCAB_CAP, tokenOf } from './vocab';

export interface EncodeOptions {
  /** N: events kept per user, the most recent. */
  seqLen: number;
  name: string;
}

/** Name of the dense channel derived from the time column. */
export const TIME_GAP_CHANNEL = 'time_gap';

interface Column {
  col: number;
  name: string;
}

interface Columns {
  user: number;
  time: number | null;
  discrete: (Column & { kind: 'category' | 'id' })[];
  dense: Column[];
  labels: Column[];
}

function resolveColumns(table: RawTable, mapping: ColumnMapping[]): Columns {
  const of = (role: ColumnMapping['role']) =>
    mapping.filter((m) => m.role === role).map((m) => ({ col: columnIndex(table, m.name), name: m.name }));
  const users = of('user');
  const times = of('time');
  if (users.length !== 1) {
    throw new DataError({
      problem: users.length === 0 ? 'No column is mapped as the user.' : `${users.length} columns are mapped as the user (${users.map((u) => u.name).join(', ')}).`,
      hint: 'Map exactly one column, the one that says whose event a row is, as "user".',
    });
  }
  if (times.length > 1) {
    throw new DataError({ problem: `${times.length} columns are mapped as the time.`, hint: 'Map at most one column as "time"; map the others as ignore.' });
  }
  const labels = of('label');
  if (labels.length === 0) {
    throw new DataError({
      problem: 'No column is mapped as a label, and training needs at least one task.',
      hint: 'Map a column holding a 0/1 value per user (empty where unknown) as "label".',
    });
  }
  const discrete = [
    ...of('category').map((c) => ({ ...c, kind: 'category' as const })),
    ...of('id').map((c) => ({ ...c, kind: 'id' as const })),
  ].sort((a, b) => a.col - b.col);
  return { user: users[0].col, time: times[0]?.col ?? null, discrete, dense: of('dense'), labels };
}

/** Where the kept events go: row index and flat slot (user * seqLen + position). */
interface Layout {
  rows: Int32Array;
  slots: Int32Array;
  length: Int32Array;
}

function layOut(ev: UserEvents, seqLen: number): Layout {
  const numUsers = ev.userIds.length;
  const length = new Int32Array(numUsers);
  for (let u = 0; u < numUsers; u++) length[u] = Math.min(seqLen, ev.offsets[u + 1] - ev.offsets[u]);
  const total = length.reduce((a, b) => a + b, 0);
  const rows = new Int32Array(total);
  const slots = new Int32Array(total);
  let k = 0;
  for (let u = 0; u < numUsers; u++) {
    const start = ev.offsets[u + 1] - length[u];
    for (let p = 0; p < length[u]; p++, k++) {
      rows[k] = ev.order[start + p];
      slots[k] = u * seqLen + p;
    }
  }
  return { rows, slots, length };
}

export function encodeEvents(table: RawTable, mapping: ColumnMapping[], opts: EncodeOptions): Dataset {
  const { seqLen, name } = opts;
  if (!Number.isInteger(seqLen) || seqLen < 1) {
    throw new DataError({ problem: `The sequence length ${seqLen} is not a positive whole number.`, hint: 'Choose N ≥ 1.' });
  }
  const cols = resolveColumns(table, mapping);
  const ev = groupEvents(table, cols.user, cols.time);
  const numUsers = ev.userIds.length;
  if (numUsers < 2) {
    throw new DataError({
      problem: numUsers === 0 ? 'No row has both a user and a time.' : `Only one user (${showValue(ev.userIds[0])}) has events.`,
      column: table.header[cols.user],
      hint: 'Training and validation are split by user: the file needs events of many users. Check that the user column is the right one.',
    });
  }
  const layout = layOut(ev, seqLen);
  const { labels, labelMask, tasks } = readLabels(table, cols.user, ev.userIndex, cols.labels);
  const d = cols.discrete.length;
  const tokens = new Int32Array(numUsers * seqLen * d);
  const discrete: DiscreteChannel[] = cols.discrete.map((c, j) => encodeDiscrete(table, layout, c, j, d, tokens));
  const denseCols = cols.dense.length + (ev.times ? 1 : 0);
  const denseValues = new Float32Array(numUsers * seqLen * denseCols);
  const dense: DenseChannel[] = cols.dense.map((c, j) => {
    const xs = readDense(table, layout, c);
    const fit = fitDense(xs);
    fillDense(layout, (k) => applyDense(fit, xs[k]), j, denseCols, denseValues);
    return { name: c.name, kind: 'dense', mean: fit.mean, std: fit.std, transform: fit.transform };
  });
  const timeGapBucket = new Int32Array(numUsers * seqLen);
  if (ev.times) dense.push(encodeTimeGap(ev, layout, seqLen, denseCols, denseValues, timeGapBucket));
  return {
    name,
    numUsers,
    seqLen,
    userIds: ev.userIds,
    discrete,
    dense,
    tasks,
    length: layout.length,
    tokens,
    denseValues,
    timeGapBucket,
    labels,
    labelMask,
    notes: notes(ev),
  };
}

function encodeDiscrete(table: RawTable, layout: Layout, c: Column & { kind: 'category' | 'id' }, j: number, d: number, tokens: Int32Array): DiscreteChannel {
  const cells: (string | null)[] = new Array(layout.rows.length);
  for (let k = 0; k < cells.length; k++) {
    const cell = table.rows[layout.rows[k]][c.col];
    cells[k] = isMissing(cell) ? null : cell.trim();
  }
  const vocab = buildVocabulary(cells, c.kind === 'id' ? ID_VOCAB_CAP : Infinity);
  cells.forEach((cell, k) => (tokens[layout.slots[k] * d + j] = tokenOf(vocab, cell)));
  return { name: c.name, kind: c.kind, vocabSize: vocab.vocabSize, values: vocab.values };
}

/** The kept values of a dense column (NaN = missing); text is an error, not a silent NaN. */
function readDense(table: RawTable, layout: Layout, c: Column): Float64Array {
  const out = new Float64Array(layout.rows.length);
  for (let k = 0; k < out.length; k++) {
    const r = layout.rows[k];
    const cell = table.rows[r][c.col];
    if (isMissing(cell)) {
      out[k] = NaN;
      continue;
    }
    out[k] = parseNumber(cell);
    if (!Number.isFinite(out[k])) {
      throw new DataError({
        problem: `The column is mapped as dense (numeric) but holds ${showValue(cell)}.`,
        row: lineOf(table, r),
        column: c.name,
        hint: 'Fix or empty that cell (plain numbers like 12.5, no units or thousands separators), or map the column as a category or ID.',
      });
    }
  }
  return out;
}

function fillDense(layout: Layout, value: (k: number) => number, j: number, width: number, out: Float32Array): void {
  for (let k = 0; k < layout.rows.length; k++) out[layout.slots[k] * width + j] = value(k);
}

/**
 * The derived "time_gap" channel: log1p of hours since the user's previous event, which may
 * be older than the N kept (the first kept event still has a known gap). A user's first
 * event has none: 0 after standardisation, bucket 0.
 */
function encodeTimeGap(ev: UserEvents, layout: Layout, seqLen: number, width: number, out: Float32Array, buckets: Int32Array): DenseChannel {
  const times = ev.times!;
  const seconds = new Float64Array(layout.rows.length).fill(NaN);
  let k = 0;
  for (let u = 0; u < ev.userIds.length; u++) {
    const start = ev.offsets[u + 1] - layout.length[u];
    for (let p = 0; p < layout.length[u]; p++, k++) {
      const i = start + p;
      if (i > ev.offsets[u]) seconds[k] = (times[ev.order[i]] - times[ev.order[i - 1]]) / 1000;
      buckets[u * seqLen + p] = timeGapToBucket(seconds[k]);
    }
  }
  const hours = seconds.map((s) => s / 3600);
  const fit = fitDense(hours, true);
  fillDense(layout, (i) => applyDense(fit, hours[i]), width - 1, width, out);
  return { name: TIME_GAP_CHANNEL, kind: 'dense', mean: fit.mean, std: fit.std, transform: 'log1p' };
}

function notes(ev: UserEvents): string[] {
  const rows = (n: number, what: string) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'} without ${what} ${n === 1 ? 'was' : 'were'} left out.`;
  const out: string[] = [];
  if (ev.droppedNoUser > 0) out.push(rows(ev.droppedNoUser, 'a user'));
  if (ev.droppedNoTime > 0) out.push(rows(ev.droppedNoTime, 'a time'));
  return out;
}
