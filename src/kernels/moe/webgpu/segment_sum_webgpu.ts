import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { GridProgram } from '../../webgpu/gridProgram';
import { checkedGrid } from '../../webgpu/program';
import { splitRowsWgsl } from './rowSplits';

const COLS = 64;
const PHASES = 4;

/**
 * Bias gradient, a segmented column sum over each expert's packed rows:
 *   db[e, n] = Σ_{r in segment e} g'[r, n],  g' = g masked by (mask > 0) if given
 * One workgroup per (split, expert) walks its columns COLS at a time; PHASES threads per
 * column take interleaved rows (coalesced across columns) and their partial sums are added in
 * a fixed order: repeatable bits, no atomics. With `splits` > 1 the output is [splits, E, N]
 * partial sums for SumSplitsProgram.
 */
export class SegmentSumProgram extends GridProgram {
  variableNames: string[];

  constructor(
    numExperts: number,
    n: number,
    private readonly maskG: boolean,
    splits: number,
  ) {
    super({
      shaderKey: `moeSegmentSum_cols${COLS}_phases${PHASES}_maskG${maskG}`,
      outputShape: splits > 1 ? [splits, numExperts, n] : [numExperts, n],
      dispatch: checkedGrid([splits, numExperts, 1], 'segment sum'),
      workgroupSize: [COLS, PHASES, 1],
      uniforms: `${routeUniformDecl}n : i32, splits : i32, `,
    });
    this.variableNames = maskG ? ['g', 'route', 'mask'] : ['g', 'route'];
  }

  getUserCode(): string {
    return `
  ${routeLayoutWgsl}
  ${splitRowsWgsl(1)}
  var<workgroup> partial : array<f32, ${COLS * PHASES}>;

  fn main() {
    let N = uniforms.n;
    let expert = i32(workgroupId.y);
    let lane = i32(localId.x);
    let phase = i32(localId.y);
    let split = i32(workgroupId.x);
    let rows = splitRows(route[rlSegStart() + expert], route[rlSegStart() + expert + 1], split, uniforms.splits);
    let start = rows.x;
    let end = rows.y;
    // The column loop bound is uniform, so the barriers inside it are allowed.
    for (var col0 = 0; col0 < N; col0 += ${COLS}) {
      let col = col0 + lane;
      var sum = 0.0;
      if (col < N) {
        for (var row = start + phase; row < end; row += ${PHASES}) {
          var v = g[row * N + col];
          ${this.maskG ? 'if (mask[row * N + col] <= 0.0) { v = 0.0; }' : ''}
          sum += v;
        }
      }
      partial[phase * ${COLS} + lane] = sum;
      workgroupBarrier();
      if (phase == 0 && col < N) {
        var total = 0.0;
        for (var p = 0; p < ${PHASES}; p++) {
          total += partial[p * ${COLS} + lane];
        }
        result[(split * uniforms.numExperts + expert) * N + col] = total;
      }
      workgroupBarrier();
    }
  }
`;
  }
}
