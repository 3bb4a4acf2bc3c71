import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, type WebGPUBackend } from './program';
import { SumSplitsProgram } from './sum_splits_webgpu';

/**
 * The result of a split segmented reduction: `partial` itself when it was not split (its shape
 * is then `shape`), else the sum over its leading split axis, `partial` freed.
 */
export function sumSplits(backend: WebGPUBackend, partial: TensorInfo, shape: number[]): TensorInfo {
  if (partial.shape.length === shape.length) return partial;
  const splits = partial.shape[0];
  const size = shape.reduce((a, b) => a * b, 1);
  const program = new SumSplitsProgram(shape);
  const out = backend.runWebGPUProgram(program, [flat(partial)], 'float32', [
    { type: 'int32', data: [size / program.outputComponent] },
    { type: 'int32', data: [splits] },
  ]);
  backend.disposeData(partial.dataId);
  return out;
}
