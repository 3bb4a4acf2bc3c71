// npm run bench:faults — every fault of README §Reliability caused in the built app in headless
// Chromium on WebGPU (faultDrills.ts), one JSON line each: handled or not, seconds to recover,
// steps lost; last, a soak of the software preset (BENCH_SOAK_STEPS, default 2000) whose tensor
// count and device bytes must end where they were after step 10. BENCH_FAULTS=nan,device,…
// runs some only. A benchmark, not a test: it exits 1 when a fault is not handled.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './browser';
import { ensureBuilt } from './build';
import { nanDrill, oversizeDrill, quotaDrill, restartDrill, soak, type FaultResult } from './faultDrills';
import { serveStatic } from './staticServer';
import type { Browser } from 'playwright-core';

const DRILLS: Record<string, (b: Browser, url: string) => Promise<FaultResult>> = {
  nan: nanDrill,
  device: (b, url) => restartDrill(b, url, 'destroyDevice'),
  worker: (b, url) => restartDrill(b, url, 'throw'),
  oversize: oversizeDrill,
  quota: quotaDrill,
  soak: (b, url) => soak(b, url, Number(process.env.BENCH_SOAK_STEPS ?? 2000)),
};

async function main(): Promise<number> {
  const wanted = (process.env.BENCH_FAULTS ?? Object.keys(DRILLS).join(',')).split(',');
  await ensureBuilt(false);
  const server = await serveStatic('dist');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  let failed = 0;
  try {
    for (const name of wanted) {
      const drill = DRILLS[name];
      if (!drill) throw new Error(`BENCH_FAULTS: no fault named ${name} (known: ${Object.keys(DRILLS).join(', ')})`);
      const r = await drill(browser, server.url).catch((e: Error): FaultResult => ({ fault: name, handled: false, secondsToRecover: null, stepsLost: null, detail: e.message }));
      if (!r.handled) failed++;
      console.log(JSON.stringify(r));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.message);
    process.exit(1);
  },
);
