import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

export type ReduceOp = 'sum' | 'mean' | 'max' | 'min';

/**
 * A reduction over the middle axis of x viewed as [outer, length, inner], one thread per output:
 *   y[o, i] = op over k of x[o, k, i]   (max/min give NaN if any value is NaN, as tfjs's)
 * For the short axes of a model (a row of E router logits, N events, S copies of a token)
 * a thread walking the axis beats tfjs's reduction, which transposes the axis innermost and
 * then runs a 64-thread workgroup with shared memory and barriers per output; with inner > 1
 * neighbouring threads read neighbouring addresses and no transpose is needed.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class ReduceAlongAxisProgram extends ThreadPerItemProgram {
  variableNames = ['x'];

  constructor(
    numOutputs: number,
    private readonly op: ReduceOp,
  ) {
    super('reduceAlongAxis', numOutputs, [numOutputs], [op], 'length : i32, inner : i32, ');
  }

  protected body(): string {
    const extreme = this.op === 'max' || this.op === 'min';
    const combine = extreme ? `acc = ${this.op}(acc, v);\n      nan = nan || isnan(v);` : 'acc += v;';
    const result = {
      sum: 'acc',
      mean: 'acc / f32(uniforms.length)',
      max: 'select(acc, uniforms.NAN, nan)',
      min: 'select(acc, uniforms.NAN, nan)',
    }[this.op];
    return `
    let inner = uniforms.inner;
    let outer = item / inner;
    let base = outer * uniforms.length * inner + (item - outer * inner);
    var acc = ${extreme ? 'f32(x[base])' : '0.0'};
    var nan = ${extreme ? 'isnan(acc)' : 'false'};
    for (var k = ${extreme ? 1 : 0}; k < uniforms.length; k++) {
      let v = f32(x[base + k * inner]);
      ${combine}
    }
    result[item] = ${result};`;
  }
}
