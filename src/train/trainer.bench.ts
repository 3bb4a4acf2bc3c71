// `npx vitest bench src/train --run`: one training step of the software preset
// (defaultSpec('software'): d=32, 1 block, 2 heads, E=4, hidden 64, seq 16, batch 32) on
// tfjs's cpu backend, and how many kernels a step launches (forward, backward, Adam).
// On WebGPU (SwiftShader in Node):
//   BENCH_BACKEND=webgpu node scripts/webgpu-env.mjs vitest bench src/train --run
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { bench, describe } from 'vitest';
import { schemaOf } from '../data/dataset';
import { defaultSpec } from '../run/runSpec';
import { useWebGpuBackend } from '../test/webgpuNode';
import { buildBatch, disposeBatch } from './batch';
import { tinyDataset } from '../test/tinyDataset';
import { Trainer } from './trainer';

/** Kernels that only relabel a buffer: no copy, no GPU dispatch. */
const FREE = new Set(['Identity', 'Reshape', 'ExpandDims', 'Squeeze']);

/** Kernels that `f` launches through the engine, free ones (and same-dtype casts) left out. */
async function launches(f: () => unknown): Promise<number> {
  const engine = tf.engine();
  const run = engine.runKernel;
  let n = 0;
  engine.runKernel = function <T extends tf.Tensor | tf.Tensor[]>(name: string, inputs: tf.NamedTensorMap, attrs?: Parameters<typeof run>[2]): T {
    const sameCast = name === 'Cast' && (inputs.x as tf.Tensor).dtype === (attrs as { dtype: string }).dtype;
    if (!FREE.has(name) && !sameCast) n++;
    return run.call(engine, name, inputs, attrs) as T;
  };
  try {
    await f();
  } finally {
    engine.runKernel = run;
  }
  return n;
}

const backend = process.env.BENCH_BACKEND === 'webgpu' ? 'webgpu' : 'cpu';

describe(`software preset step on tfjs ${backend}`, async () => {
  if (backend === 'webgpu') await useWebGpuBackend();
  else await tf.setBackend('cpu');
  const spec = defaultSpec('software');
  spec.model.kernels = 'reference';
  const dataset = tinyDataset({ users: 400, seqLen: spec.data.seqLen, seed: 1 });
  const split = { train: Int32Array.from({ length: 320 }, (_, i) => i), val: Int32Array.from({ length: 80 }, (_, i) => 320 + i) };
  const trainer = await Trainer.create(spec, dataset, split);
  const first = performance.now();
  await trainer.step();
  console.log(`first step (compiles the ${backend} programs): ${Math.round(performance.now() - first)} ms`);
  const batch = buildBatch(dataset, split.train.subarray(0, spec.train.batchSize));
  const loss = () => {
    const out = trainer.model.forward(batch);
    return tf.addN([tf.sum(out.logits), out.balanceLoss, out.zLoss]) as tf.Scalar;
  };
  const forward = await launches(() => tf.tidy(() => void loss()));
  const gradients = await launches(() => tf.tidy(() => void tf.variableGrads(loss)));
  const step = await launches(() => trainer.step());
  disposeBatch(batch);
  console.log(
    `kernels per step: ${step} (forward ${forward}, backward ${gradients - forward}, ` +
      `loss, Adam and report ${step - gradients}); ${trainer.model.params.variables().length} parameter tensors; ` +
      `schema ${JSON.stringify(schemaOf(dataset).discrete.map((c) => c.vocabSize))}`,
  );

  bench('trainer.step()', async () => {
    await trainer.step();
  }, { iterations: backend === 'cpu' ? 20 : 5, warmupIterations: 2 });
});
