// Deterministic row scatter-add on WebGPU. tfjs-webgpu's ScatterNd adds floats with atomics,
// in whatever order the threads run, so the gradient of an embedding lookup (gatherRows
// scatters it back) differed in its last bits from run to run, and two runs of the same seed
// drifted apart. This kernel sums each row's updates in update order (RowStatsProgram,
// SumByFirstUpdateProgram) for the case the model uses — float32 rows addressed by one index
// each — and leaves every other scatter to tfjs. Cost: each row's first update walks the later
// updates until it has met the row's count — one step for a row hit once, up to all of them
// for a hot row (the padding token, a frequent category).
import { getKernel, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, type WebGPUBackend } from '../webgpu/program';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';
import { RowStatsProgram, SumByFirstUpdateProgram } from './scatter_rows_webgpu';

const int = (v: number) => ({ type: 'int32' as const, data: [v] });

/** updates [T, …row] scattered by indices [T, 1] (or [T]) into shape [rows, …row], summing duplicates in order. */
export function scatterRowsDeterministic(backend: WebGPUBackend, indices: TensorInfo, updates: TensorInfo, shape: number[]): TensorInfo {
  const numRows = shape[0];
  const rowSize = util.sizeFromShape(shape.slice(1));
  const numUpdates = indices.shape[0];
  const stats = backend.runWebGPUProgram(
    new RowStatsProgram(numUpdates, numRows),
    [flat(indices)],
    'int32',
    [int(numUpdates), int(numRows)],
    fill(backend, [2 * numRows], numUpdates, 'int32'),
  );
  const zeros = fill(backend, [numRows, rowSize], 0, 'float32');
  const out = backend.runWebGPUProgram(
    new SumByFirstUpdateProgram(numUpdates, numRows, rowSize),
    [flat(updates), flat(indices), stats],
    'float32',
    [int(numUpdates * Math.ceil(rowSize / 4)), int(numUpdates), int(numRows), int(rowSize)],
    zeros,
  );
  backend.disposeData(stats.dataId);
  return { dataId: out.dataId, shape, dtype: 'float32' };
}

/** A tensor of `shape` holding `value`, filled on the GPU by tfjs's Fill kernel. */
function fill(backend: WebGPUBackend, shape: number[], value: number, dtype: 'int32' | 'float32'): TensorInfo {
  const kernel = getKernel('Fill', 'webgpu')!;
  return kernel.kernelFunc({ inputs: {}, backend, attrs: { shape, value, dtype } }) as TensorInfo;
}

/** Puts the deterministic path in front of tfjs's ScatterNd for 'webgpu' (once). */
export function registerDeterministicScatter(): void {
  overrideWebGpuKernel('ScatterNd', (original) => (args) => {
    const { indices, updates } = args.inputs as { indices: TensorInfo; updates: TensorInfo };
    const { shape } = args.attrs as unknown as { shape: number[] };
    const rowIndexed = indices.shape.length === 2 && indices.shape[1] === 1 && updates.shape[0] === indices.shape[0];
    const rowsMatch = shape.length === updates.shape.length && util.arraysEqual(shape.slice(1), updates.shape.slice(1));
    if (updates.dtype !== 'float32' || !rowIndexed || !rowsMatch || util.sizeFromShape(shape) === 0 || indices.shape[0] === 0) return original(args);
    return scatterRowsDeterministic(args.backend as WebGPUBackend, indices, updates, shape);
  });
}
