import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './programUtil';

const WORKGROUP = 64;

/**
 * Router probabilities: softmax over the E logits of each token, one thread per token.
 * A router row is short (E ≤ a few hundred), so a thread walking it beats a workgroup
 * reduction per row: no shared memory, no barriers, every token in parallel.
 */
export class RouterSoftmaxProgram implements WebGPUProgram {
  variableNames = ['logits'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numTokens : i32, numExperts : i32, ';
  shaderKey = `moeRouterSoftmax_wg${WORKGROUP}`;

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
    var top = logits[base];
    for (var e = 1; e < uniforms.numExperts; e++) {
      top = max(top, logits[base + e]);
    }
    var sum = 0.0;
    for (var e = 0; e < uniforms.numExperts; e++) {
      sum += exp(logits[base + e] - top);
    }
    for (var e = 0; e < uniforms.numExperts; e++) {
      result[base + e] = exp(logits[base + e] - top) / sum;
    }
  }
`;
  }
}
