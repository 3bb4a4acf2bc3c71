import type * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { LayerNorm, LayerNormGradGain, LayerNormGradX } from './kernelNames';

/** LayerNorm's gradient: one kernel for x, one (split sums) for the gain. */
export const layerNormGradient: GradConfig = {
  kernelName: LayerNorm,
  inputsToSave: ['x', 'gain'],
  gradFunc: (dy, [x, gain], attrs) => ({
    x: () => runKernel(LayerNormGradX, { dy: dy as tf.Tensor, x, gain }, attrs),
    gain: () => runKernel(LayerNormGradGain, { dy: dy as tf.Tensor, x }, attrs),
  }),
};
