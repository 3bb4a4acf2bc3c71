// The router's auxiliary losses (Switch Transformer, Fedus et al. 2021; ST-MoE for the
// z-loss), both over the valid tokens only.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Load-balancing loss α·E·Σ_e f_e·P_e of a site with E experts: f_e the fraction of valid tokens routed to e (before
 * capacity drops), P_e the mean router probability of e. It is α when the load is uniform;
 * its gradient reaches the router through P only (f is a count).
 */
export function loadBalancingLoss(probs: tf.Tensor2D, counts: tf.Tensor1D, valid: tf.Tensor1D, numValid: number, alpha: number, E: number): tf.Scalar {
  // Σ_e f_e·P_e = (validᵀ · probs · counts) / T_valid². Several sites routed in one call
  // (probs [S·T, S·E], zero outside a token's own site) give the sum of their terms.
  const probSum = tf.matMul(tf.reshape(valid, [1, -1]), probs);
  const fP = tf.matMul(probSum, tf.reshape(tf.cast(counts, 'float32'), [-1, 1]));
  return tf.mul(tf.reshape(fP, []), (alpha * E) / (numValid * numValid));
}

/**
 * Router z-loss weight · mean_t logsumexp(logits_t)², keeping router logits small. The
 * logsumexp is max(logits) − log(max(probs)): it reuses the routing softmax, and the top
 * probability is at least 1/E, so the log never underflows.
 */
export function routerZLoss(logits: tf.Tensor2D, probs: tf.Tensor2D, valid: tf.Tensor1D, numValid: number, weight: number): tf.Scalar {
  const lse = tf.sub(tf.max(logits, 1), tf.log(tf.max(probs, 1)));
  return tf.mul(tf.dot(tf.square(lse), valid), weight / numValid) as tf.Scalar;
}
