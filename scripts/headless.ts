// npm run headless -- [--spec <share link | run-spec.json>] [--data <csv path>] [--steps N]
// npm run headless -- --model <model.smoemodel> --score <events.csv> [--out scores.csv]
// Runs the built app in headless Chromium on WebGPU (the same code a user runs), prints one
// JSON line per evaluation and, last, one JSON object with "final": true. A --data file given
// with no spec, or with a spec that names no file (e.g. one holding only a label builder), gets
// N and steps from its data, as a file dropped into the app does; "link" in the final JSON is
// the run as trained. With --model and --score it trains nothing: the app loads the saved model,
// scores every user of the log (scoreLog.ts) and writes scores.csv.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { decodeAny, encodeHash } from '../src/run/link';
import { defaultSpec, type RunSpec } from '../src/run/runSpec';
import { isSoftwareAdapter } from '../src/worker/adapter';
import { median, recentLoad, type RunHistory } from '../src/ui/history';
import type { AutomationEvent } from '../src/ui/automation';
import type { BackendInfo, BackendName } from '../src/worker/protocol';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { ensureBuilt } from './build';
import { commonOptions, exitOnHelp } from './cli';
import { RecipeReport } from './recipeReport';
import { TaskReport } from './taskReport';
import { scoreLog, type ScoreOptions } from './scoreLog';
import { serveStatic } from './staticServer';

const USAGE = `usage: npm run headless -- [--spec <share link | run-spec.json>] [--data <events.csv>] [--steps N]
                          [--backend webgpu|webgl|cpu] [--timeout MINUTES] [--quiet]
       npm run headless -- --model <model.smoemodel> --score <events.csv> [--out scores.csv] [--backend …]`;

interface Options {
  spec?: string;
  data?: string;
  /** Scoring mode: a saved model file, the log to score and where scores.csv goes. */
  score?: ScoreOptions;
  steps?: number;
  backend: BackendName;
  timeoutMin: number;
  quiet: boolean;
}

class UsageError extends Error {}

/** --model and --score go together, and exclude a training run's options. */
function scoreOptions(v: { model?: string; score?: string; out: string; spec?: string; data?: string; steps?: string }): ScoreOptions | undefined {
  if (v.model === undefined && v.score === undefined) return undefined;
  if (v.model === undefined || v.score === undefined) throw new UsageError('--model and --score go together: a saved model file and the log to score');
  if (v.spec || v.data || v.steps) throw new UsageError('--model/--score score a log with a saved model: --spec, --data and --steps are for training');
  for (const [flag, path] of [['--model', v.model], ['--score', v.score]]) if (!existsSync(path)) throw new UsageError(`${flag} ${path}: no such file`);
  return { model: v.model, file: v.score, out: v.out };
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string' },
      data: { type: 'string' },
      steps: { type: 'string' },
      backend: { type: 'string', default: 'webgpu' },
      model: { type: 'string' },
      score: { type: 'string' },
      out: { type: 'string', default: 'scores.csv' },
      ...commonOptions(60),
    },
    strict: true,
  });
  exitOnHelp(values.help, USAGE);
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  if (steps !== undefined && !(Number.isInteger(steps) && steps > 0)) throw new UsageError(`--steps must be a positive integer, got "${values.steps}"`);
  if (!['webgpu', 'webgl', 'cpu'].includes(values.backend)) throw new UsageError(`--backend must be webgpu, webgl or cpu, got "${values.backend}"`);
  if (values.data && !existsSync(values.data)) throw new UsageError(`--data ${values.data}: no such file`);
  const timeoutMin = Number(values.timeout);
  if (!(timeoutMin > 0)) throw new UsageError(`--timeout must be a number of minutes, got "${values.timeout}"`);
  const score = scoreOptions(values);
  return { spec: values.spec, data: values.data, steps, score, backend: values.backend as BackendName, timeoutMin, quiet: values.quiet };
}

/**
 * The run to start: the given spec (checked like a link), else the app's default for this
 * adapter. `sizeFromData`: the file is new to the spec (it names no file, as the default and a
 * demo spec do) and no --steps was given, so the app sets N and steps from the file's data, as
 * when a user drops a new file.
 */
