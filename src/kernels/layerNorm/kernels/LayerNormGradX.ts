import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, rowsOf, withShape } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { LayerNormGradX, type LayerNormAttrs } from '../kernelNames';
import { LayerNormGradProgram } from '../layer_norm_grad_webgpu';

/** dy, x [..., d], gain [d] → dx. */
export function layerNormGradX({ inputs: { dy, x, gain }, backend, attrs }: WebGPUKernelArgs<{ dy: TensorInfo; x: TensorInfo; gain: TensorInfo }, LayerNormAttrs>): TensorInfo {
  const [numRows, width] = rowsOf(x);
  const program = new LayerNormGradProgram(numRows, width, attrs.epsilon);
  return withShape(backend.runWebGPUProgram(program, [flat(dy), flat(x), gain], 'float32', program.uniformData()), x.shape);
}

export const layerNormGradXConfig = webgpuKernel(LayerNormGradX, layerNormGradX);
