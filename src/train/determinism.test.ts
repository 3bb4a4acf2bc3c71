// A run description reproduces its run: on a real WebGPU adapter (Dawn + SwiftShader in Node)
// two trainers of the same spec and seed give the same losses to the last bit. (tfjs-webgpu's
// float atomics in the embedding gradient once made them drift apart from the third step.)
import { expect, it } from 'vitest';
import { demoDataset } from '../data/demo';
import { splitUsers } from '../data/split';
import { defaultSpec } from '../run/runSpec';
import { useWebGpuBackend } from '../test/webgpuNode';
import { Trainer } from './trainer';

it('the same spec and seed give the same losses, bit for bit, on WebGPU', async () => {
  await useWebGpuBackend();
  const s = defaultSpec('software');
  s.data.demoUsers = 800;
  const dataset = demoDataset({ users: s.data.demoUsers, seqLen: s.data.seqLen, seed: s.seed });
  const split = splitUsers(dataset.numUsers, s.data.valFraction, s.seed);
  const run = async () => {
    const trainer = await Trainer.create(s, dataset, split);
    const losses: number[] = [];
    for (let i = 0; i < 6; i++) losses.push((await trainer.step()).loss);
    trainer.dispose();
    return losses;
  };
  const first = await run();
  expect(await run()).toEqual(first);
}, 120_000);
