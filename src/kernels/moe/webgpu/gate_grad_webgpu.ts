import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { GridProgram } from '../../webgpu/gridProgram';
import { ceilDiv } from '../../webgpu/program';

const LANES = 8;
const TOKENS_PER_GROUP = 32;

/**
 * Gradient of the gate, scattered into router-probability space:
 *   dProbs[t, e] = (e == expert[t] && dest[t] >= 0) ? dot(tokenRows[t], packedRows[dest[t]]) : 0
 * (for the combine: tokenRows = dy, packedRows = expert outputs). LANES threads share a token's
 * dot product with coalesced strided reads, then add their partials in a fixed order, so the
 * result is repeatable bit for bit.
 */
export class GateGradProgram extends GridProgram {
  variableNames = ['tokenRows', 'packedRows', 'route'];

  constructor(numTokens: number, numExperts: number) {
    super({
      shaderKey: `moeGateGrad_lanes${LANES}_tokens${TOKENS_PER_GROUP}`,
      outputShape: [numTokens, numExperts],
      dispatch: [ceilDiv(numTokens, TOKENS_PER_GROUP), 1, 1],
      workgroupSize: [LANES, TOKENS_PER_GROUP, 1],
      uniforms: `${routeUniformDecl}rowWidth : i32, `,
    });
  }

  getUserCode(): string {
    return `
  ${routeLayoutWgsl}
  var<workgroup> partial : array<f32, ${LANES * TOKENS_PER_GROUP}>;

  fn main() {
    let numTokens = uniforms.numTokens;
    let numExperts = uniforms.numExperts;
    let rowWidth = uniforms.rowWidth;
    let lane = i32(localId.x);
    let slot = i32(localId.y);
    let token = i32(workgroupId.x) * ${TOKENS_PER_GROUP} + slot;

    var row = -1;
    if (token < numTokens) {
      row = route[token];
    }
    var sum = 0.0;
    if (row >= 0) {
      for (var c = lane; c < rowWidth; c += ${LANES}) {
        sum += tokenRows[token * rowWidth + c] * packedRows[row * rowWidth + c];
      }
    }
    partial[slot * ${LANES} + lane] = sum;
    workgroupBarrier();

    if (token < numTokens) {
      var dot = 0.0;
      for (var l = 0; l < ${LANES}; l++) {
        dot += partial[slot * ${LANES} + l];
      }
      let expert = route[rlExpert() + token];
      for (var e = lane; e < numExperts; e += ${LANES}) {
        result[token * numExperts + e] = select(0.0, dot, e == expert && row >= 0);
      }
    }
  }
`;
  }
}
