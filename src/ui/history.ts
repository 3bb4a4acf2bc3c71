// The run's metrics as the page keeps them: every step and evaluation (small numbers), and
// downsampled series for the charts so that thousands of steps still draw quickly.
import type { EvalMetrics, StepMetrics } from '../train/metrics';

export interface RunHistory {
  steps: StepMetrics[];
  evals: EvalMetrics[];
}

export const emptyHistory = (): RunHistory => ({ steps: [], evals: [] });

/** The history as it was at `step` (training went back there: a non-finite step, a resumed worker). */
export function historyUpTo(h: RunHistory, step: number): RunHistory {
  return { steps: h.steps.filter((s) => s.step <= step), evals: h.evals.filter((e) => e.step <= step) };
}

/** At most `max` points: bucket means of x and of every numeric y, the last point kept exact. */
export function downsample<T extends Record<string, number | null>>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: T[] = [];
  for (let start = 0; start < points.length - 1; start += size) {
    const bucket = points.slice(start, Math.min(start + size, points.length - 1));
    out.push(meanOf(bucket));
  }
  out.push(points[points.length - 1]);
  return out;
}

function meanOf<T extends Record<string, number | null>>(bucket: T[]): T {
  const acc: Record<string, number | null> = {};
  for (const key of Object.keys(bucket[0])) {
    let sum = 0;
    let n = 0;
    for (const p of bucket) {
      const v = p[key];
      if (v !== null && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    acc[key] = n > 0 ? sum / n : null;
  }
  return acc as T;
}

export type Point = Record<string, number | null>;

/** Training loss per step (total and per task). */
export function lossSeries(steps: StepMetrics[], taskNames: string[]): Point[] {
  return steps.map((s) => {
    const p: Point = { step: s.step, loss: s.loss, balance: s.balanceLoss };
    taskNames.forEach((name, k) => (p[name] = s.taskLoss[k] ?? null));
    return p;
  });
}

/** Validation AUC per task at each evaluation. */
export function aucSeries(evals: EvalMetrics[]): Point[] {
  return evals.map((e) => {
    const p: Point = { step: e.step };
    for (const t of e.tasks) p[t.name] = t.auc;
    return p;
  });
}

/** Fraction of a site's routed tokens per expert; sums to 1 (or all 0 with no token). */
export function loadFractions(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/** Mean expert load of each site over the last `window` steps. */
export function recentLoad(steps: StepMetrics[], window: number): Map<string, number[]> {
  const recent = steps.slice(-window);
  const out = new Map<string, number[]>();
  for (const s of recent) {
    for (const r of s.routing) {
      const f = loadFractions(r.counts);
      const acc = out.get(r.site) ?? f.map(() => 0);
      f.forEach((v, e) => (acc[e] += v / recent.length));
      out.set(r.site, acc);
    }
  }
  return out;
}

/** One site's per-expert load over time: { step, e0, e1, … }. */
export function loadSeries(steps: StepMetrics[], site: string): Point[] {
  const out: Point[] = [];
  for (const s of steps) {
    const r = s.routing.find((x) => x.site === site);
    if (!r) continue;
    const p: Point = { step: s.step };
    loadFractions(r.counts).forEach((v, e) => (p[`e${e}`] = v));
    out.push(p);
  }
  return out;
}

/** Dropped-token fraction (all sites), balance loss, tokens/s and step time per step. */
export function systemSeries(steps: StepMetrics[]): Point[] {
  return steps.map((s) => {
    let routed = 0;
    let dropped = 0;
    for (const r of s.routing) {
      routed += r.counts.reduce((a, b) => a + b, 0);
      dropped += r.dropped;
    }
    return {
      step: s.step,
      droppedFraction: routed > 0 ? dropped / routed : 0,
      balanceLoss: s.balanceLoss,
      tokensPerSecond: s.stepMs > 0 ? (s.tokens * 1000) / s.stepMs : null,
      stepMs: s.stepMs,
      tensors: s.memory?.tensors ?? null,
      gpuMiB: s.memory ? s.memory.bytes / 2 ** 20 : null,
    };
  });
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
