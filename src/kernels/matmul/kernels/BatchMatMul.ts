import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, withShape, type WebGPUBackend } from '../../webgpu/program';
import { sumSplits } from '../../webgpu/sumSplits';
import { macs, planSmallMatMul, SMALL_MATMUL_MACS, tfjsWouldSplitK, type Plan } from '../plan';
import { COLUMNS, SmallMatMulProgram } from '../small_matmul_webgpu';

/** Inner-dimension chunk of one split when few outputs share a long K. */
const K_PER_SPLIT = 256;
/** Output threads below which a long K is split (so a weight gradient still fills a GPU). */
const SPLIT_BELOW_THREADS = 4096;
const MAX_SPLITS = 16;

function runSmallMatMul(backend: WebGPUBackend, a: TensorInfo, b: TensorInfo, attrs: BatchMatMulAttrs, plan: Plan): TensorInfo {
  const { batch, m, n, k } = plan;
  const threads = batch * m * Math.ceil(n / COLUMNS);
  const splits = threads < SPLIT_BELOW_THREADS ? Math.min(MAX_SPLITS, Math.ceil(k / K_PER_SPLIT)) : 1;
  const kPerSplit = Math.ceil(k / splits);
  const program = new SmallMatMulProgram(batch, m, n, splits, attrs.transposeA, attrs.transposeB);
  const uniforms = program.uniformData(...[batch, m, n, k, plan.aBatchStride, plan.bBatchStride, kPerSplit].map(int32));
  const out = backend.runWebGPUProgram(program, [flat(a), flat(b)], 'float32', uniforms);
  const summed = sumSplits(backend, out, [batch, m, n]);
  return withShape(summed, plan.outShape);
}

/** tfjs's BatchMatMul kernel (`original`) with the products planSmallMatMul takes run on SmallMatMulProgram. */
export function smallBatchMatMul(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const attrs = args.attrs as unknown as BatchMatMulAttrs;
    const backend = args.backend as WebGPUBackend;
    const plan = planSmallMatMul(a, b, attrs, Infinity);
    const ours = plan !== null && (macs(plan) <= SMALL_MATMUL_MACS || tfjsWouldSplitK(backend, plan));
    return ours ? runSmallMatMul(backend, a, b, attrs, plan) : original(args);
  };
}
