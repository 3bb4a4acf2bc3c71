import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, rowsOf, withShape } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { LayerNorm, type LayerNormAttrs } from '../kernelNames';
import { LayerNormProgram } from '../layer_norm_webgpu';

/** x [..., d], gain [d] → LayerNorm of x over its last axis. */
export function layerNorm({ inputs: { x, gain }, backend, attrs }: WebGPUKernelArgs<{ x: TensorInfo; gain: TensorInfo }, LayerNormAttrs>): TensorInfo {
  const [numRows, width] = rowsOf(x);
  const program = new LayerNormProgram(numRows, width, attrs.epsilon);
  return withShape(backend.runWebGPUProgram(program, [flat(x), gain], 'float32', program.uniformData()), x.shape);
}

export const layerNormConfig = webgpuKernel(LayerNorm, layerNorm);
