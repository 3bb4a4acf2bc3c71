import { ThreadPerItemProgram } from './threadPerItemProgram';

/**
 * out[i] = Σ_{s < splits} partial[s · size + i], added in split order: the second half of a
 * split reduction, deterministic where float atomics would not be. One thread per vec4 of the
 * output when its size allows.
 */
export class SumSplitsProgram extends ThreadPerItemProgram {
  variableNames = ['partial'];
  variableComponents: number[];
  outputComponent: number;

  constructor(outputShape: number[]) {
    const size = outputShape.reduce((a, b) => a * b, 1);
    const component = size % 4 === 0 ? 4 : 1;
    super('sumSplits', size / component, outputShape, [`vec${component}`], 'splits : i32, ');
    this.outputComponent = component;
    this.variableComponents = [component];
  }

  protected body(): string {
    const vecType = this.outputComponent === 4 ? 'vec4<f32>' : 'f32';
    return `
    var sum = ${vecType}(0.0);
    for (var s = 0; s < uniforms.splits; s++) {
      sum += partial[s * uniforms.numItems + item];
    }
    result[item] = sum;`;
  }
}
