import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, type WebGPUBackend } from './program';
import { SumSplitsProgram } from './sum_splits_webgpu';

/**
 * The result of a split reduction: `partial` itself when it was not split (its shape is then
 * `shape`), else the sum over its leading split axis, `partial` freed.
 */
export function sumSplits(backend: WebGPUBackend, partial: TensorInfo, shape: number[]): TensorInfo {
  if (partial.shape.length === shape.length) return partial;
  const program = new SumSplitsProgram(shape);
  const out = backend.runWebGPUProgram(program, [flat(partial)], 'float32', program.uniformData(int32(partial.shape[0])));
  backend.disposeData(partial.dataId);
  return out;
}
