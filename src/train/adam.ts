// Adam with the update of tf.train.adam (same moments, bias correction, ε and float32
// scalars), as two WGSL dispatches per variable on WebGPU where tfjs's Adam launches about 14
// kernels per variable. Elsewhere the same formula runs as tfjs ops, op for op as tfjs's.
// Two additions, each a no-op at its default: the learning rate of each step comes from a
// schedule (schedule.ts), and the variables named in `decayed` get AdamW's decoupled weight
// decay, w ← w − η_t·decay·w − η_t·(Adam's update) (Loshchilov & Hutter, weightDecay.ts).
import * as tf from '@tensorflow/tfjs-core';
import { adamStepKernel, type AdamStepScalars } from '../kernels/adam';
import type { OptimizerValues, RestorableOptimizer, Snapshot } from './checkpoint';
import type { LearningRate } from './schedule';

/** m and v of one variable: interleaved [size, 2] for the WGSL kernels, separate otherwise. */
type Moments = { interleaved: tf.Tensor } | { m: tf.Tensor; v: tf.Tensor };

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  /** Default: the backend's ε, as tf.train.adam. */
  epsilon?: number;
  /** η_t of step t (1-based); default: the constant learning rate. */
  schedule?: LearningRate;
  /** AdamW's decoupled decay per unit of learning rate; 0 = Adam. */
  weightDecay?: number;
  /** The tfjs names of the variables that decay (decayedVariables(params)); the others never do. */
  decayed?: ReadonlySet<string>;
}

export class Adam extends tf.Optimizer implements RestorableOptimizer {
  static get className(): string {
    return 'Adam';
  }

  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly schedule: LearningRate;
  private readonly weightDecay: number;
  private readonly decayed: ReadonlySet<string>;
  private readonly moments = new Map<string, Moments>();
  /** β^t as tfjs keeps it: a float32 scalar multiplied by β once per step, from β at step 1. */
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    readonly learningRate: number,
    options: AdamOptions = {},
  ) {
    super();
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? tf.backend().epsilon();
    this.schedule = options.schedule ?? (() => learningRate);
    this.weightDecay = options.weightDecay ?? 0;
    this.decayed = options.decayed ?? new Set();
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
  }

  applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const grads: [string, tf.Tensor | null][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const scalars = this.stepScalars(this.schedule(this.iterations + 1));
    // The backend of a run does not change; checked once per step.
    const fused = tf.getBackend() === 'webgpu';
    for (const [name, gradient] of grads) {
      if (gradient == null) continue;
      const value = tf.engine().registeredVariables[name];
      if (!value) throw new Error(`Adam: no variable named ${name}`);
      const s = this.decays(name) ? { ...scalars, learningRateDecay: scalars.learningRate * this.weightDecay } : scalars;
      const old = this.moments.get(name) ?? zeroMoments(value, fused);
      const next = tf.tidy(() => (fused ? fusedStep(value, gradient, old, s) : opsStep(value, gradient, old, s)));
      this.moments.set(name, next);
      disposeMoments(old);
    }
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
    this.incrementIterations();
  }

  /** Copies of the moments (on the device), the β powers and the step count; restore() puts them back. */
  snapshot(): Snapshot {
    const moments = new Map([...this.moments].map(([name, m]) => [name, cloneMoments(m)]));
    const { accBeta1, accBeta2, iterations } = this;
    return {
      restore: () => {
        this.disposeAllMoments();
        for (const [name, m] of moments) this.moments.set(name, cloneMoments(m));
        this.accBeta1 = accBeta1;
        this.accBeta2 = accBeta2;
        this.iterations_ = iterations;
      },
      dispose: () => {
        for (const m of moments.values()) disposeMoments(m);
        moments.clear();
      },
    };
  }

  /** The state read back (tests; a diagnosis of a bad step). */
  async readState(): Promise<OptimizerValues> {
    const moments = new Map<string, { m: Float32Array; v: Float32Array }>();
    for (const [name, m] of this.moments) moments.set(name, await readMoments(m));
    return { step: this.iterations, betaPowers: [this.accBeta1, this.accBeta2], moments };
  }

  /** Puts back a state read by readState() (in another worker, after a restart): moments, β powers and step count. */
  loadState(values: OptimizerValues): void {
    const fused = tf.getBackend() === 'webgpu';
    this.disposeAllMoments();
    for (const [name, { m, v }] of values.moments) {
      const both = new Float32Array(2 * m.length);
      m.forEach((x, i) => (both[2 * i] = x));
      v.forEach((x, i) => (both[2 * i + 1] = x));
      const shape = tf.engine().registeredVariables[name]?.shape;
      if (!shape) throw new Error(`Adam: no variable named ${name}`);
      this.moments.set(name, fused ? { interleaved: tf.tensor2d(both, [m.length, 2]) } : { m: tf.tensor(m, shape), v: tf.tensor(v, shape) });
    }
    [this.accBeta1, this.accBeta2] = values.betaPowers;
    this.iterations_ = values.step;
  }

  override dispose(): void {
    this.disposeAllMoments();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, weightDecay: this.weightDecay };
  }

  private stepScalars(learningRate: number): AdamStepScalars {
    return {
      learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: Math.fround(1 - this.accBeta1),
      oneMinusAccBeta2: Math.fround(1 - this.accBeta2),
      learningRateDecay: 0,
    };
  }

  private decays(name: string): boolean {
    return this.weightDecay > 0 && this.decayed.has(name);
  }

  private disposeAllMoments(): void {
    for (const m of this.moments.values()) disposeMoments(m);
    this.moments.clear();
  }
}

