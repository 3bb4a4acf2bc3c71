// The full pass's target: every event of the file as numbers, column by column (user index,
// time, a code per discrete value, a float per dense value), and each user's label cells.
// Row strings are dropped as soon as a row is read; only distinct values are kept, once.
// Everything a run can change cheaply (N, the minimum, vocabularies, labels from the log)
// is decided later from this, without reading the file again.
import type { DiscreteKind } from '../run/channelKinds';
import type { ColumnMapping, DenseNorm } from '../run/runSpec';
import { BlockArray, Growable, ownString } from './growable';
import { columnIndex, DataError, isMissing, showValue } from './rawTable';
import { parseTime, TIME_FORMAT_NAMES, type TimeFormat } from './time';
import { parseBinary, parseNumber } from './values';

export type StoreFormat = 'events' | 'sequences';

interface PlannedColumn {
  col: number;
  name: string;
  /** Sequence files: the column holds a list split on this; absent = one value per row. */
  list?: string;
}

export interface LoadPlan {
  format: StoreFormat;
  user: PlannedColumn;
  time: (PlannedColumn & { format: TimeFormat }) | null;
  /** Discrete input channels, and (input: false) columns only label tasks read. */
  discrete: (PlannedColumn & { kind: DiscreteKind; input: boolean })[];
  dense: (PlannedColumn & { norm: DenseNorm })[];
  labels: PlannedColumn[];
}

export interface StoredDiscrete {
  name: string;
  kind: DiscreteKind;
  input: boolean;
  /** Distinct values in first-seen order; an event's code indexes this (-1 = missing). */
  values: string[];
  codes: Int32Array;
}

export interface StoredDense {
  name: string;
  norm: DenseNorm;
  /** NaN = missing. */
  values: Float32Array;
}

export interface StoredLabel {
  name: string;
  /** Per user: 0/1, or -1 without a label. */
  perUser: Int8Array;
}

export interface EventStore {
  format: StoreFormat;
  userColumn: string;
  /** In order of first appearance; users whose every event was dropped are here too. */
  userIds: string[];
  /** Per event: its user. */
  user: Int32Array;
  /** Per event: ms since 1970, or null without a time column. */
  time: Float64Array | null;
  timeColumn: string | null;
  discrete: StoredDiscrete[];
  dense: StoredDense[];
  labels: StoredLabel[];
  rows: number;
  events: number;
  droppedNoUser: number;
  droppedNoTime: number;
}

/** Resolves a mapping against a header; `timeFormatOf` gives the detected format of a column. */
export function planLoad(
  header: string[],
  mapping: ColumnMapping[],
  format: StoreFormat,
  timeFormatOf: (col: number) => TimeFormat | null,
  extraColumns: string[] = [],
): LoadPlan {
  const table = { header, rows: [] };
  const of = (role: ColumnMapping['role']) =>
    mapping.filter((m) => m.role === role).map((m) => ({ col: columnIndex(table, m.name), name: m.name, list: format === 'sequences' ? m.list : undefined, m }));
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
  let time: LoadPlan['time'] = null;
  if (times.length === 1) {
    const t = times[0];
    const tf = t.m.timeFormat ?? timeFormatOf(t.col);
    if (tf === null) {
      throw new DataError({
        problem: 'The time column does not read as dates or times.',
        column: t.name,
        hint: `Use ${Object.values(TIME_FORMAT_NAMES).join(', ')}, or map the column as something else.`,
      });
    }
    time = { col: t.col, name: t.name, list: t.list, format: tf };
  }
  const discrete: LoadPlan['discrete'] = [
    ...of('category').map((c) => ({ col: c.col, name: c.name, list: c.list, kind: 'category' as const, input: true })),
    ...of('id').map((c) => ({ col: c.col, name: c.name, list: c.list, kind: 'id' as const, input: true })),
  ].sort((a, b) => a.col - b.col);
  // A column a label task matches on but the model does not read (e.g. free text left as ignore).
  for (const name of new Set(extraColumns)) {
    const m = mapping.find((x) => x.name === name);
    if (m && m.role !== 'ignore' && m.role !== 'label') continue;
    discrete.push({ col: columnIndex(table, name), name, list: format === 'sequences' ? m?.list : undefined, kind: 'id', input: false });
  }
  const dense = of('dense').map((c) => ({ col: c.col, name: c.name, list: c.list, norm: c.m.norm ?? 'auto' }));
  const labels = of('label').map((c) => ({ col: c.col, name: c.name }));
  const user = { col: users[0].col, name: users[0].name };
  if (format === 'sequences' && ![time, ...discrete, ...dense].some((c) => c?.list)) {
    throw new DataError({
      problem: 'The file is read as one row per user, but no column is marked as holding a list of events.',
      hint: 'Set the list separator of the column that holds each user’s events (e.g. "|" or a space), or read the file as an event log.',
    });
  }
  return { format, user, time, discrete, dense, labels };
}

