import { Fill, getKernel, util } from '@tensorflow/tfjs-core';
import type { KernelFunc, ScatterNdAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, withShape, type WebGPUBackend } from '../../webgpu/program';
import { RowStatsProgram } from '../scatter_row_stats_webgpu';
import { SumByFirstUpdateProgram } from '../scatter_sum_by_first_update_webgpu';

/** updates [T, …row] scattered by indices [T, 1] (or [T]) into shape [rows, …row], summing duplicates in order. */
export function scatterRowsDeterministic(backend: WebGPUBackend, indices: TensorInfo, updates: TensorInfo, shape: number[]): TensorInfo {
  const numRows = shape[0];
  const rowSize = util.sizeFromShape(shape.slice(1));
  const numUpdates = indices.shape[0];
  const rowStats = new RowStatsProgram(numUpdates, numRows);
  const statsInit = fill(backend, [2 * numRows], numUpdates, 'int32');
  const stats = backend.runWebGPUProgram(rowStats, [flat(indices)], 'int32', rowStats.uniformData(int32(numRows)), statsInit);
  const sum = new SumByFirstUpdateProgram(numUpdates, numRows, rowSize);
  const zeros = fill(backend, [numRows, rowSize], 0, 'float32');
  const out = backend.runWebGPUProgram(sum, [flat(updates), flat(indices), stats], 'float32', sum.uniformData(int32(numUpdates), int32(numRows), int32(rowSize)), zeros);
  backend.disposeData(stats.dataId);
  return withShape(out, shape);
}

/** A tensor of `shape` holding `value`, filled on the GPU by tfjs's Fill kernel. */
function fill(backend: WebGPUBackend, shape: number[], value: number, dtype: 'int32' | 'float32'): TensorInfo {
  const kernel = getKernel(Fill, 'webgpu')!;
  return kernel.kernelFunc({ inputs: {}, backend, attrs: { shape, value, dtype } }) as TensorInfo;
}

/** tfjs's ScatterNd kernel (`original`) with float32 row scatters summed in update order. */
export const deterministicScatterNd =
  (original: KernelFunc): KernelFunc =>
  (args) => {
    const { indices, updates } = args.inputs as { indices: TensorInfo; updates: TensorInfo };
    const { shape } = args.attrs as unknown as ScatterNdAttrs;
    const rowIndexed = indices.shape.length === 2 && indices.shape[1] === 1 && updates.shape[0] === indices.shape[0];
    const rowsMatch = shape.length === updates.shape.length && util.arraysEqual(shape.slice(1), updates.shape.slice(1));
    if (updates.dtype !== 'float32' || !rowIndexed || !rowsMatch || util.sizeFromShape(shape) === 0 || indices.shape[0] === 0) return original(args);
    return scatterRowsDeterministic(args.backend as WebGPUBackend, indices, updates, shape);
  };
