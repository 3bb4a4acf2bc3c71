// The non-finite guard of a training step (README §Reliability). A step's gradients are
// computed, optionally clipped to a global L2 norm (train.clipNorm), and applied; every
// GRAD_CHECK_EVERY steps (every step when clipping) each parameter's Σg² rides along in the
// step's one readback, so the check costs no extra GPU round-trip. A NaN or ±∞ in the loss (or
// one of its terms) or in a gradient names what went bad, and the trainer goes back to the last
// state that gave a finite step (LastGood) before it reports the fault.
import * as tf from '@tensorflow/tfjs-core';
import { Checkpoint, type RestorableOptimizer } from './checkpoint';

/** With clipping off, the gradient norm is checked on every this-many steps (the loss on every step). */
export const GRAD_CHECK_EVERY = 10;

/** What went bad at a step, and what to change. */
export interface NonFiniteFault {
  /** The step that gave the non-finite value (1-based, of the phase). */
  step: number;
  /** The step the weights and optimiser state are back at. */
  restoredStep: number;
  /** The loss term or parameter whose value was not finite, e.g. "task loss of churn", "z-loss", "gradient of block0.ffn.w1". */
  term: string;
  /** The value read (NaN, Infinity, -Infinity). */
  value: number;
  /** One paragraph for the user: what happened, what was kept, what to change. */
  message: string;
}

/** Thrown by a step that met a non-finite value, after the last good state is restored. */
export class NonFiniteStepError extends Error {
  constructor(readonly fault: NonFiniteFault) {
    super(fault.message);
    this.name = 'NonFiniteStepError';
  }
}

/** The loss terms of a step as read back. */
export interface LossTerms {
  total: number;
  balance: number;
  z: number;
  /** L_k per task (the task's name and its value). */
  tasks: { name: string; value: number }[];
  /** What a task's term is called in the message: "task loss" (training), "MCP loss" (pre-training, per masked channel). */
  taskTerm?: string;
}

/** Which term went bad first: a task's loss, the balance or z term, then the total itself (an overflow of the sum); null when all are finite. */
export function badLossTerm(l: LossTerms): { term: string; value: number } | null {
  for (const t of l.tasks) if (!Number.isFinite(t.value)) return { term: `${l.taskTerm ?? 'task loss'} of ${t.name}`, value: t.value };
  if (!Number.isFinite(l.balance)) return { term: 'balance loss', value: l.balance };
  if (!Number.isFinite(l.z)) return { term: 'z-loss', value: l.z };
  if (!Number.isFinite(l.total)) return { term: 'total loss', value: l.total };
  return null;
}

/** The first parameter whose gradient's Σg² is not finite (an overflow counts: the norm is then ∞); null when all are finite. */
export function badGradient(sumSquares: ArrayLike<number>, names: readonly string[]): { term: string; value: number } | null {
  for (let i = 0; i < sumSquares.length; i++) {
    if (!Number.isFinite(sumSquares[i])) return { term: `gradient of ${names[i]}`, value: sumSquares[i] };
  }
  return null;
}

/** The user's paragraph for a fault at `step` on `term`, training back at `restoredStep`. */
export function faultMessage(step: number, restoredStep: number, term: string, value: number, settings: { learningRate: number; clipNorm: number }): string {
  const lower = Number((settings.learningRate / 10).toPrecision(2));
  const routing = term === 'z-loss' || term === 'balance loss';
  const change = routing
    ? `raise the z-loss weight (it keeps router logits small) or lower the learning rate (now ${settings.learningRate}, try ${lower})`
    : `lower the learning rate (now ${settings.learningRate}, try ${lower})${settings.clipNorm > 0 ? '' : ' or turn on gradient clipping'}`;
  return (
    `Training paused: at step ${step} the ${term} became ${String(value)} (not a finite number). ` +
    `The weights and optimiser state are back at step ${restoredStep}, the last step that gave finite values, and nothing after it was kept. ` +
    `To go on, ${change}, then train again (a changed setting starts a new run); ▶ Train resumes from step ${restoredStep} as is.`
  );
}

/**
 * The last state known good, and the one being checked: before each step the current state is
 * taken (a checkpoint of clones: no copy, the buffers are shared until the step replaces them).
 * A step whose loss is finite proves the state it started from good.
 */
export class LastGood {
  private good: Checkpoint | null = null;
  private pending: Checkpoint | null = null;

  /** Before a step: keep the state the step starts from. */
  beforeStep(take: () => Checkpoint): void {
    this.pending?.dispose();
    this.pending = take();
  }

  /** The step's loss was finite: the state it started from is good (the previous good one is freed). */
  confirm(): void {
    if (!this.pending) return;
    this.good?.dispose();
    this.good = this.pending;
    this.pending = null;
  }

  /**
   * The step went bad. A bad loss condemns the state it started from: back to the last good
   * one. A bad gradient with a finite loss leaves that state good: back to it.
   */
  restoreAfter(lossBad: boolean): Checkpoint | null {
    if (!lossBad) this.confirm();
    const to = this.good ?? this.pending;
    to?.restore();
    return to;
  }

