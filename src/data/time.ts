// Reading event times. A column's format is decided once from a sample (is 3/4/2011 the 4th
// of March or the 3rd of April?), then every cell is read with it. Times without a zone are
// read as UTC, so that a file gives the same gaps on every machine.

export type TimeFormat = 'iso' | 'mdy' | 'dmy' | 'epoch_s' | 'epoch_ms';

/** Names that make a plain number believable as a time (epoch seconds or milliseconds). */
const TIME_NAME = /time|date|(^|_)ts$|_at$|epoch|when/i;

export function hasTimeLikeName(name: string): boolean {
  return TIME_NAME.test(name);
}

// 2010-12-01, 2010-12-01 08:26, 2010-12-01T08:26:00.123Z, 2010/12/01 08:26:00+01:00
const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
// 12/1/2010 8:26 (the UCI Online Retail export), 1.12.2010 08:26:00, 12/1/10 8:26 PM
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const EPOCH = /^\d{9,13}(?:\.\d+)?$/;

/** Share of a sample that must read as times for a column to count as a time column. */
export const TIME_MIN_SHARE = 0.95;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const digit = (t: string, i: number) => t.charCodeAt(i) - 48;
const two = (t: string, i: number) => digit(t, i) * 10 + digit(t, i + 1);

/** YYYY-MM-DD[T ]hh:mm:ss[Z] without the regex: most logs, and the demo, write exactly this. */
function parseIsoFast(t: string): number {
  if ((t.length !== 19 && !(t.length === 20 && t[19] === 'Z')) || t[4] !== '-' || t[7] !== '-' || t[13] !== ':' || t[16] !== ':') return NaN;
  if (t[10] !== 'T' && t[10] !== ' ') return NaN;
  for (const i of ISO_DIGITS) if (digit(t, i) < 0 || digit(t, i) > 9) return NaN;
  return utc(two(t, 0) * 100 + two(t, 2), two(t, 5), two(t, 8), two(t, 11), two(t, 14), two(t, 17));
}

function parseIso(t: string): number {
  const fast = parseIsoFast(t);
  if (!Number.isNaN(fast)) return fast;
  const m = ISO.exec(t);
  if (!m) return NaN;
  const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const base = utc(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), frac);
  const zone = m[8];
  if (!zone || zone === 'Z') return base;
  const z = zone.replace(':', '');
  const offsetMin = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  return base - offsetMin * 60_000;
}

function parseSlashed(t: string, dayFirst: boolean): number {
  const m = SLASHED.exec(t);
  if (!m) return NaN;
  const a = +m[1];
  const b = +m[2];
  const year = m[3].length === 2 ? 2000 + +m[3] - (+m[3] >= 70 ? 100 : 0) : +m[3];
  let hour = +(m[4] ?? 0);
  const ampm = m[7]?.toLowerCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return NaN;
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  }
  return dayFirst ? utc(year, b, a, hour, +(m[5] ?? 0), +(m[6] ?? 0)) : utc(year, a, b, hour, +(m[5] ?? 0), +(m[6] ?? 0));
}

/** Milliseconds since 1970 (UTC) of a cell in `format`, or NaN when it does not read. */
export function parseTime(cell: string, format: TimeFormat): number {
  const t = cell.trim();
  switch (format) {
    case 'iso':
      return parseIso(t);
    case 'mdy':
      return parseSlashed(t, false);
    case 'dmy':
      return parseSlashed(t, true);
    case 'epoch_s':
      return EPOCH.test(t) ? Number(t) * 1000 : NaN;
    case 'epoch_ms':
      return EPOCH.test(t) ? Number(t) : NaN;
  }
}

const share = (values: string[], ok: (v: string) => boolean) => values.filter(ok).length / values.length;

/**
 * The format that reads the largest share of `sample` (non-empty cells), with that share.
 * Plain numbers count as times only under a time-like column name (or when the user mapped
 * the column as time): an integer column of nine to thirteen digits is as likely an ID.
 */
export function bestTimeFormat(
  sample: string[],
  columnName: string,
  epochAllowed = hasTimeLikeName(columnName),
): { format: TimeFormat; share: number } | null {
  const values = sample.map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) return null;
  const candidates: TimeFormat[] = ['iso'];
  // Month-first unless some first number cannot be a month.
  const slashed = values.map((v) => SLASHED.exec(v)).filter((m) => m !== null);
  if (slashed.length > 0) candidates.push(slashed.some((m) => +m[1] > 12) ? 'dmy' : 'mdy');
  if (epochAllowed) {
    // Seconds from 1973 to 2286 have 9-10 digits, milliseconds of the same years 12-13.
    const digits = values.filter((v) => EPOCH.test(v)).map((v) => v.split('.')[0].length);
    if (digits.length > 0 && digits.every((n) => n <= 10)) candidates.push('epoch_s');
    if (digits.length > 0 && digits.every((n) => n >= 12)) candidates.push('epoch_ms');
  }
  let best: { format: TimeFormat; share: number } | null = null;
  for (const format of candidates) {
    const s = share(values, (v) => Number.isFinite(parseTime(v, format)));
    if (s > 0 && (!best || s > best.share)) best = { format, share: s };
  }
  return best;
}

/** The format of a time column: one that reads at least TIME_MIN_SHARE of `sample`, or null. */
export function detectTimeFormat(sample: string[], columnName: string): TimeFormat | null {
  const best = bestTimeFormat(sample, columnName);
  return best && best.share >= TIME_MIN_SHARE ? best.format : null;
}

export const TIME_FORMAT_NAMES: Record<TimeFormat, string> = {
  iso: 'ISO date/time (YYYY-MM-DD hh:mm:ss)',
  mdy: 'month/day/year',
  dmy: 'day/month/year',
  epoch_s: 'epoch seconds',
  epoch_ms: 'epoch milliseconds',
};

/** A formatter of ms times as YYYY-MM-DDThh:mm:ssZ, caching each day's date part (Date is slow in bulk). */
export function isoSecondsFormatter(): (ms: number) => string {
  const days = new Map<number, string>();
  const pad = (x: number) => (x < 10 ? `0${x}` : String(x));
  return (ms) => {
    const day = Math.floor(ms / 86_400_000);
    let date = days.get(day);
    if (date === undefined) {
      date = new Date(day * 86_400_000).toISOString().slice(0, 11);
      days.set(day, date);
    }
    const s = Math.floor(ms / 1000) - day * 86_400;
    return `${date}${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}Z`;
  };
}
