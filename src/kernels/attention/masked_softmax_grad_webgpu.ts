import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Gradient of the attention softmax w.r.t. the scores, one thread per row:
 *   dScores[r, j] = p[r, j] · (dp[r, j] − Σ_k dp[r, k] · p[r, k])
 * (tfjs's autodiff of softmax runs a Mul, a workgroup-per-row Sum, a Sub and a Mul). Reads go
 * through f32() (see MaskedSoftmaxProgram).
 */
export class MaskedSoftmaxGradProgram extends ThreadPerItemProgram {
  variableNames = ['dp', 'p'];

  constructor(
    numRows: number,
    private readonly width: number,
  ) {
    super('maskedSoftmaxGrad', numRows, [numRows, width], [`width${width}`]);
  }

  protected body(): string {
    const w = this.width;
    return `
    let base = item * ${w};
    var dot = 0.0;
    for (var j = 0; j < ${w}; j++) {
      dot += f32(dp[base + j]) * f32(p[base + j]);
    }
    for (var j = 0; j < ${w}; j++) {
      result[base + j] = f32(p[base + j]) * (f32(dp[base + j]) - dot);
    }`;
  }
}
