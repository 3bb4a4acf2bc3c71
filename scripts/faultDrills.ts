// Drives the built app through one fault each (npm run bench:faults): a page opened on a run
// with ?drills=1&autoplay=1, every automation event recorded with its time, the fault caused
// (a learning rate that blows up, window.__supermoeDrill in the worker, a model too big for the
// adapter, a tiny storage quota), and what the app did about it measured.
import type { Browser, Page } from 'playwright-core';
import { encodeHash } from '../src/run/link';
import { defaultSpec, type RunSpec } from '../src/run/runSpec';
import type { AutomationEvent } from '../src/ui/automation';
import type { Drill, Fault } from '../src/worker/protocol';

export interface FaultResult {
  fault: string;
  handled: boolean;
  /** From the fault to a usable state (restored, restarted, refused), seconds. */
  secondsToRecover: number | null;
  /** Steps trained before the fault that the state it went back to does not hold. */
  stepsLost: number | null;
  detail: string;
  tensorsAtStep10?: number;
  tensorsAtEnd?: number;
  bytesAtStep10?: number;
  bytesAtEnd?: number;
}

type Stamped = { at: number; e: AutomationEvent };

/** A page on `spec`, recording events; `until` waits for the first event matching `test`. */
export class DrillPage {
  readonly events: Stamped[] = [];
  private waiters: { test: (e: AutomationEvent) => boolean; done: (s: Stamped) => void }[] = [];

  private constructor(readonly page: Page) {}

  static async open(browser: Browser, baseUrl: string, spec: RunSpec, before?: (page: Page) => Promise<void>): Promise<DrillPage> {
    const page = await browser.newPage();
    const d = new DrillPage(page);
    await page.exposeFunction('__supermoeEvent', (json: string) => d.add(JSON.parse(json) as AutomationEvent));
    if (before) await before(page);
    await page.goto(`${baseUrl}?drills=1&autoplay=1${encodeHash(spec)}`);
    return d;
  }

  /** The first event (recorded after `after`, a performance.now() time) that passes `test`. */
  until(test: (e: AutomationEvent) => boolean, timeoutMs = 300_000, after = -Infinity): Promise<Stamped> {
    const seen = this.events.find((s) => s.at > after && test(s.e));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such event within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiters.push({ test, done: (s) => (clearTimeout(timer), resolve(s)) });
    });
  }

  fault(kind: Fault['kind']): Promise<Extract<AutomationEvent, { kind: 'fault' }>> {
    return this.until((e) => e.kind === 'fault' && e.fault.kind === kind).then((s) => s.e as Extract<AutomationEvent, { kind: 'fault' }>);
  }

  lastStep(): number {
    const steps = this.events.filter((s) => s.e.kind === 'step');
    return steps.length > 0 ? (steps.at(-1)!.e as Extract<AutomationEvent, { kind: 'step' }>).metrics.step : 0;
  }

  /** The page still shows the app (never a blank page). */
  async alive(): Promise<boolean> {
    return (await this.page.locator('h1', { hasText: 'SuperMoE Studio' }).count()) === 1;
  }

  drill(fault: Drill): Promise<void> {
    return this.page.evaluate((f) => window.__supermoeDrill?.(f), fault);
  }

  private add(e: AutomationEvent): void {
    const s = { at: performance.now(), e };
    this.events.push(s);
    this.waiters = this.waiters.filter((w) => (w.test(e) ? (w.done(s), false) : true));
  }
}

