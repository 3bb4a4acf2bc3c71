// LayerNorm over the feature axis, with a gain and no bias (as nanoGPT's bias=False: as
// good, and one parameter tensor fewer for the optimiser to update). Its gradient is written
// out: 10 kernels where tfjs's autodiff of the same forward launches about 20.
import * as tf from '@tensorflow/tfjs-core';
import { layerNormKernel } from '../kernels/layerNorm';
import type { Params } from './params';

const EPS = 1e-5;

export class LayerNorm {
  private readonly gain: tf.Variable<tf.Rank.R1>;

  constructor(p: Params, name: string, d: number) {
    this.gain = p.constant(`${name}.gain`, [d], 1);
  }

  forward<T extends tf.Tensor>(x: T): T {
    return layerNorm(x, this.gain) as T;
  }
}

/** LayerNorm of x's last axis: WGSL kernels on webgpu, the tfjs ops below elsewhere. */
export function layerNorm<T extends tf.Tensor>(x: T, gain: tf.Tensor): T {
  return tf.getBackend() === 'webgpu' ? layerNormKernel(x, gain, EPS) : (layerNormReference(x, gain) as T);
}

/**
 * y = x̂ · gain with x̂ = (x − mean(x)) / sqrt(var(x) + ε) over the last axis. Backward, with
 * g = dy · gain: dx = (g − mean(g) − x̂ · mean(g · x̂)) / sqrt(var + ε), dgain = Σ dy · x̂.
 */
export const layerNormReference = tf.customGrad((xIn, gainIn, saveIn) => {
  const [x, gain, save] = [xIn as tf.Tensor, gainIn as tf.Tensor1D, saveIn as tf.GradSaveFunc];
  const axis = x.rank - 1;
  const centred = tf.sub(x, tf.mean(x, axis, true));
  const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), axis, true), EPS));
  const xHat = tf.mul(centred, rstd);
  save([xHat, rstd, gain]);
  return {
    value: tf.mul(xHat, gain),
    gradFunc: (dy: tf.Tensor, [xHat, rstd, gain]: tf.Tensor[]) => {
      const g = tf.mul(dy, gain);
      const dGain = tf.sum(tf.reshape(tf.mul(dy, xHat), [-1, gain.shape[0]]), 0);
      const meanG = tf.mean(g, axis, true);
      const meanGx = tf.mean(tf.mul(g, xHat), axis, true);
      const dx = tf.mul(tf.sub(tf.sub(g, meanG), tf.mul(xHat, meanGx)), rstd);
      return [dx, dGain];
    },
  };
});
