// The barrier-free row program of the grouped GEMM against the tiled program on a real WebGPU
// adapter (Dawn + SwiftShader in Node): same route, same inputs, every option, so the tiled
// program (used for large expert matrices) stays checked now that the end-to-end tests'
// small experts run on the row program.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { expectClose } from '../../../test/expectClose';
import { useWebGpuBackend } from '../../../test/webgpuNode';
import { registerMoeKernels } from './register';
import { GroupedMatMulProgram, type GroupedMatMulOptions } from './grouped_matmul_webgpu';
import { GroupedMatMulRowsProgram } from './grouped_matmul_rows_webgpu';
import { moeRoute } from './ops';
import type { GridProgram } from '../../webgpu/gridProgram';
import { flat, int32, type WebGPUBackend } from '../../webgpu/program';
import { routeLayout, routeUniforms } from './routeLayout';

beforeAll(async () => {
  await useWebGpuBackend();
  registerMoeKernels();
});

interface Case {
  tokens: number;
  experts: number;
  k: number;
  n: number;
  capacity: number | null;
  options: GroupedMatMulOptions;
}

const base = { transposeW: false, bias: false, relu: false, maskA: false };
const cases: Case[] = [
  { tokens: 300, experts: 4, k: 32, n: 64, capacity: 90, options: { ...base, bias: true, relu: true } },
  { tokens: 300, experts: 4, k: 64, n: 32, capacity: null, options: { ...base, transposeW: true, maskA: true } },
  { tokens: 77, experts: 12, k: 9, n: 7, capacity: 8, options: { ...base, bias: true } },
  { tokens: 50, experts: 3, k: 12, n: 70, capacity: null, options: { ...base, transposeW: true } },
  { tokens: 5, experts: 64, k: 8, n: 8, capacity: 1, options: base },
];

describe('GroupedMatMulRowsProgram vs GroupedMatMulProgram', () => {
  for (const c of cases) {
    it(`T=${c.tokens} E=${c.experts} K=${c.k} N=${c.n} capacity ${c.capacity} ${JSON.stringify(c.options)}`, async () => {
      const backend = tf.backend() as WebGPUBackend;
      const seed = c.tokens + c.k;
      const logits = tf.randomNormal([c.tokens, c.experts], 0, 1, 'float32', seed) as tf.Tensor2D;
      const valid = tf.tensor1d(Array.from({ length: c.tokens }, (_, t) => (t % 9 === 4 ? 0 : 1)));
      const route = moeRoute(logits, valid, c.capacity);
      const a = tf.randomNormal([c.tokens, c.k], 0, 1, 'float32', seed + 1);
      const w = tf.randomNormal(c.options.transposeW ? [c.experts, c.n, c.k] : [c.experts, c.k, c.n], 0, 1, 'float32', seed + 2);
      const bias = tf.randomNormal([c.experts, c.n], 0, 1, 'float32', seed + 3);
      const mask = tf.randomNormal([c.tokens, c.k], 0, 1, 'float32', seed + 4);
      const layout = routeLayout(c.tokens, c.experts);
      const inputs = [flat(a), flat(w), route];
      if (c.options.bias) inputs.push(flat(bias));
      if (c.options.maskA) inputs.push(flat(mask));
      const run = async (program: GridProgram) => {
        const out = backend.runWebGPUProgram(program, inputs, 'float32', program.uniformData(...routeUniforms(layout), int32(c.k), int32(c.n)));
        const t = tf.engine().makeTensorFromTensorInfo(out);
        const values = (await t.data()) as Float32Array;
        t.dispose();
        return values;
      };
      const tiled = await run(new GroupedMatMulProgram(layout, c.k, c.n, c.options));
      const rows = await run(new GroupedMatMulRowsProgram(layout, c.k, c.n, c.options));
      expectClose('output', rows, tiled, 1e-6);
      tf.dispose([logits, valid, route, a, w, bias, mask]);
    });
  }
});