/** A tiny model on a small demo: seconds per fault, not minutes. */
export function tinySpec(steps = 200): RunSpec {
  const s = defaultSpec('software');
  s.data = { ...s.data, demoUsers: 600, seqLen: 8 };
  s.model = { ...s.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 16 };
  s.train = { ...s.train, steps, batchSize: 16, evalEvery: 5 };
  return s;
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Learning rate 1, clipping off: the first non-finite step pauses at the last good step; ▶ Train goes on from the step after it. */
export async function nanDrill(browser: Browser, url: string): Promise<FaultResult> {
  const spec = tinySpec(400);
  spec.train = { ...spec.train, learningRate: 1, clipNorm: 0, schedule: 'constant', warmup: 0 };
  const d = await DrillPage.open(browser, url, spec);
  try {
    // A learning rate of 1 may blow the weights up; should it not by step 30 (on this tiny model it stayed finite for 400 steps), a NaN is written into them.
    const first = await d.until((e) => (e.kind === 'fault' && e.fault.kind === 'nonFinite') || (e.kind === 'step' && e.metrics.step >= 30));
    const poisoned = first.e.kind !== 'fault';
    if (poisoned) await d.drill('poison');
    const { fault } = await d.fault('nonFinite');
    const at = d.events.find((s) => s.e.kind === 'fault')!.at;
    const firstBad = d.events.find((s) => s.e.kind === 'step' && (s.e.metrics.step === (fault.step ?? 0) - 1))?.at ?? at;
    const message = await d.page.getByTestId('fault-message').textContent();
    await d.page.getByRole('button', { name: '▶ Train' }).click();
    await d.until((e) => e.kind === 'step' && e.metrics.step === (fault.restoredStep ?? 0) + 1, 60_000, at);
    const handled = (await d.alive()) && !!message?.includes(fault.term ?? '?');
    return { fault: 'nonFinite', handled, secondsToRecover: seconds(at - firstBad), stepsLost: (fault.step ?? 0) - 1 - (fault.restoredStep ?? 0), detail: `${poisoned ? 'NaN written into the weights (learning rate 1 stayed finite to step 30); ' : 'learning rate 1: '}${fault.term} at step ${fault.step}; back at ${fault.restoredStep}; resumed at step ${fault.restoredStep! + 1}` };
  } finally {
    await d.page.close();
  }
}

/** A fault that ends the worker (`drill`), then Restart worker: back at the kept step, and training goes on. */
export async function restartDrill(browser: Browser, url: string, drill: 'destroyDevice' | 'throw'): Promise<FaultResult> {
  const kind: Fault['kind'] = drill === 'destroyDevice' ? 'deviceLost' : 'workerError';
  const d = await DrillPage.open(browser, url, tinySpec(400));
  try {
    await d.until((e) => e.kind === 'keptStep' && e.step >= 10);
    // Mid-step: a few steps after the evaluation that kept the state.
    const kept = d.events.filter((s) => s.e.kind === 'keptStep').at(-1)!.e as Extract<AutomationEvent, { kind: 'keptStep' }>;
    await d.until((e) => e.kind === 'step' && e.metrics.step >= kept.step + 2);
    const t0 = performance.now();
    await d.drill(drill);
    await d.fault(kind);
    const before = d.lastStep();
    const aliveAfterFault = await d.alive();
    await d.page.getByTestId('restart-worker').click();
    const restarted = await d.until((e) => e.kind === 'restarted');
    const step = (restarted.e as Extract<AutomationEvent, { kind: 'restarted' }>).step;
    await d.page.getByRole('button', { name: '▶ Train' }).click();
    await d.until((e) => e.kind === 'step' && e.metrics.step === step + 1, 120_000, restarted.at);
    const handled = aliveAfterFault && (await d.alive()) && step > 0;
    return { fault: drill === 'destroyDevice' ? 'deviceLost (device.destroy())' : 'workerKilled (uncaught error mid-step)', handled, secondsToRecover: seconds(restarted.at - t0), stepsLost: before - step, detail: `last step ${before}, resumed from the state kept at step ${step}` };
  } finally {
    await d.page.close();
  }
}

/** A model bigger than the adapter's buffers: refused with the numbers, nothing built. */
export async function oversizeDrill(browser: Browser, url: string): Promise<FaultResult> {
  const spec = tinySpec();
  spec.model = { ...spec.model, dModel: 1024, numHeads: 8, numExperts: 64, ffnHidden: 8192 };
  const d = await DrillPage.open(browser, url, spec);
  try {
    const t0 = performance.now();
    const { fault } = await d.fault('oversize');
    const built = d.events.some((s) => s.e.kind === 'prepared');
    const handled = !built && (await d.alive()) && /maxStorageBufferBindingSize \d+/.test(fault.message) && /maxBufferSize \d+/.test(fault.message);
    return { fault: 'oversize', handled, secondsToRecover: seconds(performance.now() - t0), stepsLost: 0, detail: fault.message };
  } finally {
    await d.page.close();
  }
}

/** A storage quota too small for the pre-trained encoder: a clear message, and training goes on to the end. */
export async function quotaDrill(browser: Browser, url: string): Promise<FaultResult> {
  const spec = tinySpec(6);
  spec.finetune = { ...spec.finetune, from: 'pretrain' };
  spec.pretrain = { ...spec.pretrain, steps: 4 };
  const d = await DrillPage.open(browser, url, spec, async (page) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(url).origin, quotaSize: 1024 });
  });
  try {
    const { fault } = await d.fault('quota');
    // Training never stopped: the save failed, the run went on to its end.
    await d.until((e) => e.kind === 'state' && e.state === 'done');
    return { fault: 'quotaExceeded', handled: (await d.alive()) && /storage for this site is full/.test(fault.message), secondsToRecover: 0, stepsLost: 0, detail: fault.message };
  } finally {
    await d.page.close();
  }
}

