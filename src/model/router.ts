// The router h(x) of one routed site, and the context every routed site of one forward pass
// shares: the token mask, the capacity, and the auxiliary losses and loads it collects.
import * as tf from '@tensorflow/tfjs-core';
import { routedExperts } from '../kernels/moe';
import type { ExpertWeights, RoutingPath } from '../kernels/moe';
import type { RoutingMode } from '../run/runSpec';
import { loadBalancingLoss, routerZLoss } from './balance';
import type { Params } from './params';

/** Router logits h(x) = x · W_r: one linear map to the E experts, no bias (as Switch). */
export class Router {
  private readonly w: tf.Variable<tf.Rank.R2>;

  constructor(p: Params, name: string, d: number, numExperts: number) {
    // Switch's small router init (variance 0.1 / fan-in): routing starts near uniform.
    this.w = p.normal(`${name}.router`, [d, numExperts], Math.sqrt(0.1 / d));
  }

  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(x, this.w);
  }
}

export interface RoutingSettings {
  numExperts: number;
  routing: RoutingMode;
  capacityFactor: number;
  /** α of the load-balancing loss (0 skips it). */
  balanceLossWeight: number;
  /** Weight of the router z-loss (0 skips it). */
  zLossWeight: number;
  path: RoutingPath;
}

/** Load of one routed site in one forward pass, still on the device. */
export interface SiteLoad {
  site: string;
  /** [E] int32 valid tokens routed to each expert, before drops. */
  counts: tf.Tensor1D;
  /** [] int32 valid tokens dropped by the capacity. */
  dropped: tf.Scalar;
}

export class RoutingContext {
  readonly loads: SiteLoad[] = [];
  private readonly balanceTerms: tf.Scalar[] = [];
  private readonly zTerms: tf.Scalar[] = [];
  private readonly capacity: number | null;
  private oneExpertLogits: tf.Tensor2D | null = null;

  /** `valid` [T] float over the flattened tokens; `numValid` its sum, known on the CPU. */
  constructor(readonly valid: tf.Tensor1D, readonly numValid: number, private readonly settings: RoutingSettings) {
    const { numExperts: E, capacityFactor } = settings;
    // C = ceil(cf · T_valid / E), at least one slot. One expert with cf ≥ 1 has room for
    // every token: saying so (null) lets the op skip routing altogether.
    const roomForAll = settings.routing === 'dropless' || (E === 1 && capacityFactor >= 1);
    this.capacity = roomForAll ? null : Math.max(1, Math.ceil((capacityFactor * numValid) / E));
  }

  /** Routes x through one site's experts; records its load and auxiliary losses. */
  route(site: string, x: tf.Tensor2D, router: Router | null, experts: ExpertWeights): tf.Tensor2D {
    const logits = router ? router.logits(x) : this.constantLogits(x.shape[0]);
    const r = routedExperts(x, logits, this.valid, experts, { capacity: this.capacity, path: this.settings.path });
    this.loads.push({ site, counts: r.counts, dropped: r.dropped });
    // With one expert there is nothing to balance, and no router to keep small.
    if (router) {
      const { balanceLossWeight: alpha, zLossWeight } = this.settings;
      if (alpha > 0) this.balanceTerms.push(loadBalancingLoss(r.probs, r.counts, this.valid, this.numValid, alpha));
      if (zLossWeight > 0) this.zTerms.push(routerZLoss(logits, r.probs, this.valid, this.numValid, zLossWeight));
    }
    return r.y;
  }

  /** Σ over sites of α·E·Σ f·P (each routed layer adds its own term, as in Switch). */
  balanceLoss(): tf.Scalar {
    return sumOf(this.balanceTerms);
  }

  /** Σ over sites of the weighted router z-loss. */
  zLoss(): tf.Scalar {
    return sumOf(this.zTerms);
  }

  /** A single expert needs no router: every token goes to it with gate softmax([0]) = 1. */
  private constantLogits(T: number): tf.Tensor2D {
    this.oneExpertLogits ??= tf.zeros([T, 1]);
    return this.oneExpertLogits;
  }
}

function sumOf(terms: tf.Scalar[]): tf.Scalar {
  if (terms.length === 0) return tf.scalar(0);
  return terms.length === 1 ? terms[0] : tf.addN(terms);
}
