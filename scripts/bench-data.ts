// npm run bench:data — how long a dropped log takes from the drop to "ready to train" in the
// real app (headless Chromium, the worker's streamed passes, a tiny model), and the peak
// memory of the browser meanwhile: for UCI Online Retail (read in place from ../shared) and
// for a generated ~1 GB event log (written once to the temp folder). Then the representation
// export (issue 10: every user through the model into vectors.tsv, metadata.tsv, users.csv,
// scores.csv): of the 12,000 demo users, and of the generated log's users after one training
// step, with the peak memory of all Chromium processes and the longest main-thread task
// meanwhile. A benchmark, not a test.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { encodeHash } from '../src/run/link';
import { defaultSpec, type LabelBuilder, type RunSpec } from '../src/run/runSpec';
import type { AutomationEvent } from '../src/ui/automation';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { ensureBuilt } from './build';
import { ensureEventLog } from './genEventLog';
import { serveStatic } from './staticServer';

const RETAIL = '../shared/data/uci-online-retail/online-retail.csv.gz';
const BIG = join(tmpdir(), 'supermoe-bench-events-1gb.csv');
const GB = 1024 ** 3;

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * A run on `path` with labels built from the log, so that the drop ends ready to train. Measured
 * as a user meets it: the file's default run, its size from the data (N, steps, a small log's
 * `cann` towers and their regression fit, README §Model 3.5), unless the run is to be exported,
 * which needs a trained model, not a good one: then a small model and one step.
 */
async function specFor(path: string, labelBuilder: LabelBuilder, forExport: boolean): Promise<RunSpec> {
  const s = defaultSpec('software');
  s.data = { ...s.data, source: 'file', file: { name: basename(path), size: statSync(path).size, sha256: await sha256(path) }, labelBuilder };
  if (!forExport) return s;
  s.model = { ...s.model, dModel: 16, numHeads: 2, numBlocks: 1, numExperts: 4, ffnHidden: 32 };
  s.train = { ...s.train, steps: 1, evalEvery: 1 };
  return s;
}

