// Deterministic row scatter-add on WebGPU. tfjs-webgpu's ScatterNd adds floats with atomics,
// in whatever order the threads run, so the gradient of an embedding lookup (gatherRows
// scatters it back) differed in its last bits from run to run, and two runs of the same seed
// drifted apart. This kernel sums each row's updates in update order (RowStatsProgram,
// SumByFirstUpdateProgram) for the case the model uses — float32 rows addressed by one index
// each — and leaves every other scatter to tfjs. Cost: each row's first update walks the later
// updates until it has met the row's count — one step for a row hit once, up to all of them
// for a hot row (the padding token, a frequent category).
import { ScatterNd } from '@tensorflow/tfjs-core';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';
import { deterministicScatterNd } from './kernels/ScatterNd';

/** Puts the deterministic path in front of tfjs's ScatterNd for 'webgpu' (once). */
export function registerDeterministicScatter(): void {
  overrideWebGpuKernel(ScatterNd, deterministicScatterNd);
}
