// npm run bench -- [--tokens N] [--reps N] [--warmup N] [--step-reps N] [--timeout MINUTES]
// Issue 3's benchmark: builds the app if needed, serves it on localhost, opens its benchmark
// page (?bench=1, src/bench/benchPage.ts) in headless Chromium on whatever WebGPU adapter it
// finds, prints progress to stderr and, last, one JSON object: the adapter, how it timed (GPU
// timestamps or wall time), the raw median times and the ratios.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import type { BenchMessage } from '../src/bench/benchPage';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { ensureBuilt } from './build';
import { commonOptions, exitOnHelp } from './cli';
import { serveStatic } from './staticServer';

const USAGE = 'usage: npm run bench -- [--tokens N] [--reps N] [--warmup N] [--step-reps N] [--timeout MINUTES] [--quiet]';

/** Unquantised GPU timestamps (Chromium rounds them to 100 µs otherwise, coarser than a small kernel). */
const BENCH_ARGS = ['--enable-webgpu-developer-features'];

function readOptions() {
  const { values } = parseArgs({
    options: {
      tokens: { type: 'string', default: '4096' },
      reps: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      'step-reps': { type: 'string', default: '10' },
      ...commonOptions(30),
    },
    strict: true,
  });
  exitOnHelp(values.help, USAGE);
  const positive = (name: string, v: string) => {
    const n = Number(v);
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`--${name} must be a positive integer, got "${v}"\n${USAGE}`);
    return n;
  };
  return {
    query: new URLSearchParams({
      bench: '1',
      tokens: String(positive('tokens', values.tokens)),
      reps: String(positive('reps', values.reps)),
      warmup: String(positive('warmup', values.warmup)),
      stepReps: String(positive('step-reps', values['step-reps'])),
    }),
    timeoutMin: positive('timeout', values.timeout),
    quiet: values.quiet,
  };
}

async function main(): Promise<void> {
  const o = readOptions();
  await ensureBuilt(o.quiet);
  const server = await serveStatic('dist');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...BENCH_ARGS], headless: true });
  try {
    const page = await browser.newPage();
    const result = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${o.timeoutMin} min`)), o.timeoutMin * 60_000);
      void page.exposeFunction('__supermoeBench', (json: string) => {
        const m = JSON.parse(json) as BenchMessage;
        if (m.kind === 'log') {
          if (!o.quiet) console.error(m.line);
        } else {
          clearTimeout(timer);
          if (m.kind === 'result') resolve(m.result);
          else reject(new Error(m.message));
        }
      });
      page.on('pageerror', (err) => reject(new Error(`page error: ${err.message}`)));
    });
    await page.goto(`${server.url}?${o.query.toString()}`);
    console.log(JSON.stringify(await result));
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`bench: ${e.message}`);
    process.exit(1);
  },
);
