// Reductions over short axes on WebGPU: tfjs's Sum, Mean, Max and Min kernels for 'webgpu',
// with float32 reductions over one contiguous run of axes of at most SHORT_AXIS elements sent
// to ReduceAlongAxisProgram and everything else to tfjs's own kernel. Swapping the kernels in
// the registry also covers the sums tfjs's autodiff builds (the gradients of broadcasts, of
// softmax, of max); other backends are untouched.
import { util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, type WebGPUBackend } from '../webgpu/program';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';
import { ReduceAlongAxisProgram, type ReduceOp } from './reduce_along_axis_webgpu';

/** Longest reduced run a thread walks; longer ones go to tfjs's workgroup reductions. */
export const SHORT_AXIS = 256;

/** tfjs kernel name, its reduction and the name of its axis attribute. */
const KERNELS: [string, ReduceOp, string][] = [
  ['Sum', 'sum', 'axis'],
  ['Mean', 'mean', 'axis'],
  ['Max', 'max', 'reductionIndices'],
  ['Min', 'min', 'axis'],
];

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

/**
 * Puts the short-axis path in front of tfjs's Sum, Mean, Max and Min for 'webgpu' (once;
 * later calls do nothing). Call after the webgpu backend is registered.
 */
export function registerShortReductions(): void {
  for (const [name, op, axisAttr] of KERNELS) {
    overrideWebGpuKernel(name, (original) => (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const attrs = args.attrs as Record<string, number | number[] | boolean>;
      const plan = planShortReduction(x.shape, x.dtype, attrs[axisAttr] as number | number[], attrs.keepDims as boolean);
      if (!plan) return original(args);
      const numOutputs = plan.outer * plan.inner;
      const out = (args.backend as WebGPUBackend).runWebGPUProgram(new ReduceAlongAxisProgram(numOutputs, op), [flat(x)], 'float32', [
        { type: 'int32', data: [numOutputs] },
        { type: 'int32', data: [plan.length] },
        { type: 'int32', data: [plan.inner] },
      ]);
      return { dataId: out.dataId, shape: plan.outShape, dtype: 'float32' };
    });
  }
}
