import { TILE_ROWS, routeLayoutWgsl, routeUniformDecl, type RouteLayout } from './routeLayout';
import { GridProgram } from '../../webgpu/gridProgram';
import { ceilDiv, checkedGrid } from '../../webgpu/program';

/** Output columns per workgroup tile. */
const TILE_COLS = 64;
/** Reduction depth staged in shared memory per step. */
const TILE_DEPTH = 16;
/** Each thread owns a 4 × 4 block of the output tile: 4 rows × a vec4 of columns. */
const THREAD_ROWS = 4;
const THREAD_COLS = 4;

export interface GroupedMatMulOptions {
  /** Read the weight as w[e]ᵀ: w is [E, N, K] instead of [E, K, N] (input gradient). */
  transposeW: boolean;
  /** Add bias[e, n] (bias is [E, N]). */
  bias: boolean;
  /** Apply ReLU to the result. */
  relu: boolean;
  /** Zero a[r, k] where mask[r, k] <= 0: ReLU backward from the saved activation, fused into the load. */
  maskA: boolean;
}

/**
 * The inputs of both grouped matmul programs: a, w, route, then bias and mask when used. With K
 * and N divisible by 4, every float operand is read as vec4 (fewer, wider loads). `keyParts`
 * name what the options and the vec4 choice bake into a program's WGSL.
 */
export function groupedOperands(depth: number, outCols: number, options: GroupedMatMulOptions) {
  const vec4 = depth % 4 === 0 && outCols % 4 === 0;
  const c = vec4 ? 4 : 1;
  const variableNames = ['a', 'w', 'route'];
  const variableComponents = [c, c, 1];
  for (const [name, used] of [['bias', options.bias], ['mask', options.maskA]] as const) {
    if (!used) continue;
    variableNames.push(name);
    variableComponents.push(c);
  }
  const { transposeW, bias, relu, maskA } = options;
  const keyParts = [`vec4${vec4}`, `transposeW${transposeW}`, `bias${bias}`, `relu${relu}`, `maskA${maskA}`];
  return { vec4, variableNames, variableComponents, outputComponent: c, keyParts };
}

/**
 * Grouped GEMM over the experts' packed segments:
 *   out[r, n] = act(Σ_k a'[r, k] · W_e[k, n] + bias[e, n])   for r in segment e
 * The grid's y axis walks a tile schedule built by the positions kernel: tile j covers
 * TILE_ROWS rows of one expert's segment (tileExpert[j], tileStart[e]), so a workgroup never
 * straddles two experts and multiplies one weight matrix, staged through shared memory in
 * TILE_DEPTH × TILE_COLS slices, against TILE_ROWS × TILE_DEPTH slices of its rows. Both slices
 * are stored so that a thread's step reads one vec4 of each (4 rows of a, 4 columns of W) for
 * 16 multiply-adds. Spare tiles of the schedule zero the packed rows that no expert owns, so
 * the output is fully defined. With K and N divisible by 4 every buffer is read and written
 * as vec4.
 */
export class GroupedMatMulProgram extends GridProgram {
  variableNames: string[];
  variableComponents: number[];
  outputComponent: number;
  private readonly vec4: boolean;

  /** `depth` is the reduction length K (a is [T, K]); `outCols` is N. */
  constructor(
    layout: RouteLayout,
    depth: number,
    outCols: number,
    private readonly options: GroupedMatMulOptions,
  ) {
    const operands = groupedOperands(depth, outCols, options);
    super({
      shaderKey: [`moeGroupedMatMul_rows${TILE_ROWS}_cols${TILE_COLS}_depth${TILE_DEPTH}_thread${THREAD_ROWS}x${THREAD_COLS}`, ...operands.keyParts].join('_'),
      outputShape: [layout.numTokens, outCols],
      dispatch: checkedGrid([ceilDiv(outCols, TILE_COLS), layout.maxTiles, 1], 'grouped matmul'),
      workgroupSize: [TILE_COLS / THREAD_COLS, TILE_ROWS / THREAD_ROWS, 1],
      uniforms: `${routeUniformDecl}k : i32, n : i32, `,
    });
    ({ vec4: this.vec4, variableNames: this.variableNames, variableComponents: this.variableComponents, outputComponent: this.outputComponent } = operands);
  }