function resolveSpec(o: Options, software: boolean): { spec: RunSpec; sizeFromData: boolean } {
  const defaults = defaultSpec(software ? 'software' : 'gpu');
  let spec = defaults;
  if (o.spec) {
    const text = existsSync(o.spec) ? readFileSync(o.spec, 'utf8') : o.spec;
    const { spec: decoded, rejected } = decodeAny(text, defaults);
    if (rejected.length > 0) {
      throw new UsageError(`--spec has rejected fields:\n${rejected.map((r) => `  ${r.field} = ${r.value}: ${r.reason}`).join('\n')}`);
    }
    spec = decoded;
  }
  if (o.steps !== undefined) spec = { ...spec, train: { ...spec.train, steps: o.steps } };
  if (o.data) {
    // The app then waits for the file instead of starting on the demo; a spec made on the
    // same file keeps its column mapping, any other file gets the inferred one.
    const bytes = readFileSync(o.data);
    const file = { name: basename(o.data), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    const same = spec.data.file?.sha256 === file.sha256;
    const sizeFromData = !spec.data.file && o.steps === undefined;
    spec = { ...spec, data: { ...spec.data, source: 'file', file, columns: same ? spec.data.columns : [] } };
    return { spec, sizeFromData };
  } else if (spec.data.source === 'file') {
    throw new UsageError(`this run trains on the file ${spec.data.file?.name}: give it with --data <path>`);
  }
  return { spec, sizeFromData: false };
}

async function adapterIsSoftware(page: Page, base: string, backend: BackendName): Promise<boolean> {
  if (backend === 'cpu') return true;
  await page.goto(`${base}favicon.svg`);
  const info = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? { vendor: a.info.vendor, architecture: a.info.architecture, device: a.info.device, description: a.info.description } : null;
  });
  if (!info && backend === 'webgpu') throw new Error('No WebGPU adapter in headless Chromium. Install Chromium (apt-get install chromium) or set CHROME_PATH; try --backend webgl or cpu.');
  return info ? isSoftwareAdapter(info) : false;
}

function evalLine(e: Extract<AutomationEvent, { kind: 'eval' }>, t0: number) {
  const tasks = Object.fromEntries(e.metrics.tasks.map((t) => [t.name, { valAuc: t.auc, oracleAuc: t.oracleAuc }]));
  return { step: e.metrics.step, tasks, ...TaskReport.evalFields(e.metrics), evalMs: Math.round(e.metrics.evalMs), elapsedS: Math.round((Date.now() - t0) / 100) / 10 };
}

async function main(): Promise<number> {
  const o = readOptions();
  await ensureBuilt(o.quiet);
  const server = await serveStatic('dist');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    if (o.score) {
      const backendQuery = o.backend === 'webgpu' ? '' : `?backend=${o.backend}`;
      console.log(JSON.stringify({ final: true, ...(await scoreLog(page, `${server.url}${backendQuery}`, o.score, o.timeoutMin, o.quiet)) }));
      return 0;
    }
    const { spec, sizeFromData } = resolveSpec(o, await adapterIsSoftware(page, server.url, o.backend));
    let prepared = spec;
    const history: RunHistory = { steps: [], evals: [] };
    const recipe = new RecipeReport();
    const taskReport = new TaskReport();
    const seen: { backend: BackendInfo | null } = { backend: null };
    const t0 = Date.now();
    const finished = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${o.timeoutMin} min`)), o.timeoutMin * 60_000);
      void page.exposeFunction('__supermoeEvent', (json: string) => {
        const e = JSON.parse(json) as AutomationEvent;
        recipe.add(e);
        taskReport.add(e);
        if (e.kind === 'mcpEval') console.log(JSON.stringify(RecipeReport.mcpLine(e, t0)));
        if (e.kind === 'backend') seen.backend = e.backend;
        else if (e.kind === 'prepared') prepared = e.spec;
        else if (e.kind === 'step') history.steps.push(e.metrics);
        else if (e.kind === 'eval') {
          history.evals.push(e.metrics);
          console.log(JSON.stringify({ ...evalLine(e, t0), ...(e.phase ? { phase: e.phase.label } : {}) }));
        } else if (e.kind === 'chosen') {
          if (!o.quiet) console.error(`${e.phase?.label ?? 'training'}: ends with the weights of step ${e.step}${e.restored ? ' (restored)' : ''}`);
        } else if (e.kind === 'error') {
          clearTimeout(timer);
          reject(new Error(e.message));
        } else if (e.kind === 'state' && e.state === 'done') {
          clearTimeout(timer);
          resolve();
        }
      });
      page.on('pageerror', (err) => reject(new Error(`page error: ${err.message}`)));
    });
    const backendQuery = o.backend === 'webgpu' ? '' : `&backend=${o.backend}`;
    const sizeQuery = sizeFromData ? '&size=data' : '';
    await page.goto(`${server.url}?autoplay=1${backendQuery}${sizeQuery}${encodeHash(spec)}`);
    if (o.data) {
      if (!o.quiet) console.error(`dropping ${basename(o.data)} into the app…`);
      await page.locator('[data-testid="file-input"]').setInputFiles(o.data);
    }
    await finished;
    const final = {
      final: true,
      backend: seen.backend?.backend ?? o.backend,
      adapter: seen.backend?.adapter ?? null,
      software: seen.backend?.software ?? null,
      steps: history.steps.at(-1)?.step ?? 0,
      tasks: taskReport.final(),
      expertLoad: Object.fromEntries(recentLoad(history.steps, 10)),
      stepMs: median(history.steps.slice(1).map((s) => s.stepMs)),
      evalMs: median(history.evals.map((e) => e.evalMs)),
      ...recipe.final(),
      wallSeconds: Math.round((Date.now() - t0) / 1000),
      link: encodeHash(prepared),
    };
    console.log(JSON.stringify(final));
    return 0;
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`headless: ${e.message}`);
    if (e instanceof UsageError) console.error(USAGE);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
