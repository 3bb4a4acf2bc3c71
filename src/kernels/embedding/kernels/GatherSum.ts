import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { GatherSumProgram } from '../gather_sum_webgpu';
import { GatherSum } from '../kernelNames';

/** table [R, d], rows [T, S] int32 → [T, d] sums of each token's S rows. */
export function gatherSum({ inputs: { table, rows }, backend }: WebGPUKernelArgs<{ table: TensorInfo; rows: TensorInfo }>): TensorInfo {
  const [numTokens, slots] = rows.shape;
  const program = new GatherSumProgram(numTokens, slots, table.shape[1]);
  return backend.runWebGPUProgram(program, [flat(table), flat(rows)], 'float32', program.uniformData());
}

export const gatherSumConfig = webgpuKernel(GatherSum, gatherSum);