/**
 * The software preset for `steps` steps in all: MCP pre-training, fine-tuning, then each task
 * alone from the same encoder (a compare, with its table), evaluated every evalEvery. The tensor
 * count and device bytes after step 10 of the first fine-tuning phase against those after the
 * last step of the last phase, which trains the same model type the same way.
 */
export async function soak(browser: Browser, url: string, steps: number): Promise<FaultResult> {
  const spec = defaultSpec('software');
  const tasks = 4;
  const pre = Math.round(steps / 8);
  const each = Math.floor((steps - pre) / (1 + tasks));
  spec.finetune = { ...spec.finetune, from: 'pretrain' };
  spec.pretrain = { ...spec.pretrain, steps: pre };
  // No early-stopping holdout: its checkpoints (per task in a joint phase, one in an alone phase) would differ between the two points compared.
  spec.train = { ...spec.train, steps: each, earlyStopHoldout: 0 };
  spec.compare = { models: ['supermoe'], alone: true };
  const d = await DrillPage.open(browser, url, spec);
  try {
    const t0 = performance.now();
    await d.until((e) => e.kind === 'state' && e.state === 'done', 6 * 3600_000);
    const fine = d.events.map((s) => s.e).filter((e): e is Extract<AutomationEvent, { kind: 'step' }> => e.kind === 'step');
    const at10 = fine.find((e) => e.metrics.step === 10 && e.phase?.kind === 'finetune')!.metrics.memory!;
    const end = fine.at(-1)!.metrics.memory!;
    const total = d.events.filter((s) => s.e.kind === 'step' || s.e.kind === 'mcpStep').length;
    const compared = d.events.some((s) => s.e.kind === 'compare');
    const flat = end.tensors === at10.tensors && Math.abs(end.bytes - at10.bytes) <= 0.05 * at10.bytes;
    return {
      fault: `soak (${total} steps: MCP ${pre}, fine-tuning ${each}, ${tasks} tasks alone × ${each}; software preset)`,
      handled: flat && compared && (await d.alive()),
      secondsToRecover: null,
      stepsLost: 0,
      detail: `${seconds(performance.now() - t0)} s; compare table ${compared ? 'shown' : 'missing'}`,
      tensorsAtStep10: at10.tensors,
      tensorsAtEnd: end.tensors,
      bytesAtStep10: at10.bytes,
      bytesAtEnd: end.bytes,
    };
  } finally {
    await d.page.close();
  }
}
