// Every trainable tensor of the model, created from the run's seed. Values are drawn into a
// Float32Array on the CPU and then uploaded, so the initial weights are bit-identical on
// every backend; each parameter draws from its own fork of the RNG, so adding a parameter
// does not move the values of the others.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../util/rng';

export class Params {
  private readonly vars = new Map<string, tf.Variable>();

  constructor(private readonly rng: Rng) {}

  /** Glorot (Xavier) uniform over the last two axes: fan-in × fan-out of one matrix. */
  glorot<R extends tf.Rank>(name: string, shape: number[]): tf.Variable<R> {
    const [fanIn, fanOut] = shape.slice(-2);
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const r = this.rng.fork(name);
    return this.add(name, shape, () => (2 * r.next() - 1) * limit);
  }

  normal<R extends tf.Rank>(name: string, shape: number[], std: number): tf.Variable<R> {
    const r = this.rng.fork(name);
    return this.add(name, shape, () => r.normal() * std);
  }

  constant<R extends tf.Rank>(name: string, shape: number[], value: number): tf.Variable<R> {
    return this.add(name, shape, () => value);
  }

  /** Names (e.g. "block0.ffn1.w1") and variables, in creation order. */
  entries(): [string, tf.Variable][] {
    return [...this.vars.entries()];
  }

  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Number of trainable scalars. */
  count(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }

  private add<R extends tf.Rank>(name: string, shape: number[], draw: () => number): tf.Variable<R> {
    if (this.vars.has(name)) throw new Error(`Parameter ${name} is created twice.`);
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < values.length; i++) values[i] = draw();
    // No tfjs name: tfjs names are global, and two models (a test, a reset) may coexist.
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true));
    this.vars.set(name, v);
    return v as tf.Variable<R>;
  }
}
