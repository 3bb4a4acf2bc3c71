// Which products the small-matmul path takes: shapes only, decided on the host.
import type { BatchMatMulAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '../webgpu/program';

/** Above this many multiply-adds tfjs's tiled shared-memory programs win, on GPUs too. */
export const SMALL_MATMUL_MACS = 1 << 24;

export interface Plan {
  batch: number;
  m: number;
  n: number;
  k: number;
  aBatchStride: number;
  bBatchStride: number;
  outShape: number[];
}

const product = (xs: number[]) => xs.reduce((p, x) => p * x, 1);
export const macs = ({ batch, m, n, k }: Plan) => batch * m * n * k;
const sameShape = (x: number[], y: number[]) => x.length === y.length && x.every((d, i) => d === y[i]);

/** The small-matmul plan for these inputs, or null for tfjs's own kernel. */
export function planSmallMatMul(a: TensorInfo, b: TensorInfo, { transposeA, transposeB }: BatchMatMulAttrs, macLimit = SMALL_MATMUL_MACS): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [ar, br] = [a.shape.length, b.shape.length];
  const m = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const k = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const n = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  if ((transposeB ? b.shape[br - 1] : b.shape[br - 2]) !== k) return null; // tfjs reports the error
  const [outerA, outerB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  const [batchA, batchB] = [product(outerA), product(outerB)];
  // Same batch dims, or one operand without a batch (broadcast); anything else is tfjs's.
  let outer: number[] | null = null;
  if (sameShape(outerA, outerB)) outer = outerA;
  else if (batchB === 1 && outerB.length <= outerA.length) outer = outerA;
  else if (batchA === 1 && outerA.length <= outerB.length) outer = outerB;
  if (!outer) return null;
  const batch = Math.max(batchA, batchB);
  if (batch * m * n * k > macLimit || m * n * k === 0) return null;
  return { batch, m, n, k, aBatchStride: batchA === 1 ? 0 : m * k, bBatchStride: batchB === 1 ? 0 : k * n, outShape: [...outer, m, n] };
}

/**
 * Whether tfjs would run this product as its MatMulSplitKProgram (few output tiles, one batch,
 * K ≥ 2000: tfjs-webgpu's BatchMatMul_impl), which adds the partial sums with float atomics, so
 * that the result changes in its last bits from run to run. Such products (a weight gradient
 * over many tokens) take the small-matmul path at any size: its K splits are summed in order.
 */
export function tfjsWouldSplitK(backend: Pick<WebGPUBackend, 'thresholdToIncreaseWorkgroups'>, plan: Plan): boolean {
  const { batch, m, n, k } = plan;
  const tiles = batch * Math.ceil(m / 32) * Math.ceil(n / 32);
  const threshold = backend.thresholdToIncreaseWorkgroups;
  const fewTiles = tiles <= threshold || (m <= 8 && tiles <= threshold * 2);
  return fewTiles && batch * m * n > 128 && batch === 1 && k >= 2000;
}