/** Resident memory of `pid` and all its descendants, per process: RSS, and PSS (shared pages split among their sharers, so that the sum counts each page once). */
function treeMemory(root: number): { rss: number; pss: number }[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirProc()) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), entry]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: { rss: number; pss: number }[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      out.push({ rss: kb('Rss'), pss: kb('Pss') });
    } catch {
      continue;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function readdirProc(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

interface Result {
  file: string;
  bytes: number;
  seconds: number;
  /** Largest single process (the renderer that runs the page and its worker). */
  peakProcessBytes: number;
  /** All of Chromium's processes together (PSS: each shared page counted once). */
  peakTotalBytes: number;
  users: number;
  summary: string;
  /** Seconds after the drop at which each pass began. */
  timeline: Record<string, number>;
  exported?: ExportResult;
}

interface ExportResult {
  users: number;
  /** From the click to the files offered (the worker's own time is close: the page only downloads). */
  seconds: number;
  /** Progress readings seen while it ran (users done): it reports as it goes. */
  progressSeen: number[];
  peakChromiumTotalPssMiB: number;
  /** The longest main-thread task meanwhile (PerformanceObserver 'longtask'; 0 = none over 50 ms). */
  longestTaskMs: number;
  /** The page's JavaScript heap after the export (Chrome's performance.memory): what a major GC on the main thread walks. */
  mainThreadHeapMiB: number;
  /** The five longest tasks as [seconds after the click, ms]: when in the export they came. */
  longTasks: [number, number][];
}

/** Trains the prepared run's one step, then exports every user, measuring as it goes. */
async function trainAndExport(page: Page, pid: number, name: string): Promise<ExportResult> {
  await page.getByRole('button', { name: /Train/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-state') === 'done', undefined, { timeout: 1_800_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: [number, number][] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
  });
  let peak = 0;
  const progressSeen: number[] = [];
  const poll = setInterval(() => {
    peak = Math.max(peak, treeMemory(pid).reduce((a, m) => a + m.pss, 0));
    void page
      .evaluate(() => (document.querySelector('[data-testid="export-progress"] progress') as HTMLProgressElement | null)?.value ?? null)
      .then((v) => v !== null && v > 0 && progressSeen.at(-1) !== v && progressSeen.push(v), () => {});
  }, 250);
  // BENCH_PROFILE=prefix: the page's main-thread CPU profile of each export, in prefix-<data>.cpuprofile (DevTools, Performance, opens it).
  const profiler = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (profiler) await profiler.send('Profiler.enable').then(() => profiler.send('Profiler.start'));
  const t0 = performance.now();
  const pageT0 = await page.evaluate(() => performance.now());
  await page.getByTestId('export-users').click();
  await page.waitForFunction(() => /Exported|Error/.test(document.querySelector('[data-testid="export-result"]')?.textContent ?? document.querySelector('[data-testid="export-error"]')?.textContent ?? ''), undefined, { timeout: 3_600_000 });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(poll);
  if (profiler) writeFileSync(`${process.env.BENCH_PROFILE}-${name}.cpuprofile`, JSON.stringify((await profiler.send('Profiler.stop')).profile));
  const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  const error = await page.getByTestId('export-error').textContent({ timeout: 100 }).catch(() => null);
  if (error) throw new Error(`export failed: ${error}`);
  const text = (await page.getByTestId('export-result').textContent()) ?? '';
  const users = Number(/Exported ([\d,]+) users/.exec(text)?.[1].replace(/,/g, '') ?? NaN);
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: [number, number][] }).__longTasks);
  const longest = [...tasks].sort((a, b) => b[1] - a[1]);
  const longTasks = longest.slice(0, 5).map(([at, ms]): [number, number] => [Math.round((at - pageT0) / 100) / 10, Math.round(ms)]);
  return { users, seconds: Math.round(seconds * 10) / 10, mainThreadHeapMiB: Math.round(heap / 2 ** 20), progressSeen: progressSeen.slice(0, 50), peakChromiumTotalPssMiB: Math.round(peak / 1024 ** 2), longestTaskMs: Math.round(longest[0]?.[1] ?? 0), longTasks };
}

