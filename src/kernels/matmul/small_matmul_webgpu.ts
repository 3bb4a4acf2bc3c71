import { storeColumns4Wgsl, ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/** Output columns per thread: one A element feeds four products. */
export const COLUMNS = 4;

/**
 * A small batched matmul C[b] = op(A[b]) · op(B[b]) (op = optional transpose), one thread per
 * four neighbouring outputs of a row, reading its operands straight from memory: no shared
 * memory, no barriers. For the model's small products (router logits, attention scores,
 * weight gradients of short layers) this beats tfjs's tiled programs, whose 32 × 32 tiles
 * leave most threads idle and whose small-output variant reduces with barriers.
 * With `splits` > 1, split s sums only its range of K (a long inner dimension with few outputs)
 * and writes partial sums [splits, batch, M, N] that sumSplits adds in order.
 * A batch stride of 0 broadcasts an operand over the batch.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class SmallMatMulProgram extends ThreadPerItemProgram {
  variableNames = ['A', 'B'];

  constructor(
    batch: number,
    m: number,
    n: number,
    splits: number,
    private readonly transposeA: boolean,
    private readonly transposeB: boolean,
  ) {
    const outputShape = splits > 1 ? [splits, batch, m, n] : [batch, m, n];
    const keyParts = [`tA${transposeA}`, `tB${transposeB}`, `cols${COLUMNS}`];
    super('smallMatMul', batch * m * Math.ceil(n / COLUMNS), outputShape, keyParts, 'batch : i32, M : i32, N : i32, K : i32, aBatchStride : i32, bBatchStride : i32, kPerSplit : i32, ');
    // The grid's z axis walks the K splits.
    this.dispatch[2] = splits;
  }

  protected body(): string {
    const a = this.transposeA ? 'f32(A[aBase + k * M + i])' : 'f32(A[aBase + i * K + k])';
    // Columns past N re-read column N − 1 (in bounds) and are not written.
    const b = (c: number) => (this.transposeB ? `f32(B[bBase + min(j + ${c}, N - 1) * K + k])` : `f32(B[bBase + k * N + min(j + ${c}, N - 1)])`);
    return `
    let M = uniforms.M;
    let N = uniforms.N;
    let K = uniforms.K;
    let groups = (N + ${COLUMNS - 1}) / ${COLUMNS};
    let batch = item / (M * groups);
    let rest = item - batch * M * groups;
    let i = rest / groups;
    let j = (rest - i * groups) * ${COLUMNS};
    let aBase = batch * uniforms.aBatchStride;
    let bBase = batch * uniforms.bBatchStride;
    let split = i32(workgroupId.z);
    let kStart = split * uniforms.kPerSplit;
    let kEnd = min(K, kStart + uniforms.kPerSplit);
    var acc = vec4<f32>(0.0);
    for (var k = kStart; k < kEnd; k++) {
      acc += ${a} * vec4<f32>(${b(0)}, ${b(1)}, ${b(2)}, ${b(3)});
    }
    let out = ((split * uniforms.batch + batch) * M + i) * N + j;
    ${storeColumns4Wgsl}`;
  }
}
