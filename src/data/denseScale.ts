// Normalising a dense channel. Event logs carry a few extreme values (a bulk order of
// 80,995 units, a refund), and one of them must not squash every other value towards 0:
// values are clamped to their 1st..99th percentiles first, heavy-tailed non-negative
// columns go through log1p, then the result is standardised. Missing values become 0, the
// mean, so they carry no signal of their own.
import type { DenseNorm } from '../run/runSpec';
import type { DenseChannel } from './dataset';

/** Skewness (after clamping) above which a non-negative column is read on a log scale. */
export const HEAVY_TAIL_SKEW = 1;
/** Percentiles are taken on at most this many values, spread over the column. */
const QUANTILE_SAMPLE = 65_536;

export interface DenseFit {
  transform: DenseChannel['transform'];
  /** Clamp range in the column's own units. */
  lo: number;
  hi: number;
  /** Standardisation, after the transform. */
  mean: number;
  std: number;
}

function quantiles(values: Float64Array): { lo: number; hi: number } {
  const stride = Math.max(1, Math.floor(values.length / QUANTILE_SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < values.length; i += stride) if (!Number.isNaN(values[i])) sample.push(values[i]);
  if (sample.length === 0) return { lo: 0, hi: 0 };
  const sorted = Float64Array.from(sample).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
  return { lo: at(0.01), hi: at(0.99) };
}

function moments(values: Float64Array, f: (x: number) => number): { mean: number; std: number; skew: number } {
  let count = 0;
  let sum = 0;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    count++;
    sum += f(x);
  }
  const mean = count > 0 ? sum / count : 0;
  let m2 = 0;
  let m3 = 0;
  for (const x of values) {
    if (Number.isNaN(x)) continue;
    const d = f(x) - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  const variance = count > 0 ? m2 / count : 0;
  const std = Math.sqrt(variance);
  return { mean, std, skew: std > 0 ? m3 / count / (variance * std) : 0 };
}

/**
 * Fits the normalisation of `values` (NaN = missing): 'auto' reads heavy-tailed non-negative
 * columns on a log scale, 'none' passes values through unchanged (no clamp, no scaling).
 */
export function fitDense(values: Float64Array, norm: DenseNorm | boolean = 'auto'): DenseFit {
  if (norm === 'none') return { transform: 'none', lo: -Infinity, hi: Infinity, mean: 0, std: 1 };
  const { lo, hi } = quantiles(values);
  const clamp = (x: number) => Math.min(hi, Math.max(lo, x));
  const log = norm === true || norm === 'log1p' ? true : norm === false || norm === 'standardise' ? false : undefined;
  const useLog = log ?? (lo >= 0 && moments(values, clamp).skew > HEAVY_TAIL_SKEW);
  const f = useLog ? (x: number) => Math.log1p(Math.max(0, clamp(x))) : clamp;
  const { mean, std } = moments(values, f);
  return { transform: useLog ? 'log1p' : 'standardise', lo, hi, mean, std: std > 0 ? std : 1 };
}

/** The normalised value of `x` (NaN = missing → 0). */
export function applyDense(fit: DenseFit, x: number): number {
  if (Number.isNaN(x)) return 0;
  const c = Math.min(fit.hi, Math.max(fit.lo, x));
  const t = fit.transform === 'log1p' ? Math.log1p(Math.max(0, c)) : c;
  return (t - fit.mean) / fit.std;
}
