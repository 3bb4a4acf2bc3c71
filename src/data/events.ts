// Rows to per-user event sequences: group by user, order each user's events by time (file
// order breaks ties and stands in when there is no time column), and keep the most recent
// N. Index arrays only: the rows are never copied.
import { DataError, isMissing, lineOf, showValue, type RawTable } from './rawTable';
import { spreadSample } from './columnStats';
import { bestTimeFormat, parseTime, TIME_FORMAT_NAMES } from './time';

export interface UserEvents {
  /** User ids in order of first appearance; index = user index. */
  userIds: string[];
  /** User id → user index. */
  userIndex: Map<string, number>;
  /** Row indices of valid events, user-major, each user's in time order. */
  order: Int32Array;
  /** User u's events are order[offsets[u] .. offsets[u+1]). */
  offsets: Int32Array;
  /** Event time in ms per row (NaN where unknown), or null without a time column. */
  times: Float64Array | null;
  /** Rows left out: no user, or no time. */
  droppedNoUser: number;
  droppedNoTime: number;
}

function readTimes(table: RawTable, col: number, name: string): Float64Array {
  // A column mapped as time by hand is read in its best format; cells that do not fit it are then reported one by one.
  const format = bestTimeFormat(spreadSample(table, col, 2000), name, true)?.format ?? null;
  if (format === null) {
    const example = table.rows.find((r) => !isMissing(r[col]))?.[col];
    throw new DataError({
      problem: example === undefined ? 'The time column is empty.' : `The time column does not read as dates or times (e.g. ${showValue(example)}).`,
      column: name,
      hint: `Use ${Object.values(TIME_FORMAT_NAMES).join(', ')}, or map the column as something else.`,
    });
  }
  const times = new Float64Array(table.rows.length);
  table.rows.forEach((row, r) => {
    const cell = row[col];
    if (isMissing(cell)) {
      times[r] = NaN;
      return;
    }
    times[r] = parseTime(cell, format);
    if (Number.isNaN(times[r])) {
      throw new DataError({
        problem: `${showValue(cell)} is not a time in the column's format (${TIME_FORMAT_NAMES[format]}).`,
        row: lineOf(table, r),
        column: name,
        hint: 'Fix or empty this cell: every time in a column must use one format (an empty time drops the event).',
      });
    }
  });
  return times;
}

export function groupEvents(table: RawTable, userCol: number, timeCol: number | null): UserEvents {
  const times = timeCol === null ? null : readTimes(table, timeCol, table.header[timeCol]);
  const n = table.rows.length;
  const userOfRow = new Int32Array(n).fill(-1);
  const userIndex = new Map<string, number>();
  const userIds: string[] = [];
  let droppedNoUser = 0;
  let droppedNoTime = 0;
  for (let r = 0; r < n; r++) {
    const cell = table.rows[r][userCol];
    if (isMissing(cell)) {
      droppedNoUser++;
      continue;
    }
    if (times && Number.isNaN(times[r])) {
      droppedNoTime++;
      continue;
    }
    const id = cell.trim();
    let u = userIndex.get(id);
    if (u === undefined) {
      u = userIds.length;
      userIndex.set(id, u);
      userIds.push(id);
    }
    userOfRow[r] = u;
  }
  // Counting sort by user keeps file order within a user.
  const offsets = new Int32Array(userIds.length + 1);
  for (let r = 0; r < n; r++) if (userOfRow[r] >= 0) offsets[userOfRow[r] + 1]++;
  for (let u = 0; u < userIds.length; u++) offsets[u + 1] += offsets[u];
  const order = new Int32Array(offsets[userIds.length]);
  const fill = offsets.slice(0, userIds.length);
  for (let r = 0; r < n; r++) if (userOfRow[r] >= 0) order[fill[userOfRow[r]]++] = r;
  if (times) {
    for (let u = 0; u < userIds.length; u++) {
      // Time, then row: a total order, so equal times keep file order.
      order.subarray(offsets[u], offsets[u + 1]).sort((a, b) => times[a] - times[b] || a - b);
    }
  }
  return { userIds, userIndex, order, offsets, times, droppedNoUser, droppedNoTime };
}