  dispose(): void {
    this.good?.dispose();
    this.pending?.dispose();
    this.good = this.pending = null;
  }
}

/** What a checked step read back, and where it started. */
export interface StepCheck {
  terms: LossTerms;
  /** Σg² per variable when measured, in the order of `names` (tfjs variable names). */
  sumSquares: ArrayLike<number> | null;
  names: string[];
  /** Parameter names (e.g. "block0.ffn1.w1") by tfjs variable name, for the message. */
  paramNames: Map<string, string>;
  /** Steps taken before this one. */
  stepCount: number;
  settings: { learningRate: number; clipNorm: number };
}

/**
 * After a step's readback: all finite confirms the state the step started from as good (null);
 * otherwise the last good state is restored and the fault returned, with the step count to go
 * on from (the caller sets it, then throws).
 */
export function checkStep(lastGood: LastGood, c: StepCheck): { restoredStep: number; error: NonFiniteStepError } | null {
  const lossBad = badLossTerm(c.terms);
  const bad = lossBad ?? (c.sumSquares ? badGradient(c.sumSquares, c.names.map((n) => c.paramNames.get(n) ?? n)) : null);
  if (!bad) {
    lastGood.confirm();
    return null;
  }
  const step = c.stepCount + 1;
  const restoredStep = lastGood.restoreAfter(lossBad !== null)?.step ?? c.stepCount;
  const message = faultMessage(step, restoredStep, bad.term, bad.value, c.settings);
  return { restoredStep, error: new NonFiniteStepError({ step, restoredStep, term: bad.term, value: bad.value, message }) };
}

/** Whether a step measures its gradients: with clipping on, every step; otherwise every GRAD_CHECK_EVERY-th. */
export const measuresGradients = (stepCount: number, clipNorm: number): boolean => clipNorm > 0 || (stepCount + 1) % GRAD_CHECK_EVERY === 0;

/** The global gradient norm from each variable's Σg². */
export const gradNormOf = (sumSquares: ArrayLike<number>): number => Math.sqrt(Array.from(sumSquares).reduce((a, x) => a + x, 0));

/** One optimiser step's gradient check, when measured. */
export interface GuardedStep {
  /** Σg² per variable (kept on the device: the caller reads it in the step's readback and disposes it); null when not measured. */
  sumSquares: tf.Tensor1D | null;
  /** The tfjs names of the variables, in the order of sumSquares. */
  names: string[];
}

/**
 * A guarded step's one readback: its `packed` values and, when measured, each gradient's Σg²
 * after them (concatenated on the device, so the check costs no second round-trip). Frees the
 * Σg² tensor; `packed` stays the caller's.
 */
export async function readGuardedStep(packed: tf.Tensor1D, step: GuardedStep): Promise<{ values: Float32Array; sumSquares: Float32Array | null }> {
  if (!step.sumSquares) return { values: (await packed.data()) as Float32Array, sumSquares: null };
  const both = tf.concat([packed, step.sumSquares]) as tf.Tensor1D;
  step.sumSquares.dispose();
  try {
    const all = (await both.data()) as Float32Array;
    const n = all.length - step.names.length;
    return { values: all.subarray(0, n), sumSquares: all.subarray(n) };
  } finally {
    both.dispose();
  }
}

/**
 * minimize() of tfjs (computeGradients, then applyGradients, over `varList` or every trainable
 * variable) with the gradient check: when `measure`, each variable's Σg² is returned; when
 * `clipNorm` > 0 (measured then too), every gradient is scaled by clipNorm / max(‖g‖, clipNorm),
 * which is exactly 1 while the norm is within the threshold, so a step not clipped is the same
 * bits as one without clipping.
 */
export function guardedMinimize(optimizer: RestorableOptimizer, f: () => tf.Scalar, measure: boolean, clipNorm: number, varList?: tf.Variable[]): GuardedStep {
  const { value, grads } = optimizer.computeGradients(f, varList);
  value.dispose();
  const names = Object.keys(grads);
  const clip = clipNorm > 0;
  const sumSquares = measure || clip ? (tf.keep(tf.tidy(() => tf.stack(names.map((n) => tf.sum(tf.square(grads[n])))))) as tf.Tensor1D) : null;
  const applied = clip ? clipped(grads, sumSquares!, clipNorm) : grads;
  optimizer.applyGradients(varList ? varList.map((v) => ({ name: v.name, tensor: applied[v.name] })) : applied);
  tf.dispose(grads);
  if (applied !== grads) tf.dispose(applied);
  if (measure || !sumSquares) return { sumSquares, names };
  sumSquares.dispose();
  return { sumSquares: null, names };
}

/** `grads` scaled to a global norm of at most `clipNorm` (new tensors). */
function clipped(grads: tf.NamedTensorMap, sumSquares: tf.Tensor1D, clipNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.sum(sumSquares));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    return Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.keep(tf.mul(g, scale))]));
  });
}
