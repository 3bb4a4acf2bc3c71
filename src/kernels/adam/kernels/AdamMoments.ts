import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, float32 } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { AdamMomentsProgram } from '../adam_moments_webgpu';
import { AdamMoments, type AdamStepScalars } from '../kernelNames';

/** moments [size, 2] (m, v), gradient → the new moments. */
export function adamMoments({ inputs: { moments, gradient }, backend, attrs: s }: WebGPUKernelArgs<{ moments: TensorInfo; gradient: TensorInfo }, AdamStepScalars>): TensorInfo {
  const program = new AdamMomentsProgram(gradient.shape.reduce((a, b) => a * b, 1));
  // 1 − β as tfjs's Adam has it: a JS double made float32.
  const uniforms = program.uniformData(float32(s.beta1), float32(1 - s.beta1), float32(s.beta2), float32(1 - s.beta2));
  return backend.runWebGPUProgram(program, [moments, flat(gradient)], 'float32', uniforms);
}

export const adamMomentsConfig = webgpuKernel(AdamMoments, adamMoments);