/** The export of the software preset's demo run (12,000 users) after one training step. */
async function measureDemoExport(baseUrl: string): Promise<ExportResult> {
  const spec = defaultSpec('software');
  spec.train = { ...spec.train, steps: 1, evalEvery: 1 };
  const marker = `--supermoe-bench=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, marker], headless: true });
  const pid = browserPid(marker);
  try {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}${encodeHash(spec)}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset-summary"]') !== null, undefined, { timeout: 300_000 });
    return await trainAndExport(page, pid, 'demo');
  } finally {
    await browser.close();
  }
}

async function measure(path: string, labelBuilder: LabelBuilder, baseUrl: string, exportAfter: boolean): Promise<Result> {
  const spec = await specFor(path, labelBuilder, exportAfter);
  // A local launch: a connected (remote) browser would upload the file through the socket.
  const marker = `--supermoe-bench=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, marker], headless: true });
  const pid = browserPid(marker);
  try {
    const page = await browser.newPage();
    const events: AutomationEvent[] = [];
    let onEvent: () => void = () => {};
    await page.exposeFunction('__supermoeEvent', (json: string) => {
      events.push(JSON.parse(json) as AutomationEvent);
      onEvent();
    });
    // ?size=data: sized from the file as a dropped file's default run is (the headless runner's way), not as the link says.
    await page.goto(`${baseUrl}${exportAfter ? '' : '?size=data'}${encodeHash(spec)}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="file-needed"]') !== null, undefined, { timeout: 120_000 });
    let peakProcess = 0;
    let peakTotal = 0;
    const poll = setInterval(() => {
      const mem = treeMemory(pid);
      peakProcess = Math.max(peakProcess, ...mem.map((m) => m.rss));
      peakTotal = Math.max(peakTotal, mem.reduce((a, m) => a + m.pss, 0));
    }, 100);
    const t0 = performance.now();
    // When each pass started, from the worker's progress events.
    const phases: Record<string, number> = {};
    const ready = new Promise<AutomationEvent>((ok, fail) => {
      onEvent = () => {
        const e = events.at(-1)!;
        if (e.kind === 'progress') {
          const key = e.progress.done ? 'loaded' : e.progress.phase;
          phases[key] ??= (performance.now() - t0) / 1000;
        }
        if (e.kind === 'prepared') ok(e);
        if (e.kind === 'error') fail(new Error(e.message));
      };
    });
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    const e = (await ready) as Extract<AutomationEvent, { kind: 'prepared' }>;
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(poll);
    const s = e.summary;
    const run = `N ${e.spec.data.seqLen}, ${e.spec.train.steps} steps, lr ${e.spec.train.learningRate}, towers ${e.spec.model.towerInit}`;
    const summary = `${run}; ${s.users} users, ${s.discrete.map((c) => `${c.name} ${c.vocabSize}×${c.shards}`).join(', ')}, tasks ${s.tasks.map((t) => `${t.name} ${((100 * t.positives) / t.labelled).toFixed(1)}%`).join(', ')}`;
    const at = (k: string) => Math.round((phases[k] ?? NaN) * 10) / 10;
    const timeline = { sampleFrom: 0, hashFrom: at('hash'), fullPassFrom: at('load'), fullPassDone: at('loaded'), ready: Math.round(seconds * 10) / 10 };
    const exported = exportAfter ? await trainAndExport(page, pid, basename(path)) : undefined;
    return { file: basename(path), bytes: statSync(path).size, seconds, peakProcessBytes: peakProcess, peakTotalBytes: peakTotal, users: s.users, summary, timeline, exported };
  } finally {
    await browser.close();
  }
}

/** The browser process: the one started with `marker` on its command line. */
function browserPid(marker: string): number {
  for (const pid of readdirProc()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker)) return pid;
    } catch {
      // Gone meanwhile.
    }
  }
  throw new Error('The browser process was not found in /proc (this benchmark measures memory on Linux).');
}

async function main(): Promise<void> {
  if (!existsSync(RETAIL)) throw new Error(`${RETAIL} is missing (run from the project folder, next to ../shared).`);
  await ensureBuilt(false);
  const bigBytes = Number(process.env.BENCH_BIG_GB ?? 1) * GB;
  // BENCH_BIG_GB=0: Online Retail only.
  if (bigBytes > 0) {
    console.error(`writing the generated log (${(bigBytes / GB).toFixed(2)} GB) to ${BIG} if it is not there…`);
    await ensureEventLog(BIG, bigBytes);
  }
  const server = await serveStatic('dist');
  try {
    const window = { cutoff: '', windowDays: 30, windowEvents: 1 };
    const runs: [string, LabelBuilder][] = [
      [RETAIL, { ...window, tasks: [{ name: 'buys_again', kind: 'any' }, { name: 'big_basket', kind: 'sum', column: 'Quantity', threshold: 100 }] }],
      [BIG, { ...window, windowDays: 14, tasks: [{ name: 'active', kind: 'any' }, { name: 'buys', kind: 'match', column: 'event_type', op: 'equals', value: 'purchase' }] }],
    ];
    for (const [path, labels] of runs.filter(([path]) => path !== BIG || bigBytes > 0)) {
      const r = await measure(path, labels, server.url, path === BIG);
      console.log(
        JSON.stringify({
          file: r.file,
          fileMiB: Math.round(r.bytes / 1024 ** 2),
          dropToReadySeconds: Math.round(r.seconds * 10) / 10,
          peakRendererMiB: Math.round(r.peakProcessBytes / 1024 ** 2),
          peakChromiumTotalPssMiB: Math.round(r.peakTotalBytes / 1024 ** 2),
          secondsAfterDrop: r.timeline,
          dataset: r.summary,
          ...(r.exported ? { export: { ...r.exported, target: 'all users ≤ 2048 MiB of Chromium PSS, no main-thread task over 100 ms' } } : {}),
        }),
      );
    }
    const demo = await measureDemoExport(server.url);
    console.log(JSON.stringify({ export: 'demo, software preset', ...demo, target: '≤ 30 s for 12,000 users' }));
  } finally {
    await server.close();
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
