// Which reductions the short-axis path takes: shapes only, decided on the host.
import { util } from '@tensorflow/tfjs-core';

/** Longest reduced run a thread walks; longer ones go to tfjs's workgroup reductions. */
export const SHORT_AXIS = 256;

export interface ReducePlan {
  outer: number;
  length: number;
  inner: number;
  outShape: number[];
}

/** The thread-per-output plan for reducing `shape` over `axis`, or null for tfjs's kernel. */
export function planShortReduction(shape: number[], dtype: string, axis: number | number[], keepDims: boolean): ReducePlan | null {
  if (dtype !== 'float32' || shape.length === 0) return null;
  const axes = [...util.parseAxisParam(axis, shape)].sort((a, b) => a - b);
  if (axes.length === 0 || axes.some((a, i) => i > 0 && a !== axes[i - 1] + 1)) return null;
  const [first, last] = [axes[0], axes[axes.length - 1]];
  const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1);
  const length = size(shape.slice(first, last + 1));
  if (length > SHORT_AXIS || size(shape) === 0) return null;
  const outShape = keepDims ? shape.map((d, i) => (i >= first && i <= last ? 1 : d)) : shape.filter((_, i) => i < first || i > last);
  return { outer: size(shape.slice(0, first)), length, inner: size(shape.slice(last + 1)), outShape };
}
