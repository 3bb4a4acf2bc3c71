import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, float32, withShape } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { AdamApplyProgram } from '../adam_apply_webgpu';
import { AdamApply, type AdamStepScalars } from '../kernelNames';

/** moments [size, 2] (the new m, v), value → the new value, of value's shape. */
export function adamApply({ inputs: { moments, value }, backend, attrs: s }: WebGPUKernelArgs<{ moments: TensorInfo; value: TensorInfo }, AdamStepScalars>): TensorInfo {
  const program = new AdamApplyProgram(value.shape.reduce((a, b) => a * b, 1), s.learningRateDecay !== 0);
  const uniforms = program.uniformData(float32(s.oneMinusAccBeta1), float32(s.oneMinusAccBeta2), float32(s.epsilon), float32(-s.learningRate), float32(s.learningRateDecay));
  return withShape(backend.runWebGPUProgram(program, [moments, flat(value)], 'float32', uniforms), value.shape);
}

export const adamApplyConfig = webgpuKernel(AdamApply, adamApply);
