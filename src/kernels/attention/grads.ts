import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';
import { runKernel } from '../webgpu/registry';
import { MaskedSoftmax, MaskedSoftmaxGrad } from './kernelNames';

/** The masked softmax's gradient: one kernel for the scores, p · (dp − Σ dp · p) per row. */
export const maskedSoftmaxGradient: GradConfig = {
  kernelName: MaskedSoftmax,
  inputsToSave: ['keyBias'],
  outputsToSave: [true],
  gradFunc: (dy, [keyBias, p]) => {
    const dScores = () => runKernel(MaskedSoftmaxGrad, { dp: dy as tf.Tensor, p });
    return {
      scores: dScores,
      // The bias is a constant mask in the model; its gradient (scores' summed over the rows
      // that share it) is only built if something differentiates w.r.t. it.
      keyBias: () => {
        const d = dScores();
        return tf.reshape(tf.sum(tf.reshape(d, [keyBias.shape[0], -1, d.shape[d.rank - 1]]), 1), keyBias.shape);
      },
    };
  },
};
