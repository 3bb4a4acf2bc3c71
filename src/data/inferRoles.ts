// A first guess at each column's role (README §Model 1: user, time, category / ID / dense channels,
// labels), from its values and its name, with a sentence saying why, so the mapping screen
// can show the guess and the user can correct it.
import type { ColumnRole } from '../run/channelKinds';
import type { ColumnMapping } from '../run/runSpec';
import { columnShape, type ColumnShape, type ColumnStats } from './columnStats';
import { isMissing, type RawTable } from './rawTable';
import { detectTimeFormat, TIME_FORMAT_NAMES, type TimeFormat } from './time';
import { parseBinary } from './values';

export interface ColumnProfile {
  name: string;
  role: ColumnRole;
  stats: ColumnStats;
  /** Why this role, in a short sentence for the mapping screen. */
  why: string;
  /** How the cells read as times, for a time column. */
  timeFormat?: TimeFormat;
}

/** At most this many distinct values makes a column a category channel, whatever its size. */
export const CATEGORY_MAX_DISTINCT = 200;
/** Beyond that, a column is still a category when its values are this rare a share of rows… */
export const CATEGORY_MAX_SHARE = 0.05;
/** …up to this many distinct values; more is an ID channel. */
export const CATEGORY_SHARE_CAP = 1000;
/** A numeric column with at most this many integer values reads as codes (ratings, hours). */
export const SMALL_INTEGER_CODES = 12;
/** Share of non-missing cells that must be numbers for a numeric role. */
export const NUMERIC_MIN_SHARE = 0.95;
/** Mean words per value from which many distinct values are free text, not IDs. */
export const FREE_TEXT_WORDS = 3;

// "user_id", "CustomerID", "visitorId", "uid"; not "user_agent".
const USER_NAME = /^(user|customer|client|member|account|visitor|shopper|buyer|person|subscriber)s?([_\s-]?(id|no|key|number|code|name))?$|(^|_)uid$/i;
// The plainest names win a tie: "user_id" over "visitor_id", "CustomerID" over "account".
const PRIMARY_USER_NAME = /^(user|customer)s?([_\s-]?id)?$/i;
// An ID suffix: "user_id", "CustomerID", "itemId", "id" (case matters: "paid" is not one).
const ID_SUFFIX = /(^|[_\s-])[iI][dD]$|[a-z]ID$|[a-z]Id$/;
const ID_WORD = /code|sku|item|product|article|invoice|order|number|uuid|hash|(^|_)no$/i;
const NOT_USER_NAME = /item|product|sku|stock|article|order|invoice|transaction|session|event|merchant|store|category|page|campaign/i;

const idNamed = (name: string) => ID_SUFFIX.test(name) || ID_WORD.test(name) || /[a-z]No$/.test(name);

const n = (x: number) => x.toLocaleString('en-US');

export interface ProfileOptions {
  /** The file had no header: names say nothing, so the first user-like column is the user. */
  headerless?: boolean;
}

export function profileColumns(table: RawTable, opts: ProfileOptions = {}): ColumnProfile[] {
  const shapes = table.header.map((_, c) => columnShape(table, c));
  const user = findUserColumn(table.header, shapes) ?? (opts.headerless ? firstUserLike(shapes) : null);
  return table.header.map((name, c) => {
    const shape = shapes[c];
    const { role, why, timeFormat } = inferRole(table, name, c, shape, user);
    const { rows, distinct, missing, numericFraction, min, max, top } = shape;
    return { name, role, stats: { rows, distinct, missing, numericFraction, min, max, top }, why, timeFormat };
  });
}

export function inferMapping(table: RawTable): ColumnMapping[] {
  return profileColumns(table).map(({ name, role }) => ({ name, role }));
}

interface UserChoice {
  col: number;
  /** Other columns named like users: only one user column can be mapped. */
  others: Set<number>;
}

/** Repeats per value (several events per user) and few missing cells. */
function userLikeValues(s: ColumnShape): boolean {
  const present = s.rows - s.missing;
  return s.distinct >= 2 && present >= 1.5 * s.distinct && s.missing < 0.5 * s.rows;
}

function userNamedValues(s: ColumnShape): boolean {
  return s.distinct >= 2 && s.missing < 0.5 * s.rows && s.distinct < s.rows - s.missing;
}

export function userNameScore(name: string): number {
  if (PRIMARY_USER_NAME.test(name)) return 3;
  if (USER_NAME.test(name)) return 2;
  if (ID_SUFFIX.test(name) && !NOT_USER_NAME.test(name)) return 1;
  return 0;
}

