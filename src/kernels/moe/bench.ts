// Speed of the WGSL MoE kernels against the alternatives, in whatever tfjs 'webgpu' context
// runs it (Node + Dawn, or a browser). GPU timestamps where the device has them, else wall time
// from enqueue to queue.onSubmittedWorkDone (see ../gpuTiming.ts), after warm-up runs (shader
// compilation), median over repetitions.
import * as tf from '@tensorflow/tfjs-core';
import { defaultTiming, timeAlternating, timeBufferCopy, type TimingMethod } from '../gpuTiming';
import { routedExpertsReference } from './reference';
import type { ExpertWeights, RoutingOptions } from './types';
import { moeCombine, moeDispatch, moeRoute } from './webgpu/ops';
import { routedExpertsKernel } from './webgpu/routedExpertsKernel';

export interface BenchMoeOptions {
  /** Tokens per call (default 4096). */
  tokens?: number;
  /** Model width d (default 64). */
  dModel?: number;
  /** FFN hidden width (default 256). */
  hidden?: number;
  /** Experts for the MoE-vs-dense comparison (default 64). */
  experts?: number;
  /** Experts for the comparisons with the tfjs-ops paths (default 16). */
  compareExperts?: number;
  /** Capacity factor of the one-hot (Switch einsum) baseline (default 1.25). */
  capacityFactor?: number;
  warmup?: number;
  reps?: number;
  /** Skip the slow tfjs-ops baselines (reference and one-hot), e.g. on SwiftShader. */
  skipBaselines?: boolean;
  /** How to time (default: GPU timestamps if the device has them, else wall time). */
  timing?: TimingMethod;
  log?: (line: string) => void;
}

export interface BenchMoeResults {
  /** MoE-FFN (E = experts) forward+backward time / dense FFN of the same active size; target ≤ 1.5. */
  moeVsDenseE64: number;
  /** tfjs-ops reference time / WGSL kernel time, forward+backward at E = compareExperts, capacity mode. */
  speedupVsReferenceE16: number | null;
  /** Switch-style one-hot einsum dispatch/combine time / WGSL kernel time, same setting. */
  speedupVsOneHotE16: number | null;
  /** (dispatch + combine) time / a GPU buffer copy of the same T × d floats; target ≤ 3. */
  dispatchCombineVsCopy: number;
  /**
   * (dispatch + combine) time / two tfjs element-wise passes over T × d floats (the same bytes
   * moved by shaders). On SwiftShader a buffer copy is a memcpy, far below any shader, so this
   * is the ratio that says something there.
   */
  dispatchCombineVsElementwise: number;
  /** dispatchCombineVsCopy in wall time (COPIES_PER_RUN runs per submission), also when timing is 'timestamp'. */
  dispatchCombineVsCopyWall: number;
  /** Median milliseconds of every measured thing. */
  ms: Record<string, number>;
  config: Required<Omit<BenchMoeOptions, 'log' | 'skipBaselines'>>;
}

/** Buffer copies (and dispatch + combine runs) per submission when timing data movement. */
const COPIES_PER_RUN = 16;

interface Ffn {
  x: tf.Tensor2D;
  logits: tf.Tensor2D;
  valid: tf.Tensor1D;
  dy: tf.Tensor2D;
  w1: tf.Tensor3D;
  b1: tf.Tensor2D;
  w2: tf.Tensor3D;
  b2: tf.Tensor2D;
}

function makeFfn(tokens: number, d: number, hidden: number, experts: number, seed: number): Ffn {
  return tf.tidy(() => ({
    x: tf.randomNormal([tokens, d], 0, 1, 'float32', seed) as tf.Tensor2D,
    logits: tf.randomNormal([tokens, experts], 0, 1, 'float32', seed + 1) as tf.Tensor2D,
    valid: tf.ones([tokens]) as tf.Tensor1D,
    dy: tf.randomNormal([tokens, d], 0, 1, 'float32', seed + 2) as tf.Tensor2D,
    w1: tf.randomNormal([experts, d, hidden], 0, 1 / Math.sqrt(d), 'float32', seed + 3) as tf.Tensor3D,
    b1: tf.zeros([experts, hidden]) as tf.Tensor2D,
    w2: tf.randomNormal([experts, hidden, d], 0, 1 / Math.sqrt(hidden), 'float32', seed + 4) as tf.Tensor3D,
    b2: tf.zeros([experts, d]) as tf.Tensor2D,
  }));
}

