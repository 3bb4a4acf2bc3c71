import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../../webgpu/program';

const WORKGROUP = 64;

/**
 * Router probabilities, one thread per token:
 *   forward   p[t, e] = softmax over e of logits[t, e]
 *   backward  dLogits[t, e] = p[t, e] · (dProbs[t, e] − Σ_j dProbs[t, j] · p[t, j])
 * A router row is short (E ≤ a few hundred), so a thread walking it beats a workgroup
 * reduction per row: no shared memory, no barriers, every token in parallel.
 */
export class RouterSoftmaxProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numTokens : i32, numExperts : i32, ';
  shaderKey: string;
  private readonly backward: boolean;

  constructor(numTokens: number, numExperts: number, backward: boolean) {
    this.backward = backward;
    this.variableNames = backward ? ['dProbs', 'probs'] : ['logits'];
    this.outputShape = [numTokens, numExperts];
    this.dispatch = linearGrid(Math.ceil(numTokens / WORKGROUP));
    this.shaderKey = `moeRouterSoftmax_backward${backward}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const body = this.backward
      ? `var dot = 0.0;
    for (var e = 0; e < uniforms.numExperts; e++) {
      dot += dProbs[base + e] * probs[base + e];
    }
    for (var e = 0; e < uniforms.numExperts; e++) {
      result[base + e] = probs[base + e] * (dProbs[base + e] - dot);
    }`
      : `var top = logits[base];
    for (var e = 1; e < uniforms.numExperts; e++) {
      top = max(top, logits[base + e]);
    }
    var sum = 0.0;
    for (var e = 0; e < uniforms.numExperts; e++) {
      sum += exp(logits[base + e] - top);
    }
    for (var e = 0; e < uniforms.numExperts; e++) {
      result[base + e] = exp(logits[base + e] - top) / sum;
    }`;
    return `
  ${linearWorkgroupWgsl}
  fn main() {
    let token = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (token >= uniforms.numTokens) {
      return;
    }
    let base = token * uniforms.numExperts;
    ${body}
  }
`;
  }
}
