// Row gathers built from tfjs ops, for every backend: the model's embedding lookups and
// masked-position gathers, and the reference routing's dispatch and combine.
import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.gather(x, indices)` along rows, whose gradient scatters back with scatterND (O(rows
 * gathered)). tfjs's own gather gradient is an unsortedSegmentSum, which the cpu backend
 * computes in O(rows of x × rows gathered): 90% of a training step on small models.
 */
export function gatherRows(x: tf.Tensor2D, indices: tf.Tensor): tf.Tensor {
  const scatterBack = tf.customGrad((table, save) => {
    // Saved, because the indices may be freed (by a tidy) before the backward pass runs.
    (save as tf.GradSaveFunc)([indices]);
    return {
      value: tf.gather(table as tf.Tensor, indices),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.scatterND(tf.reshape(saved, [-1, 1]), tf.reshape(dy, [-1, x.shape[1]]), x.shape),
    };
  });
  return scatterBack(x);
}
