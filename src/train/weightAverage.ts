// Polyak (exponential moving) averaging of the weights, as TensorFlow's
// ExponentialMovingAverage: after every step, for every parameter w,
//   shadow ← d_t · shadow + (1 − d_t) · w,   d_t = min(decay, (1 + t) / (10 + t))
// (d_t is small for the first steps, so the average forgets the initial weights quickly).
// Evaluations score the averaged weights, and the checkpoints early stopping keeps are of them:
// an iterate of Adam jitters from batch to batch, its average does not, so the evaluations
// (and the step chosen from them) follow the trend rather than the last batch.
import * as tf from '@tensorflow/tfjs-core';

export class WeightAverage {
  private readonly shadow = new Map<tf.Variable, tf.Tensor>();
  /** The end of the last task run by serial(). */
  private queue: Promise<unknown> = Promise.resolve();

  /** `decay` in (0, 1): the average spans about 1 / (1 − decay) steps. */
  constructor(
    private readonly variables: tf.Variable[],
    private readonly decay: number,
  ) {
    for (const v of variables) this.shadow.set(v, tf.keep(tf.clone(v)));
  }

  /** Folds the weights after step `t` (1, 2, …) into the average. */
  update(t: number): void {
    const d = Math.min(this.decay, (1 + t) / (10 + t));
    tf.tidy(() => {
      // One scalar for every variable (a number would be uploaded once per variable).
      const rate = tf.scalar(1 - d);
      for (const v of this.variables) {
        const old = this.shadow.get(v)!;
        // shadow + (1 − d)(w − shadow): one fewer multiply than d·shadow + (1 − d)·w.
        this.shadow.set(v, tf.keep(tf.add(old, tf.mul(tf.sub(v, old), rate))));
        old.dispose();
      }
    });
  }

  /**
   * Runs `f` after every task serial() was given before it has ended. The trainer's steps and
   * every swapped() go through it: an export or an embedding asked for while training runs
   * must never see a step's update land on the averaged weights it swapped in (or undo it).
   */
  serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `f` with the averaged weights in the variables, then puts the trained ones back (serial). */
  swapped<T>(f: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const trained = new Map(this.variables.map((v) => [v, tf.keep(tf.clone(v))]));
      for (const [v, s] of this.shadow) v.assign(s);
      try {
        return await f();
      } finally {
        for (const [v, w] of trained) v.assign(w);
        tf.dispose([...trained.values()]);
      }
    });
  }

  /** Puts the averaged weights in the variables for good (the end of training keeps what was evaluated). */
  commit(): void {
    for (const [v, s] of this.shadow) v.assign(s);
  }

  /** Starts the average again from the weights now (after a restore or a loaded state). */
  reset(): void {
    for (const v of this.variables) {
      this.shadow.get(v)!.dispose();
      this.shadow.set(v, tf.keep(tf.clone(v)));
    }
  }

  /** The averaged weights read back, by variable (for a kept state). */
  async read(): Promise<Map<tf.Variable, Float32Array>> {
    const out = new Map<tf.Variable, Float32Array>();
    for (const [v, s] of this.shadow) out.set(v, (await s.data()) as Float32Array);
    return out;
  }

  dispose(): void {
    tf.dispose([...this.shadow.values()]);
    this.shadow.clear();
  }
}