function zeroMoments(value: tf.Variable, fused: boolean): Moments {
  return fused ? { interleaved: tf.zeros([value.size, 2]) } : { m: tf.zerosLike(value), v: tf.zerosLike(value) };
}

/** The same values in new tensors (tf.clone shares the buffer; nothing writes a buffer in place). */
function cloneMoments(m: Moments): Moments {
  const copy = (t: tf.Tensor) => tf.keep(tf.clone(t));
  return 'interleaved' in m ? { interleaved: copy(m.interleaved) } : { m: copy(m.m), v: copy(m.v) };
}

function disposeMoments(m: Moments): void {
  tf.dispose('interleaved' in m ? m.interleaved : [m.m, m.v]);
}

async function readMoments(m: Moments): Promise<{ m: Float32Array; v: Float32Array }> {
  if (!('interleaved' in m)) return { m: (await m.m.data()) as Float32Array, v: (await m.v.data()) as Float32Array };
  const both = (await m.interleaved.data()) as Float32Array;
  return { m: both.filter((_, i) => i % 2 === 0), v: both.filter((_, i) => i % 2 === 1) };
}

/** The WGSL kernels: new moments, then the new value assigned (the old buffers freed). */
function fusedStep(value: tf.Variable, gradient: tf.Tensor, old: Moments, s: AdamStepScalars): Moments {
  if (!('interleaved' in old)) throw new Error('Adam: the backend changed during training');
  const next = adamStepKernel(value, gradient, old.interleaved, s);
  value.assign(next.value);
  return { interleaved: tf.keep(next.moments) };
}

/** tf.train.adam's update, op for op (so its results are the same bits on the cpu backend); AdamW's decay first where it applies. */
function opsStep(value: tf.Variable, gradient: tf.Tensor, old: Moments, s: AdamStepScalars): Moments {
  if ('interleaved' in old) throw new Error('Adam: the backend changed during training');
  const m = tf.add(tf.mul(old.m, s.beta1), tf.mul(gradient, 1 - s.beta1));
  const v = tf.add(tf.mul(old.v, s.beta2), tf.mul(tf.square(gradient), 1 - s.beta2));
  const mHat = tf.div(m, s.oneMinusAccBeta1);
  const vHat = tf.div(v, s.oneMinusAccBeta2);
  const decayed = s.learningRateDecay !== 0 ? tf.sub(value, tf.mul(value, s.learningRateDecay)) : value;
  value.assign(tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), s.epsilon)), -s.learningRate), decayed));
  return { m: tf.keep(m), v: tf.keep(v) };
}
