// How many input events users have (before truncation to N): what N should be, and what the
// summary shows so that a user can see how much of each history N covers.
import type { EventsPerUser } from './dataset';

/** Quantiles of `counts` by nearest rank (a count that some user has). */
export function eventsPerUser(counts: Int32Array): EventsPerUser {
  if (counts.length === 0) return { mean: 0, p50: 0, p75: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Int32Array.from(counts).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { mean, p50: at(0.5), p75: at(0.75), p90: at(0.9), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}