type Routed = typeof routedExpertsKernel;

/** Forward + backward (gradients of x, logits and every weight) of one routed-experts call. */
function routedStep(fn: Routed, p: Ffn, opts: RoutingOptions): () => tf.Tensor[] {
  const loss = (x: tf.Tensor, logits: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) => {
    const experts: ExpertWeights = {
      w1: w1 as tf.Tensor3D,
      b1: b1 as tf.Tensor2D,
      w2: w2 as tf.Tensor3D,
      b2: b2 as tf.Tensor2D,
      activation: 'relu',
    };
    return tf.sum(tf.mul(fn(x as tf.Tensor2D, logits as tf.Tensor2D, p.valid, experts, opts).y, p.dy));
  };
  return () => tf.grads(loss)([p.x, p.logits, p.w1, p.b1, p.w2, p.b2]);
}

/** The dense FFN of the same active size: one expert's weights applied to every token. */
function denseStep(p: Ffn): () => tf.Tensor[] {
  const w1 = tf.squeeze(tf.slice(p.w1, [0, 0, 0], [1, -1, -1]), [0]);
  const w2 = tf.squeeze(tf.slice(p.w2, [0, 0, 0], [1, -1, -1]), [0]);
  const b1 = tf.squeeze(tf.slice(p.b1, [0, 0], [1, -1]), [0]);
  const b2 = tf.squeeze(tf.slice(p.b2, [0, 0], [1, -1]), [0]);
  const loss = (x: tf.Tensor, a: tf.Tensor, ba: tf.Tensor, b: tf.Tensor, bb: tf.Tensor) => {
    const h = tf.fused.matMul({ a: x as tf.Tensor2D, b: a as tf.Tensor2D, bias: ba, activation: 'relu' });
    const y = tf.fused.matMul({ a: h, b: b as tf.Tensor2D, bias: bb });
    return tf.sum(tf.mul(y, p.dy));
  };
  return () => tf.grads(loss)([p.x, w1, b1, w2, b2]);
}

/**
 * Switch-Transformer-style routing with one-hot dispatch and combine tensors [T, E, C]
 * contracted against the tokens (einsum 'tec,td->ecd' and 'tec,ecd->td', written as matMuls
 * because tfjs's einsum has no gradient): the textbook formulation the kernels replace.
 */
function oneHotStep(p: Ffn, capacity: number): () => tf.Tensor[] {
  const [tokens, experts] = p.logits.shape;
  const d = p.x.shape[1];
  // The routing masks are constants for backprop (computed outside the traced loss).
  const masks = () => {
    const expertMask = tf.oneHot(tf.argMax(p.logits, 1), experts, 1, 0, 'float32');
    const slot = tf.mul(tf.cumsum(expertMask, 0, true), expertMask);
    const kept = tf.mul(expertMask, tf.less(slot, capacity).cast('float32'));
    const slotHot = tf.oneHot(tf.cast(tf.sum(tf.mul(slot, kept), 1), 'int32'), capacity, 1, 0, 'float32');
    const dispatch = tf.mul(tf.expandDims(kept, 2), tf.expandDims(slotHot, 1));
    return { kept, slots: tf.reshape(dispatch, [tokens, experts * capacity]) as tf.Tensor2D };
  };
  return () => {
    const { kept, slots } = masks();
    const loss = (x: tf.Tensor, logits: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) => {
      const gate = tf.sum(tf.mul(tf.softmax(logits), kept), 1, true);
      const xe = tf.reshape(tf.matMul(slots, x as tf.Tensor2D, true, false), [experts, capacity, d]);
      const h = tf.relu(tf.add(tf.matMul(xe, w1), tf.expandDims(b1, 1)));
      const ye = tf.add(tf.matMul(h, w2), tf.expandDims(b2, 1));
      const y = tf.mul(tf.matMul(slots, tf.reshape(ye, [experts * capacity, d])), gate);
      return tf.sum(tf.mul(y, p.dy));
    };
    return tf.grads(loss)([p.x, p.logits, p.w1, p.b1, p.w2, p.b2]);
  };
}

