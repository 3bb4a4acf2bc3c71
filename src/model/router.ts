// The router h(x) of a routed site, and the context every routed site of one forward pass
// shares: the token mask, the capacity, and the auxiliary losses and loads it collects.
import * as tf from '@tensorflow/tfjs-core';
import { routedExperts } from '../kernels/moe';
import type { ExpertWeights, RoutingPath } from '../kernels/moe';
import type { RoutingMode } from '../run/modelTypes';
import { loadBalancingLoss, routerZLoss } from './balance';
import type { Params } from './params';

/** What a routed site needs of its router. */
export interface RouterLogits {
  logits(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Router logits h(x) = x · W_r, no bias (as Switch). One Router may hold the routers of S
 * sites that read the same tokens (MoE-MSA's Q, K, V) side by side: W_r [d, S·E], columns
 * s·E.. of site s. They stay separate routers: a site only ever sees its own columns.
 */
export class Router implements RouterLogits {
  private readonly w: tf.Variable<tf.Rank.R2>;

  constructor(p: Params, name: string, d: number, numExperts: number, sites = 1) {
    // Switch's small router init (variance 0.1 / fan-in): routing starts near uniform.
    this.w = p.normal(`${name}.router`, [d, sites * numExperts], Math.sqrt(0.1 / d));
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

/** Load of one routed site (e.g. "block0.msa.q", "block0.ffn1") in one step. */
export interface RoutingSiteStats {
  site: string;
  /** Tokens routed to each expert (valid tokens, before capacity drops); length E. */
  counts: number[];
  /** Valid tokens dropped by the capacity limit. */
  dropped: number;
}

/** Loads of the sites of one routed call, still on the device. */
export interface RoutedLoad {
  sites: string[];
  /** [sites.length · E] int32 valid tokens routed to each expert (before drops), site by site. */
  counts: tf.Tensor1D;
}

/** Probability 0 after the softmax, yet finite (no NaN from −∞ − −∞). */
const OTHER_SITE = -1e9;

export class RoutingContext {
  readonly loads: RoutedLoad[] = [];
  /** Slots per expert C = ceil(cf · T_valid / E); null when dropless. */
  readonly capacity: number | null;
  private readonly balanceTerms: tf.Scalar[] = [];
  private readonly zTerms: tf.Scalar[] = [];
  private readonly validCopies = new Map<number, tf.Tensor1D>();

  /** `valid` [T] float over the flattened tokens; `numValid` its sum, known on the CPU; `auxLosses` false when only the outputs are read (scoring). */
  constructor(
    readonly valid: tf.Tensor1D,
    readonly numValid: number,
    private readonly settings: RoutingSettings,
    private readonly auxLosses = true,
  ) {
    const { numExperts: E, capacityFactor } = settings;
    // At least one slot. One expert with cf ≥ 1 has room for every token: saying so (null)
    // lets the op skip routing altogether.
    const roomForAll = settings.routing === 'dropless' || (E === 1 && capacityFactor >= 1);
    this.capacity = roomForAll ? null : Math.max(1, Math.ceil((capacityFactor * numValid) / E));
  }

  /**
   * Routes x [T, d] through the experts of `sites` (all reading the same x) and returns their
   * outputs [S, T, dOut]. The experts hold the E experts of each site in turn ([S·E, …]).
   * S > 1 sites are routed by ONE op call over S·T tokens and S·E experts, in which copy s of
   * the tokens may only reach site s's experts (the other logits get −1e9, probability 0):
   * every decision, slot, drop, gate and auxiliary loss is that of S separate calls, for the
   * ops of one.
   */
  route(sites: string[], x: tf.Tensor2D, router: RouterLogits | null, experts: ExpertWeights): tf.Tensor3D {
    const S = sites.length;
    const [T, d] = x.shape;
    if (!router) return this.routeOneExpert(sites, x, experts);
    const xs = S === 1 ? x : (tf.reshape(tf.broadcastTo(tf.reshape(x, [1, T, d]), [S, T, d]), [S * T, d]) as tf.Tensor2D);
    // Every copy of a token has the same logits: computed once on x, then masked per copy.
    const logits = S === 1 ? router.logits(x) : ownSitesOnly(router.logits(x), S, T);
    const valid = this.validFor(S);
    const r = routedExperts(xs, logits, valid, experts, { capacity: this.capacity, path: this.settings.path });
    this.loads.push({ sites, counts: r.counts });
    const { balanceLossWeight: alpha, zLossWeight, numExperts } = this.settings;
    if (!this.auxLosses) return tf.reshape(r.y, [S, T, r.y.shape[1]]);
    if (alpha > 0) this.balanceTerms.push(loadBalancingLoss(r.probs, r.counts, valid, this.numValid, alpha, numExperts));
    if (zLossWeight > 0) this.zTerms.push(routerZLoss(logits, r.probs, valid, this.numValid, zLossWeight));
    return tf.reshape(r.y, [S, T, r.y.shape[1]]);
  }

  /** Σ over sites of α·E·Σ f·P (each routed layer adds its own term, as in Switch). */
  balanceLoss(): tf.Scalar {
    return sumOf(this.balanceTerms);
  }

  /** Σ over sites of the weighted router z-loss. */
  zLoss(): tf.Scalar {
    return sumOf(this.zTerms);
  }

  /** A single expert needs no router (gate softmax([0]) = 1): no balance, no z-loss. */
  private routeOneExpert(sites: string[], x: tf.Tensor2D, experts: ExpertWeights): tf.Tensor3D {
    const zeros = tf.zeros([x.shape[0], 1]) as tf.Tensor2D;
    const ys = sites.map((site, s) => {
      const own = sites.length === 1 ? experts : expertOfSite(experts, s);
      const r = routedExperts(x, zeros, this.valid, own, { capacity: this.capacity, path: this.settings.path });
      this.loads.push({ sites: [site], counts: r.counts });
      return r.y;
    });
    return tf.stack(ys) as tf.Tensor3D;
  }

  /** `valid` for S copies of the tokens, made once per forward pass. */
  private validFor(S: number): tf.Tensor1D {
    if (S === 1) return this.valid;
    let v = this.validCopies.get(S);
    if (!v) {
      const T = this.valid.shape[0];
      v = tf.reshape(tf.broadcastTo(tf.reshape(this.valid, [1, T]), [S, T]), [S * T]) as tf.Tensor1D;
      this.validCopies.set(S, v);
    }
    return v;
  }
}

/** The single expert of site s among S one-expert sites. */
function expertOfSite(w: ExpertWeights, s: number): ExpertWeights {
  const pick = <T extends tf.Tensor>(t: T | undefined) => (t ? (tf.slice(t, s, 1) as T) : undefined);
  return { w1: pick(w.w1)!, b1: pick(w.b1), w2: pick(w.w2), b2: pick(w.b2), activation: w.activation };
}

/** The logits [T, S·E] of the tokens, as [S·T, S·E] with −1e9 wherever copy s of a token would reach another site's experts. */
function ownSitesOnly(logits: tf.Tensor2D, S: number, T: number): tf.Tensor2D {
  const E = logits.shape[1] / S;
  const mask = new Float32Array(S * S).map((_, i) => (Math.floor(i / S) === i % S ? 0 : OTHER_SITE));
  // The add broadcasts the tokens' logits to the S copies.
  const masked = tf.add(tf.reshape(logits, [1, T, S, E]), tf.tensor4d(mask, [S, 1, S, 1]));
  return tf.reshape(masked, [S * T, S * E]);
}

/**
 * Per-site loads as plain numbers, from the counts read back. First come, first kept: an
 * expert keeps min(count, C) tokens, so a site drops Σ_e max(0, count_e − C).
 */
export function siteStats(loads: { sites: string[] }[], counts: ArrayLike<number>, E: number, capacity: number | null): RoutingSiteStats[] {
  const out: RoutingSiteStats[] = [];
  let at = 0;
  for (const load of loads) {
    for (const site of load.sites) {
      const c = Array.from({ length: E }, (_, e) => counts[at + e]);
      at += E;
      const dropped = capacity === null ? 0 : c.reduce((a, n) => a + Math.max(0, n - capacity), 0);
      out.push({ site, counts: c, dropped });
    }
  }
  return out;
}

function sumOf(terms: tf.Scalar[]): tf.Scalar {
  if (terms.length === 0) return tf.scalar(0);
  return terms.length === 1 ? terms[0] : tf.addN(terms);
}
