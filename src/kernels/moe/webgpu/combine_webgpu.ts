import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './programUtil';

const WORKGROUP = 64;

/**
 * Combine: expert outputs back to token order, a row gather by dest[t]
 *   y[t] = dest[t] >= 0 ? gate(t) · packed[dest[t]] : 0
 * with gate(t) = probs[t, expert[t]] when `gated` (the forward combine), else 1 (the gradient
 * of the dispatch). Top-1 routing gives each token at most one packed row, so this is a pure
 * gather: no float atomics, bit-for-bit repeatable.
 */
export class CombineProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  outputComponent: number;
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = `${routeUniformDecl}rowWidth : i32, `;
  shaderKey: string;
  private readonly gated: boolean;

  constructor(numTokens: number, width: number, gated: boolean) {
    this.gated = gated;
    this.outputComponent = width % 4 === 0 ? 4 : 1;
    this.variableNames = gated ? ['packed', 'route', 'probs'] : ['packed', 'route'];
    this.variableComponents = gated ? [this.outputComponent, 1, 1] : [this.outputComponent, 1];
    this.outputShape = [numTokens, width];
    this.dispatch = linearGrid(Math.ceil((numTokens * width) / this.outputComponent / WORKGROUP));
    this.shaderKey = `moeCombine_gated${gated}_vec${this.outputComponent}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const vecType = this.outputComponent === 4 ? 'vec4<f32>' : 'f32';
    return `
  ${routeLayoutWgsl}
  ${linearWorkgroupWgsl}
  fn main() {
    let rowWidth = uniforms.rowWidth;
    let index = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (index >= uniforms.numTokens * rowWidth) {
      return;
    }
    let token = index / rowWidth;
    let part = index - token * rowWidth;
    let row = route[token];
    var value = ${vecType}(0.0);
    if (row >= 0) {
      value = packed[row * rowWidth + part];
      ${this.gated ? 'value = value * probs[token * uniforms.numExperts + route[rlExpert() + token]];' : ''}
    }
    result[index] = value;
  }
`;
  }
}
