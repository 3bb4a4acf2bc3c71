import { routeLayoutWgsl, routeUniformDecl, type RouteLayout } from './routeLayout';
import { groupedOperands, type GroupedMatMulOptions } from './grouped_matmul_webgpu';
import { storeColumns4Wgsl, ThreadPerItemProgram } from '../../webgpu/threadPerItemProgram';

/** Largest expert matrix (K · N floats, 16 KB) this program is used for: it stays in cache. */
export const ROWS_KERNEL_MAX_WEIGHTS = 4096;
/** Output columns per thread: one element of a feeds four products. */
const COLUMNS = 4;

/**
 * The grouped GEMM of GroupedMatMulProgram (same inputs, options and result) for experts with
 * small weight matrices, one thread per four neighbouring outputs of a packed row:
 *   out[r, n] = act(Σ_k a'[r, k] · W_e[k, n] + bias[e, n])   e = the expert whose segment holds r
 * Each thread finds its expert by a binary search of the segment starts and reads its operands
 * straight from memory: no tile schedule, shared memory or barriers. An expert's matrix of
 * K · N ≤ ROWS_KERNEL_MAX_WEIGHTS floats stays in cache while every row reads it, so staging it
 * buys little, and a narrow output leaves most of a 64-column tile idle.
 * Rows past the kept ones are zero, as in the tiled program.
 */
export class GroupedMatMulRowsProgram extends ThreadPerItemProgram {
  variableNames: string[];
  variableComponents: number[];
  outputComponent: number;
  private readonly vec4: boolean;

  /** The arguments of GroupedMatMulProgram's: `depth` is K (a is [T, K]), `outCols` is N. */
  constructor(layout: RouteLayout, depth: number, outCols: number, private readonly options: GroupedMatMulOptions) {
    const operands = groupedOperands(depth, outCols, options);
    const numItems = layout.numTokens * Math.ceil(outCols / COLUMNS);
    super('moeGroupedMatMulRows', numItems, [layout.numTokens, outCols], [`cols${COLUMNS}`, ...operands.keyParts], `${routeUniformDecl}k : i32, n : i32, `);
    ({ vec4: this.vec4, variableNames: this.variableNames, variableComponents: this.variableComponents, outputComponent: this.outputComponent } = operands);
  }

  protected override helpers(): string {
    return `
  ${routeLayoutWgsl}

  /** The expert whose segment holds packed row r, or numExperts past the kept rows. */
  fn expertOfRow(r : i32) -> i32 {
    var lo = 0;
    var hi = uniforms.numExperts;
    while (lo < hi) {
      let mid = (lo + hi) / 2;
      if (route[rlSegStart() + mid + 1] <= r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
`;
  }

  protected body(): string {
    return `
    let K = uniforms.k;
    let N = uniforms.n;
    let groups = (N + ${COLUMNS - 1}) / ${COLUMNS};
    let r = item / groups;
    let j = (item - r * groups) * ${COLUMNS};
    let expert = expertOfRow(r);
    var acc = vec4<f32>(0.0);
    if (expert < uniforms.numExperts) {
      ${this.vec4 ? this.vec4Body() : this.scalarBody()}
    }
    ${this.vec4 ? 'result[(r * N + j) / 4] = acc;' : `let out = r * N + j;
    ${storeColumns4Wgsl}`}`;
  }

  /** One k per step; inputs are read through f32(): a float32 tensor may sit in an int32 buffer. */
  private scalarBody(): string {
    const { transposeW, bias, relu, maskA } = this.options;
    // Columns past N re-read column N − 1 (in bounds) and are not written.
    const w = (c: number) => (transposeW ? `w[wBase + min(j + ${c}, N - 1) * K + k]` : `w[wBase + k * N + min(j + ${c}, N - 1)]`);
    const b = (c: number) => `bias[expert * N + min(j + ${c}, N - 1)]`;
    return `let wBase = expert * K * N;
      for (var k = 0; k < K; k++) {
        var av = f32(a[r * K + k]);
        ${maskA ? 'if (f32(mask[r * K + k]) <= 0.0) { av = 0.0; }' : ''}
        acc += av * vec4<f32>(f32(${w(0)}), f32(${w(1)}), f32(${w(2)}), f32(${w(3)}));
      }
      ${bias ? `acc += vec4<f32>(f32(${b(0)}), f32(${b(1)}), f32(${b(2)}), f32(${b(3)}));` : ''}
      ${relu ? 'acc = max(acc, vec4<f32>(0.0));' : ''}`;
  }

  /** Four k per step, every buffer as vec4 (K and N divisible by 4). */
  private vec4Body(): string {
    const { transposeW, bias, relu, maskA } = this.options;
    // W [E, K, N]: four rows k..k+3 of the four columns; W [E, N, K]: four columns of k..k+3.
    const step = transposeW
      ? `let wCol = (expert * N + j) * K4 + k4;
        acc += vec4<f32>(dot(av, vec4<f32>(w[wCol])), dot(av, vec4<f32>(w[wCol + K4])),
                         dot(av, vec4<f32>(w[wCol + 2 * K4])), dot(av, vec4<f32>(w[wCol + 3 * K4])));`
      : `let wRow = (expert * K + k4 * 4) * N4 + j / 4;
        acc += av.x * vec4<f32>(w[wRow]) + av.y * vec4<f32>(w[wRow + N4]) +
               av.z * vec4<f32>(w[wRow + 2 * N4]) + av.w * vec4<f32>(w[wRow + 3 * N4]);`;
    return `let K4 = K / 4;
      let N4 = N / 4;
      for (var k4 = 0; k4 < K4; k4++) {
        var av = vec4<f32>(a[r * K4 + k4]);
        ${maskA ? 'av = select(vec4<f32>(0.0), av, vec4<f32>(mask[r * K4 + k4]) > vec4<f32>(0.0));' : ''}
        ${step}
      }
      ${bias ? 'acc += vec4<f32>(bias[(expert * N + j) / 4]);' : ''}
      ${relu ? 'acc = max(acc, vec4<f32>(0.0));' : ''}`;
  }
}
