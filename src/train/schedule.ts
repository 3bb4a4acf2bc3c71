// The learning rate of each step (README §Model 3.5; train.schedule, train.warmup): a linear
// warm-up over the first W = round(warmup × steps) steps (step t ≤ W trains at η·t/W), then
// either the base rate η, or a cosine decay from η (at step W) to η/10 at the last step. Steps
// count from 1.
import type { RunSpec } from '../run/runSpec';

/** η_t: the learning rate of optimiser step t (1-based). */
export type LearningRate = (step: number) => number;

export type ScheduleSettings = Pick<RunSpec['train'], 'learningRate' | 'schedule' | 'warmup'>;

/** Where the cosine ends, as a share of the base rate: decayed, not stopped, at the last step. */
export const COSINE_FLOOR = 0.1;

/** Warm-up steps of a phase of `steps` steps; at least one step is left after it. */
export function warmupSteps(warmup: number, steps: number): number {
  return Math.max(0, Math.min(Math.round(warmup * steps), steps - 1));
}

/** η_t of step `step` of a phase of `steps` steps. */
export function learningRateAt(step: number, s: ScheduleSettings, steps: number): number {
  const base = s.learningRate;
  const W = warmupSteps(s.warmup, steps);
  if (step <= W) return (base * step) / W;
  if (s.schedule === 'constant') return base;
  const progress = Math.min(1, (step - W) / (steps - W));
  const floor = base * COSINE_FLOOR;
  return floor + ((base - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
}

/**
 * The schedule of a phase of `steps` steps as a function of the step. Constant without
 * warm-up gives back the base rate itself, so such a run's numerics are the same to the bit as
 * before schedules existed.
 */
export function learningRateSchedule(s: ScheduleSettings, steps: number): LearningRate {
  if (s.schedule === 'constant' && warmupSteps(s.warmup, steps) === 0) {
    const base = s.learningRate;
    return () => base;
  }
  return (step) => learningRateAt(step, s, steps);
}

/** η_t × `scale` (the fine-tuned encoder's lower rate follows the same schedule). */
export function scaled(rate: LearningRate, scale: number): LearningRate {
  return (step) => rate(step) * scale;
}
