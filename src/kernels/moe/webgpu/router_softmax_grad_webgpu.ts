import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './programUtil';

const WORKGROUP = 64;

/**
 * Softmax backward per token, one thread per token (see RouterSoftmaxProgram):
 *   dLogits[t, e] = p[t, e] · (dProbs[t, e] − Σ_j dProbs[t, j] · p[t, j])
 */
export class RouterSoftmaxGradProgram implements WebGPUProgram {
  variableNames = ['dProbs', 'probs'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numTokens : i32, numExperts : i32, ';
  shaderKey = `moeRouterSoftmaxGrad_wg${WORKGROUP}`;

  constructor(numTokens: number, numExperts: number) {
    this.outputShape = [numTokens, numExperts];
    this.dispatch = linearGrid(Math.ceil(numTokens / WORKGROUP));
  }

  getUserCode(): string {
    return `
  ${linearWorkgroupWgsl}
  fn main() {
    let token = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (token >= uniforms.numTokens) {
      return;
    }
    let base = token * uniforms.numExperts;
    var dot = 0.0;
    for (var e = 0; e < uniforms.numExperts; e++) {
      dot += dProbs[base + e] * probs[base + e];
    }
    for (var e = 0; e < uniforms.numExperts; e++) {
      result[base + e] = probs[base + e] * (dProbs[base + e] - dot);
    }
  }
`;
  }
}
