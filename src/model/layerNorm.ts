// LayerNorm over the feature axis, with a gain and no bias (as nanoGPT's bias=False: as
// good, and one parameter tensor fewer for the optimiser to update).
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from './params';

const EPS = 1e-5;

export class LayerNorm {
  private readonly gain: tf.Variable<tf.Rank.R1>;

  constructor(p: Params, name: string, d: number) {
    this.gain = p.constant(`${name}.gain`, [d], 1);
  }

  forward<T extends tf.Tensor>(x: T): T {
    const axis = x.rank - 1;
    const centred = tf.sub(x, tf.mean(x, axis, true));
    const variance = tf.mean(tf.square(centred), axis, true);
    return tf.mul(tf.mul(centred, tf.rsqrt(tf.add(variance, EPS))), this.gain) as T;
  }
}
