import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './program';

const WORKGROUP = 64;

/**
 * out[i] = Σ_{s < splits} partial[s · size + i], added in split order: the second half of a
 * split segmented reduction, deterministic where float atomics would not be.
 */
export class SumSplitsProgram implements WebGPUProgram {
  variableNames = ['partial'];
  variableComponents: number[];
  outputShape: number[];
  outputComponent: number;
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'size : i32, splits : i32, ';
  shaderKey: string;

  constructor(outputShape: number[]) {
    const size = outputShape.reduce((a, b) => a * b, 1);
    this.outputComponent = size % 4 === 0 ? 4 : 1;
    this.variableComponents = [this.outputComponent];
    this.outputShape = outputShape;
    this.dispatch = linearGrid(Math.ceil(size / this.outputComponent / WORKGROUP));
    this.shaderKey = `sumSplits_vec${this.outputComponent}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const vecType = this.outputComponent === 4 ? 'vec4<f32>' : 'f32';
    return `
  ${linearWorkgroupWgsl}
  fn main() {
    let index = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (index >= uniforms.size) {
      return;
    }
    var sum = ${vecType}(0.0);
    for (var s = 0; s < uniforms.splits; s++) {
      sum += partial[s * uniforms.size + index];
    }
    result[index] = sum;
  }
`;
  }
}
