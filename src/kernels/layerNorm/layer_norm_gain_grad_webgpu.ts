import { gridLayout, type WebGPUProgram } from '../webgpu/program';

const WORKGROUP = 64;

/**
 * LayerNorm gain gradient dgain[j] = Σ_rows dy[r, j] · x̂[r, j], as `splits` partial sums over
 * consecutive row ranges (one workgroup each; sumSplits adds them in order, so the result is
 * the same bits every run). Per block of 64 rows, each thread first computes one row's
 * statistics into shared memory, then each thread sums its columns over the block: the
 * statistics are computed once per row, not once per row and column.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class LayerNormGainGradProgram implements WebGPUProgram {
  variableNames = ['dy', 'x'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numRows : i32, rowsPerSplit : i32, ';
  shaderKey: string;
  private readonly columnsPerThread: number;

  constructor(
    splits: number,
    private readonly width: number,
    private readonly epsilon: number,
  ) {
    this.outputShape = splits === 1 ? [width] : [splits, width];
    this.dispatch = [splits, 1, 1];
    this.columnsPerThread = Math.ceil(width / WORKGROUP);
    this.shaderKey = `layerNormGainGrad_width${width}_eps${epsilon}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const w = this.width;
    const perThread = this.columnsPerThread;
    return `
  var<workgroup> rowMean : array<f32, ${WORKGROUP}>;
  var<workgroup> rowRstd : array<f32, ${WORKGROUP}>;

  fn main() {
    let lane = i32(localIndex);
    let split = i32(workgroupId.x);
    let first = split * uniforms.rowsPerSplit;
    let last = min(uniforms.numRows, first + uniforms.rowsPerSplit);
    var acc : array<f32, ${perThread}>;
    for (var c = 0; c < ${perThread}; c++) {
      acc[c] = 0.0;
    }
    // The loop bound comes from uniforms only: workgroupBarrier needs uniform control flow.
    for (var offset = 0; offset < uniforms.rowsPerSplit; offset += ${WORKGROUP}) {
      let block = first + offset;
      let row = block + lane;
      if (row < last) {
        let base = row * ${w};
        var sum = 0.0;
        for (var j = 0; j < ${w}; j++) {
          sum += f32(x[base + j]);
        }
        let mean = sum / ${w}.0;
        var squares = 0.0;
        for (var j = 0; j < ${w}; j++) {
          let c = f32(x[base + j]) - mean;
          squares += c * c;
        }
        rowMean[lane] = mean;
        rowRstd[lane] = inverseSqrt(squares / ${w}.0 + ${this.epsilon.toExponential()});
      }
      workgroupBarrier();
      let rows = clamp(last - block, 0, ${WORKGROUP});
      for (var c = 0; c < ${perThread}; c++) {
        let j = lane + c * ${WORKGROUP};
        if (j < ${w}) {
          for (var r = 0; r < rows; r++) {
            let index = (block + r) * ${w} + j;
            acc[c] += f32(dy[index]) * (f32(x[index]) - rowMean[r]) * rowRstd[r];
          }
        }
      }
      workgroupBarrier();
    }
    for (var c = 0; c < ${perThread}; c++) {
      let j = lane + c * ${WORKGROUP};
      if (j < ${w}) {
        result[split * ${w} + j] = acc[c];
      }
    }
  }
`;
  }
}