export async function benchMoe(options: BenchMoeOptions = {}): Promise<BenchMoeResults> {
  const config = {
    tokens: options.tokens ?? 4096,
    dModel: options.dModel ?? 64,
    hidden: options.hidden ?? 256,
    experts: options.experts ?? 64,
    compareExperts: options.compareExperts ?? 16,
    capacityFactor: options.capacityFactor ?? 1.25,
    warmup: options.warmup ?? 2,
    reps: options.reps ?? 5,
    timing: options.timing ?? defaultTiming(),
  };
  const log = options.log ?? (() => {});
  const { tokens, dModel, hidden, warmup, reps, timing } = config;
  const ms: Record<string, number> = {};
  const dropless: RoutingOptions = { capacity: null, path: 'kernel' };
  const e = config.compareExperts;
  // batch: wall-time runs per submission (see timeOnce); timestamps time every run alone.
  const measure = async (named: Record<string, () => tf.TensorContainer>, batch = 1) => {
    const names = Object.keys(named);
    const times = await timeAlternating(Object.values(named), timing, warmup, reps, batch);
    names.forEach((name, i) => {
      ms[name] = times[i];
      log(`${name}: ${times[i].toFixed(2)} ms`);
    });
    return times;
  };

  const big = makeFfn(tokens, dModel, hidden, config.experts, 1);
  const small = makeFfn(tokens, dModel, hidden, config.compareExperts, 11);
  try {
    const [dense, moe] = await measure({
      denseFfnStep: denseStep(big),
      [`kernelStepE${config.experts}`]: routedStep(routedExpertsKernel, big, dropless),
    });

    const route = moeRoute(big.logits, big.valid, null);
    const probs = tf.softmax(big.logits) as tf.Tensor2D;
    // Many runs per submission (as the copies below), so a wall time is not mostly latency.
    const [dispatchCombine, elementwise] = await measure(
      {
        dispatchCombine: () => moeCombine(moeDispatch(big.x, route), route, probs),
        // The same bytes through tfjs's own element-wise shader, for scale.
        elementwiseCopy: () => tf.neg(tf.neg(big.x)),
      },
      COPIES_PER_RUN,
    );
    const copy = await timeBufferCopy(tokens * dModel * 4, timing, warmup, reps, COPIES_PER_RUN);
    ms.bufferCopy = copy;
    log(`bufferCopy: ${copy.toFixed(3)} ms`);
    // The same two in wall time, for comparison with wall-time figures of other runs.
    [ms.dispatchCombineWall] = await timeAlternating([() => moeCombine(moeDispatch(big.x, route), route, probs)], 'wall', warmup, reps, COPIES_PER_RUN);
    tf.dispose([route, probs]);
    ms.bufferCopyWall = await timeBufferCopy(tokens * dModel * 4, 'wall', warmup, reps, COPIES_PER_RUN);
    log(`wall time: dispatchCombine ${ms.dispatchCombineWall.toFixed(3)} ms, bufferCopy ${ms.bufferCopyWall.toFixed(3)} ms`);

    let speedupVsReferenceE16: number | null = null;
    let speedupVsOneHotE16: number | null = null;
    if (!options.skipBaselines) {
      const capacity = Math.ceil((config.capacityFactor * tokens) / e);
      // Capacity mode for all three: the reference's dropless mode reads the counts back
      // (dataSync), which tfjs-webgpu cannot do in Node, and costs a sync in a browser.
      const [kernelCapped, reference, oneHot] = await measure({
        [`kernelStepCappedE${e}`]: routedStep(routedExpertsKernel, small, { capacity, path: 'kernel' }),
        [`referenceStepCappedE${e}`]: routedStep(routedExpertsReference, small, { capacity, path: 'reference' }),
        [`oneHotStepCappedE${e}`]: oneHotStep(small, capacity),
      });
      speedupVsReferenceE16 = reference / kernelCapped;
      speedupVsOneHotE16 = oneHot / kernelCapped;
    }
    return {
      moeVsDenseE64: moe / dense,
      speedupVsReferenceE16,
      speedupVsOneHotE16,
      dispatchCombineVsCopy: dispatchCombine / copy,
      dispatchCombineVsElementwise: dispatchCombine / elementwise,
      dispatchCombineVsCopyWall: ms.dispatchCombineWall / ms.bufferCopyWall,
      ms,
      config,
    };
  } finally {
    tf.dispose(Object.values(big));
    tf.dispose(Object.values(small));
  }
}