/** Fills an EventStore row by row. */
export class StoreBuilder {
  private readonly userIndex = new Map<string, number>();
  private readonly userIds: string[] = [];
  private readonly user = new BlockArray(Int32Array);
  private readonly time: BlockArray<Float64Array> | null;
  private readonly codes: BlockArray<Int32Array>[];
  private readonly vocab: Map<string, number>[];
  private readonly values: string[][];
  private readonly dense: BlockArray<Float32Array>[];
  private readonly labels: Growable<Int8Array>[];
  private readonly labelLine: Growable<Int32Array>[];
  private lastTimeCell = '';
  private lastUser = '';
  private lastUserIndex = -1;
  private readonly lastValue: string[];
  private readonly lastCode: number[];
  private lastTime = NaN;
  rows = 0;
  private droppedNoUser = 0;
  private droppedNoTime = 0;

  constructor(private readonly plan: LoadPlan) {
    this.time = plan.time ? new BlockArray(Float64Array) : null;
    this.codes = plan.discrete.map(() => new BlockArray(Int32Array));
    this.vocab = plan.discrete.map(() => new Map());
    this.lastValue = plan.discrete.map(() => '\u0000');
    this.lastCode = plan.discrete.map(() => -1);
    this.values = plan.discrete.map(() => []);
    this.dense = plan.dense.map(() => new BlockArray(Float32Array));
    this.labels = plan.labels.map(() => new Growable(Int8Array, 1024));
    this.labelLine = plan.labels.map(() => new Growable(Int32Array, 1024));
  }

  get events(): number {
    return this.user.length;
  }

  addRow(cells: string[], line: number): void {
    this.rows++;
    const userCell = cells[this.plan.user.col];
    if (isMissing(userCell)) {
      this.droppedNoUser++;
      return;
    }
    const id = userCell.trim();
    let u = id === this.lastUser ? this.lastUserIndex : this.userIndex.get(id);
    if (u === undefined) {
      u = this.userIds.length;
      const own = ownString(id);
      this.userIndex.set(own, u);
      this.userIds.push(own);
    }
    this.lastUser = id;
    this.lastUserIndex = u;
    this.readLabels(cells, u, line, id);
    if (this.plan.format === 'events') this.addEvent(cells, u, line, -1);
    else this.addSequence(cells, u, line);
  }

  /** One event per list element; lists of one row must be equally long. */
  private addSequence(cells: string[], u: number, line: number): void {
    const lists = new Map<number, string[]>();
    let n = -1;
    let first = '';
    for (const c of [this.plan.time, ...this.plan.discrete, ...this.plan.dense]) {
      if (!c?.list) continue;
      const cell = cells[c.col].trim();
      // A space-separated list may pad with several spaces.
      const parts = cell === '' ? [] : c.list === ' ' ? cell.split(/\s+/) : cell.split(c.list).map((p) => p.trim());
      if (n >= 0 && parts.length !== n) {
        throw new DataError({
          problem: `The lists in columns "${first}" and "${c.name}" have different lengths (${n} and ${parts.length}).`,
          row: line,
          column: c.name,
          hint: 'Each list column holds one value per event of the user, in the same order: give them equal lengths.',
        });
      }
      n = parts.length;
      first = first || c.name;
      lists.set(c.col, parts);
    }
    for (let i = 0; i < n; i++) this.addEvent(cells, u, line, i, lists);
  }

  private cell(cells: string[], col: number, i: number, lists?: Map<number, string[]>): string {
    const list = i >= 0 ? lists?.get(col) : undefined;
    return list ? list[i] : cells[col];
  }

