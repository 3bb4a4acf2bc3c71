import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './programUtil';

const WORKGROUP = 64;

/**
 * Dispatch: tokens into expert-major packed order, a row gather by src[r]
 *   packed[r] = src[r] >= 0 ? gate(src[r]) · x[src[r]] : 0
 * with gate(t) = probs[t, expert[t]] when `gated` (the gradient of the gated combine), else 1.
 * A gather (one writer per output element) rather than a scatter, so unused rows are written
 * as zeros and nothing needs atomics. One thread per vec4 of a row when the width allows.
 */
export class DispatchProgram implements WebGPUProgram {
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

  constructor(numRows: number, width: number, gated: boolean) {
    this.gated = gated;
    this.outputComponent = width % 4 === 0 ? 4 : 1;
    this.variableNames = gated ? ['x', 'route', 'probs'] : ['x', 'route'];
    this.variableComponents = gated ? [this.outputComponent, 1, 1] : [this.outputComponent, 1];
    this.outputShape = [numRows, width];
    this.dispatch = linearGrid(Math.ceil((numRows * width) / this.outputComponent / WORKGROUP));
    this.shaderKey = `moeDispatch_gated${gated}_vec${this.outputComponent}_wg${WORKGROUP}`;
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
    let row = index / rowWidth;
    let part = index - row * rowWidth;
    let token = route[rlSrc() + row];
    var value = ${vecType}(0.0);
    if (token >= 0) {
      value = x[token * rowWidth + part];
      ${this.gated ? 'value = value * probs[token * uniforms.numExperts + route[rlExpert() + token]];' : ''}
    }
    result[index] = value;
  }
`;
  }
}