  getUserCode(): string {
    const { transposeW, bias, relu, maskA } = this.options;
    const threads = (TILE_ROWS / THREAD_ROWS) * (TILE_COLS / THREAD_COLS);
    const rows4 = TILE_ROWS / 4;
    const cols4 = TILE_COLS / 4;
    const depth4 = TILE_DEPTH / 4;
    // tileA[kk][m] (vec4 over 4 rows), tileB[kk][n] (vec4 over 4 columns). Global reads are
    // laid out so that consecutive threads touch consecutive addresses.
    const storeA = (kk: string, value: string) => `tileA[(${kk}) * ${rows4} + m / 4][m % 4] = ${value};`;
    const loadA = this.vec4
      ? `for (var i = li; i < ${TILE_ROWS * depth4}; i += ${threads}) {
          let m = i / ${depth4};
          let kk = (i - m * ${depth4}) * 4;
          let k = k0 + kk;
          let row = rowStart + m;
          var v = vec4<f32>(0.0);
          if (row < rowEnd && k < K) {
            v = a[(row * K + k) / 4];
            ${maskA ? 'v = select(vec4<f32>(0.0), v, mask[(row * K + k) / 4] > vec4<f32>(0.0));' : ''}
          }
          ${storeA('kk', 'v.x')}
          ${storeA('kk + 1', 'v.y')}
          ${storeA('kk + 2', 'v.z')}
          ${storeA('kk + 3', 'v.w')}
        }`
      : `for (var i = li; i < ${TILE_ROWS * TILE_DEPTH}; i += ${threads}) {
          let m = i / ${TILE_DEPTH};
          let kk = i - m * ${TILE_DEPTH};
          let row = rowStart + m;
          let k = k0 + kk;
          var v = 0.0;
          if (row < rowEnd && k < K) {
            v = a[row * K + k];
            ${maskA ? 'if (mask[row * K + k] <= 0.0) { v = 0.0; }' : ''}
          }
          ${storeA('kk', 'v')}
        }`;
    let loadB: string;
    if (this.vec4 && transposeW) {
      loadB = `for (var i = li; i < ${TILE_COLS * depth4}; i += ${threads}) {
          let c = i / ${depth4};
          let kk = (i - c * ${depth4}) * 4;
          let k = k0 + kk;
          let col = col0 + c;
          var v = vec4<f32>(0.0);
          if (k < K && col < N) {
            v = w[((expert * N + col) * K + k) / 4];
          }
          let q = c / 4;
          let lane = c - q * 4;
          tileB[kk * ${cols4} + q][lane] = v.x;
          tileB[(kk + 1) * ${cols4} + q][lane] = v.y;
          tileB[(kk + 2) * ${cols4} + q][lane] = v.z;
          tileB[(kk + 3) * ${cols4} + q][lane] = v.w;
        }`;
    } else if (this.vec4) {
      loadB = `for (var i = li; i < ${TILE_DEPTH * cols4}; i += ${threads}) {
          let kk = i / ${cols4};
          let q = i - kk * ${cols4};
          let k = k0 + kk;
          let col = col0 + q * 4;
          var v = vec4<f32>(0.0);
          if (k < K && col < N) {
            v = w[((expert * K + k) * N + col) / 4];
          }
          tileB[i] = v;
        }`;
    } else {
      const index = transposeW ? '(expert * N + col) * K + k' : '(expert * K + k) * N + col';
      loadB = `for (var i = li; i < ${TILE_DEPTH * TILE_COLS}; i += ${threads}) {
          let kk = i / ${TILE_COLS};
          let c = i - kk * ${TILE_COLS};
          let k = k0 + kk;
          let col = col0 + c;
          var v = 0.0;
          if (k < K && col < N) {
            v = w[${index}];
          }
          tileB[kk * ${cols4} + c / 4][c % 4] = v;
        }`;
    }
    // Epilogue: vec4 stores when N % 4 == 0 (then col < N covers the whole vec4).
    const epilogue = this.vec4
      ? `let col = col0 + tx * 4;
      if (col < N) {
        for (var i = 0; i < ${THREAD_ROWS}; i++) {
          let row = rowStart + ty * ${THREAD_ROWS} + i;
          if (row < rowEnd) {
            var v = acc[i];
            ${bias ? 'v += bias[(expert * N + col) / 4];' : ''}
            ${relu ? 'v = max(v, vec4<f32>(0.0));' : ''}
            result[(row * N + col) / 4] = v;
          }
        }
      }`
      : `for (var i = 0; i < ${THREAD_ROWS}; i++) {
        let row = rowStart + ty * ${THREAD_ROWS} + i;
        if (row < rowEnd) {
          for (var j = 0; j < ${THREAD_COLS}; j++) {
            let col = col0 + tx * ${THREAD_COLS} + j;
            if (col < N) {
              var v = acc[i][j];
              ${bias ? 'v += bias[expert * N + col];' : ''}
              ${relu ? 'v = max(v, 0.0);' : ''}
              result[row * N + col] = v;
            }
          }
        }
      }`;
    const zeroRows = this.vec4
      ? `let col = col0 + tx * 4;
      for (var i = 0; i < ${THREAD_ROWS}; i++) {
        let row = rowStart + ty * ${THREAD_ROWS} + i;
        if (row < rowEnd && col < N) {
          result[(row * N + col) / 4] = vec4<f32>(0.0);
        }
      }`
      : `for (var i = 0; i < ${THREAD_ROWS}; i++) {
        let row = rowStart + ty * ${THREAD_ROWS} + i;
        for (var j = 0; j < ${THREAD_COLS}; j++) {
          let col = col0 + tx * ${THREAD_COLS} + j;
          if (row < rowEnd && col < N) {
            result[row * N + col] = 0.0;
          }
        }
      }`;
    return `
  ${routeLayoutWgsl}
  const TILE_ROWS : i32 = ${TILE_ROWS};
  var<workgroup> tileA : array<vec4<f32>, ${TILE_DEPTH * rows4}>;
  var<workgroup> tileB : array<vec4<f32>, ${TILE_DEPTH * cols4}>;
  var<workgroup> tileDesc : vec3<i32>;

  fn main() {
    let numTokens = uniforms.numTokens;
    let K = uniforms.k;
    let N = uniforms.n;
    let li = i32(localIndex);

    // One thread decodes the tile; workgroupUniformLoad makes the result provably uniform,
    // which the early return and the barriers below need.
    if (li == 0) {
      let tile = i32(workgroupId.y);
      let owner = route[rlTileExpert() + tile];
      if (owner >= 0) {
        let first = route[rlSegStart() + owner] + (tile - route[rlTileStart() + owner]) * TILE_ROWS;
        tileDesc = vec3<i32>(owner, first, route[rlSegStart() + owner + 1]);
      } else {
        let spare = tile - route[rlTileStart() + uniforms.numExperts];
        tileDesc = vec3<i32>(-1, route[rlSegStart() + uniforms.numExperts] + spare * TILE_ROWS, numTokens);
      }
    }
    let desc = workgroupUniformLoad(&tileDesc);
    let expert = desc.x;
    let rowStart = desc.y;
    let rowEnd = desc.z;
    if (rowStart >= rowEnd) {
      return;
    }
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let col0 = i32(workgroupId.x) * ${TILE_COLS};

    if (expert < 0) {
      ${zeroRows}
      return;
    }

    var acc : array<vec4<f32>, ${THREAD_ROWS}>;
    for (var k0 = 0; k0 < K; k0 += ${TILE_DEPTH}) {
      ${loadA}
      ${loadB}
      workgroupBarrier();
      for (var kk = 0; kk < ${TILE_DEPTH}; kk++) {
        let av = tileA[kk * ${rows4} + ty];
        let bv = tileB[kk * ${cols4} + tx];
        acc[0] += av.x * bv;
        acc[1] += av.y * bv;
        acc[2] += av.z * bv;
        acc[3] += av.w * bv;
      }
      workgroupBarrier();
    }

    ${epilogue}
  }
`;
  }
}