  private addEvent(cells: string[], u: number, line: number, i: number, lists?: Map<number, string[]>): void {
    const p = this.plan;
    if (this.time && p.time) {
      const cell = this.cell(cells, p.time.col, i, lists);
      if (isMissing(cell)) {
        this.droppedNoTime++;
        return;
      }
      this.time.push(this.readTime(cell, line));
    }
    this.user.push(u);
    for (let j = 0; j < p.discrete.length; j++) {
      const cell = this.cell(cells, p.discrete[j].col, i, lists);
      this.codes[j].push(isMissing(cell) ? -1 : this.codeOf(j, cell.trim()));
    }
    for (let j = 0; j < p.dense.length; j++) {
      const cell = this.cell(cells, p.dense[j].col, i, lists);
      this.dense[j].push(isMissing(cell) ? NaN : this.readNumber(cell, line, p.dense[j].name));
    }
  }

  private codeOf(j: number, value: string): number {
    // Consecutive rows often repeat a value (the lines of one order): skip the lookup.
    if (value === this.lastValue[j]) return this.lastCode[j];
    const map = this.vocab[j];
    let code = map.get(value);
    if (code === undefined) {
      code = this.values[j].length;
      const own = ownString(value);
      map.set(own, code);
      this.values[j].push(own);
    }
    this.lastValue[j] = value;
    this.lastCode[j] = code;
    return code;
  }

  private readTime(cell: string, line: number): number {
    // Consecutive rows often share a time (the lines of one order): parse it once.
    if (cell === this.lastTimeCell) return this.lastTime;
    const t = parseTime(cell, this.plan.time!.format);
    if (Number.isNaN(t)) {
      throw new DataError({
        problem: `${showValue(cell)} is not a time in the column's format (${TIME_FORMAT_NAMES[this.plan.time!.format]}).`,
        row: line,
        column: this.plan.time!.name,
        hint: 'Fix or empty this cell: every time in a column must use one format (an empty time drops the event), or choose another time format for the column.',
      });
    }
    this.lastTimeCell = cell;
    this.lastTime = t;
    return t;
  }

  private readNumber(cell: string, line: number, name: string): number {
    const x = parseNumber(cell);
    if (!Number.isFinite(x)) {
      throw new DataError({
        problem: `The column is mapped as dense (numeric) but holds ${showValue(cell)}.`,
        row: line,
        column: name,
        hint: 'Fix or empty that cell (plain numbers like 12.5, no units or thousands separators), or map the column as a category or ID.',
      });
    }
    return x;
  }

  private readLabels(cells: string[], u: number, line: number, user: string): void {
    this.plan.labels.forEach(({ col, name }, t) => {
      const y = parseBinary(cells[col]);
      if (y === null) return;
      if (y === undefined) {
        throw new DataError({
          problem: `The label column holds ${showValue(cells[col])}, which is not a binary label.`,
          row: line,
          column: name,
          hint: 'A label must be 0/1, true/false or yes/no, or empty for an unlabelled user; map the column as a category if it is not a label, or build a label from the log instead.',
        });
      }
      const labels = this.labels[t];
      const before = u < labels.length ? labels.get(u) : -1;
      if (before < 0) {
        labels.set(u, y, -1);
        this.labelLine[t].set(u, line);
      } else if (before !== y) {
        throw new DataError({
          problem: `User ${showValue(user)} has two different labels: ${showValue(String(before))} on row ${this.labelLine[t].get(u)} and ${showValue(cells[col])} here.`,
          row: line,
          column: name,
          hint: 'A label belongs to the user: give all of their rows the same value (or leave cells empty).',
        });
      }
    });
  }

  finish(): EventStore {
    const p = this.plan;
    const numUsers = this.userIds.length;
    const events = this.user.length;
    return {
      format: p.format,
      userColumn: p.user.name,
      userIds: this.userIds,
      user: this.user.finish(),
      time: this.time?.finish() ?? null,
      timeColumn: p.time?.name ?? null,
      discrete: p.discrete.map((c, j) => ({ name: c.name, kind: c.kind, input: c.input, values: this.values[j], codes: this.codes[j].finish() })),
      dense: p.dense.map((c, j) => ({ name: c.name, norm: c.norm, values: this.dense[j].finish() })),
      labels: p.labels.map((c, t) => {
        const perUser = new Int8Array(numUsers).fill(-1);
        perUser.set(this.labels[t].view().subarray(0, numUsers));
        return { name: c.name, perUser };
      }),
      rows: this.rows,
      events,
      droppedNoUser: this.droppedNoUser,
      droppedNoTime: this.droppedNoTime,
    };
  }
}
