// A model's margin over the baseline as the task table shows it (×100, as its AUCs).
import type { AucDifference } from '../train/delong';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;

/** "+0.2 (−1.4 to +1.8)": the margin ×100 and its 95 % interval (±1.96 standard errors); "—" without one. */
export function marginText(d: AucDifference | null | undefined): string {
  if (!d) return '—';
  const half = 1.96 * d.se;
  return `${signed(d.diff)} (${signed(d.diff - half)} to ${signed(d.diff + half)})`;
}
