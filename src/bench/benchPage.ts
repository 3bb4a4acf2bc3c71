// The benchmark page (the built app opened with ?bench=1, run by `npm run bench`): the MoE
// kernels against their alternatives (benchMoe) and a training step with the WGSL routing
// against the tfjs-ops reference, on whatever WebGPU adapter the browser offers. Progress and
// the result go to window.__supermoeBench (the runner's hook) and onto the page.
import { demoDataset } from '../data/demo';
import { splitUsers } from '../data/split';
import { benchMoe } from '../kernels/moe/bench';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { benchTrainStep } from '../train/benchTrainStep';
import { startBackend } from '../worker/backend';

export type BenchMessage = { kind: 'log'; line: string } | { kind: 'result'; result: Record<string, unknown> } | { kind: 'error'; message: string };

declare global {
  interface Window {
    __supermoeBench?: (json: string) => void;
  }
}

/** The targets of issue 3 on this machine: ratio name → [bound, 'max' | 'min']. */
const TARGETS: Record<string, [number, 'max' | 'min']> = {
  moeVsDenseE64: [1.5, 'max'],
  speedupVsOneHotE16: [10, 'min'],
  dispatchCombineVsCopy: [3, 'max'],
  trainStepSpeedup: [1, 'min'],
};

/** Demo users for the step benchmark: the step's cost depends on the batch, not the data size. */
const STEP_USERS = 2000;

function send(message: BenchMessage): void {
  const pre = document.getElementById('bench-log') ?? document.body.appendChild(Object.assign(document.createElement('pre'), { id: 'bench-log' }));
  pre.textContent += `${message.kind === 'log' ? message.line : JSON.stringify(message, null, 2)}\n`;
  window.__supermoeBench?.(JSON.stringify(message));
}

export async function runBenchPage(params: URLSearchParams): Promise<void> {
  const started = performance.now();
  const num = (key: string, fallback: number) => Number(params.get(key) ?? fallback);
  const log = (line: string) => send({ kind: 'log', line });
  try {
    // startBackend installs the WebGPU overrides: every path below runs on the same kernels.
    const backend = await startBackend('webgpu');
    log(`adapter: ${JSON.stringify(backend.adapter)}`);
    const moe = await benchMoe({ tokens: num('tokens', 4096), warmup: num('warmup', 2), reps: num('reps', 5), log });

    // The model the app picks for this adapter. Both routing paths run with capacity: the
    // reference's dropless mode sizes the experts with a synchronous readback (dataSync),
    // which tfjs-webgpu cannot do in (headless) Chromium. The WGSL path's dropless step, the
    // default, is timed too.
    const preset = backend.software ? 'software' : 'gpu';
    const spec = defaultSpec(preset);
    spec.data.demoUsers = Math.min(spec.data.demoUsers, STEP_USERS);
    const withModel = (model: Partial<RunSpec['model']>): RunSpec => ({ ...spec, model: { ...spec.model, ...model } });
    const variants = {
      auto: withModel({ kernels: 'auto', routing: 'capacity' }),
      reference: withModel({ kernels: 'reference', routing: 'capacity' }),
      autoDefaultRouting: withModel({ kernels: 'auto' }),
    };
    const dataset = demoDataset({ users: spec.data.demoUsers, seqLen: spec.data.seqLen, seed: spec.seed });
    const split = splitUsers(dataset.numUsers, spec.data.valFraction, spec.seed);
    const stepTiming = params.get('stepTiming') === 'wall' ? 'wall' : moe.config.timing;
    const step = await benchTrainStep(variants, dataset, split, { warmup: num('stepWarmup', 3), reps: num('stepReps', 10), timing: stepTiming, log });
    const stepMs = step.gpuMs ?? step.wallMs;

    const ratios: Record<string, number | null> = {
      moeVsDenseE64: moe.moeVsDenseE64,
      speedupVsReferenceE16: moe.speedupVsReferenceE16,
      speedupVsOneHotE16: moe.speedupVsOneHotE16,
      dispatchCombineVsCopy: moe.dispatchCombineVsCopy,
      trainStepSpeedup: stepMs.reference / stepMs.auto,
    };
    const targets = Object.fromEntries(
      Object.entries(TARGETS).map(([name, [bound, kind]]) => {
        const v = ratios[name];
        return [name, { target: `${kind === 'max' ? '≤' : '≥'} ${bound}`, met: v !== null && (kind === 'max' ? v <= bound : v >= bound) }];
      }),
    );
    send({
      kind: 'result',
      result: {
        adapter: backend.adapter,
        software: backend.software,
        timing: moe.config.timing,
        ...ratios,
        dispatchCombineVsElementwise: moe.dispatchCombineVsElementwise,
        dispatchCombineVsCopyWall: moe.dispatchCombineVsCopyWall,
        trainStepSpeedupWall: step.wallMs.reference / step.wallMs.auto,
        ms: { ...moe.ms, trainStepAuto: stepMs.auto, trainStepReference: stepMs.reference, trainStepAutoDefaultRouting: stepMs.autoDefaultRouting },
        trainStepWallMs: step.wallMs,
        config: {
          ...moe.config,
          trainStep: { preset, model: spec.model, comparedWithRouting: 'capacity', batchSize: spec.train.batchSize, seqLen: spec.data.seqLen, timing: stepTiming },
        },
        targets,
        seconds: Math.round((performance.now() - started) / 1000),
      },
    });
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}
