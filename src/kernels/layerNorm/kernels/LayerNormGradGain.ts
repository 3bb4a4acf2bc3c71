import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, rowsOf, WORKGROUP_SIZE } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { sumSplits } from '../../webgpu/sumSplits';
import { LayerNormGradGain, type LayerNormAttrs } from '../kernelNames';
import { LayerNormGainGradProgram } from '../layer_norm_gain_grad_webgpu';

/** Rows one workgroup of the gain gradient sums before the rows are split further. */
const ROWS_PER_SPLIT = 1024;
const MAX_SPLITS = 64;

/** dy, x [..., d] → dgain [d]: split partial sums over row ranges, then their sum in order. */
export function layerNormGradGain({ inputs: { dy, x }, backend, attrs }: WebGPUKernelArgs<{ dy: TensorInfo; x: TensorInfo }, LayerNormAttrs>): TensorInfo {
  const [numRows, width] = rowsOf(x);
  const splits = Math.min(MAX_SPLITS, Math.max(1, Math.ceil(numRows / ROWS_PER_SPLIT)));
  // Whole blocks of one workgroup's rows per split, so only the last split has a partial block.
  const rowsPerSplit = Math.ceil(numRows / splits / WORKGROUP_SIZE) * WORKGROUP_SIZE;
  const program = new LayerNormGainGradProgram(splits, width, attrs.epsilon);
  const partial = backend.runWebGPUProgram(program, [flat(dy), flat(x)], 'float32', program.uniformData(int32(numRows), int32(rowsPerSplit)));
  return sumSplits(backend, partial, [width]);
}

export const layerNormGradGainConfig = webgpuKernel(LayerNormGradGain, layerNormGradGain);