/** The best user candidate: a user-like name first, then the most distinct values. */
function findUserColumn(header: string[], shapes: ColumnShape[]): UserChoice | null {
  const candidates = header
    .map((name, col) => ({ col, score: userNameScore(name), distinct: shapes[col].distinct }))
    // A plainly user-named column needs no repeats: the first rows of a big log may show most users once.
    .filter((c) => c.score > 0 && (c.score >= 2 ? userNamedValues(shapes[c.col]) : userLikeValues(shapes[c.col])))
    .sort((a, b) => b.score - a.score || b.distinct - a.distinct);
  if (candidates.length === 0) return null;
  const [best, ...rest] = candidates;
  return { col: best.col, others: new Set(rest.filter((c) => c.score >= 2).map((c) => c.col)) };
}

function firstUserLike(shapes: ColumnShape[]): UserChoice | null {
  const col = shapes.findIndex((s) => userLikeValues(s) && (s.numericFraction < NUMERIC_MIN_SHARE || s.integer));
  return col < 0 ? null : { col, others: new Set() };
}

interface Inferred {
  role: ColumnRole;
  why: string;
  timeFormat?: TimeFormat;
}

function inferRole(table: RawTable, name: string, col: number, s: ColumnShape, user: UserChoice | null): Inferred {
  const present = s.rows - s.missing;
  if (present === 0) return { role: 'ignore', why: 'every cell is empty' };
  if (s.distinct === 1) return { role: 'ignore', why: `constant: every value is ${JSON.stringify(s.top[0].value)}` };
  if (user?.col === col) {
    return { role: 'user', why: `named like a user; ${n(s.distinct)} users with ${(present / s.distinct).toFixed(1)} rows each on average` };
  }
  if (user?.others.has(col)) {
    return { role: 'ignore', why: `a second user-like column ("${table.header[user.col]}" is the user); only one can be the user` };
  }
  const timeFormat = detectTimeFormat(s.sample, name) ?? undefined;
  if (timeFormat) return { role: 'time', why: `reads as ${TIME_FORMAT_NAMES[timeFormat]}`, timeFormat };
  const label = user ? labelRole(table, user.col, col, s) : null;
  if (label) return label;
  return s.numericFraction >= NUMERIC_MIN_SHARE ? numericRole(name, s) : textRole(name, s);
}

/** Binary values that never differ within a user: a per-user label, i.e. a task. */
function labelRole(table: RawTable, userCol: number, col: number, s: ColumnShape): Inferred | null {
  if (s.distinct > 2 || s.top.some((t) => parseBinary(t.value) == null)) return null;
  if (s.distinct < 2) return null;
  const seen = new Map<string, 0 | 1>();
  for (const row of table.rows) {
    if (isMissing(row[userCol])) continue;
    const y = parseBinary(row[col]);
    if (y == null) continue;
    const u = row[userCol].trim();
    const before = seen.get(u);
    if (before === undefined) seen.set(u, y);
    else if (before !== y) return { role: 'category', why: 'binary, but it changes within a user: a per-event flag, not a label' };
  }
  const unlabelled = s.missing > 0 ? `, empty for ${n(s.missing)} rows (unlabelled)` : '';
  return { role: 'label', why: `binary (${s.top.map((t) => t.value).join('/')}) and constant within each user${unlabelled}` };
}

function isCategory(name: string, s: ColumnShape): boolean {
  const present = s.rows - s.missing;
  if (s.distinct <= CATEGORY_MAX_DISTINCT) return s.distinct <= Math.max(2, present / 2);
  return s.distinct <= CATEGORY_MAX_SHARE * present && s.distinct <= CATEGORY_SHARE_CAP && !idNamed(name);
}

function numericRole(name: string, s: ColumnShape): Inferred {
  if (s.integer && s.distinct <= SMALL_INTEGER_CODES) {
    return { role: 'category', why: `only ${s.distinct} whole-number values: read as codes` };
  }
  if (s.integer && idNamed(name)) {
    return isCategory(name, s)
      ? { role: 'category', why: `whole numbers named like an ID, but only ${n(s.distinct)} distinct values` }
      : { role: 'id', why: `whole numbers named like an ID, ${n(s.distinct)} distinct values` };
  }
  return { role: 'dense', why: `numeric, ${n(s.distinct)} distinct values from ${s.min} to ${s.max}` };
}

function textRole(name: string, s: ColumnShape): Inferred {
  if (isCategory(name, s)) return { role: 'category', why: `text with ${n(s.distinct)} distinct values: a small vocabulary` };
  if (s.meanWords >= FREE_TEXT_WORDS) {
    return {
      role: 'ignore',
      why: `free text (${s.meanWords.toFixed(1)} words per value on average); the model has no text encoder. Map it as an ID if each text names one thing`,
    };
  }
  return { role: 'id', why: `${n(s.distinct)} distinct values: a large vocabulary` };
}
