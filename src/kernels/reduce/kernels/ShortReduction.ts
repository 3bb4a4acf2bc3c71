import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, withShape, type WebGPUBackend } from '../../webgpu/program';
import { planShortReduction } from '../plan';
import { ReduceAlongAxisProgram, type ReduceOp } from '../reduce_along_axis_webgpu';

/**
 * tfjs's reduction kernel `original` (Sum, Mean, Max or Min: `op`, its axes in the attribute
 * `axisAttr`) with the reductions planShortReduction takes run on ReduceAlongAxisProgram.
 */
export const shortReduction =
  (op: ReduceOp, axisAttr: string) =>
  (original: KernelFunc): KernelFunc =>
  (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const attrs = args.attrs as Record<string, number | number[] | boolean>;
    const plan = planShortReduction(x.shape, x.dtype, attrs[axisAttr] as number | number[], attrs.keepDims as boolean);
    if (!plan) return original(args);
    const backend = args.backend as WebGPUBackend;
    const program = new ReduceAlongAxisProgram(plan.outer * plan.inner, op);
    const out = backend.runWebGPUProgram(program, [flat(x)], 'float32', program.uniformData(int32(plan.length), int32(plan.inner)));
    return withShape(out, plan.outShape);
  };
