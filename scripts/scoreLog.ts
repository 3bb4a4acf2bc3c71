// The headless runner's scoring mode (npm run headless -- --model m --score log.csv --out
// scores.csv): the built app loads the saved model in its Export & score panel, scores every
// user of the log in its worker, and the scores.csv it offers is saved to --out. The same
// code and messages as a person using the page.
import type { Page } from 'playwright-core';

export interface ScoreOptions {
  model: string;
  file: string;
  out: string;
}

export interface ScoreResult {
  users: number;
  out: string;
  /** Per task: AUC on the log (out-of-time evaluation), or why there is none. */
  auc: Record<string, number | string>;
  seconds: number;
}

export async function scoreLog(page: Page, url: string, o: ScoreOptions, timeoutMin: number, quiet: boolean): Promise<ScoreResult> {
  const timeout = timeoutMin * 60_000;
  const t0 = Date.now();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  const load = page.getByTestId('load-model');
  await load.waitFor({ state: 'attached', timeout });
  // Enabled once the app has started (its demo run is prepared meanwhile).
  await page.waitForFunction(() => !(document.querySelector('[data-testid="load-model"]') as HTMLInputElement | null)?.disabled, undefined, { timeout });
  if (!quiet) console.error(`loading ${o.model}…`);
  await load.setInputFiles(o.model);
  await settle(page, '[data-testid="scoring-model"]', 'the model file', timeout);
  if (!quiet) console.error(`scoring ${o.file}…`);
  await page.getByTestId('score-file').setInputFiles(o.file);
  await settle(page, '[data-testid="export-result"]', 'Scored', timeout);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), page.getByTestId('download-scores.csv').click()]);
  await download.saveAs(o.out);
  const summary = await page.evaluate(() => {
    const text = document.querySelector('[data-testid="export-result"] p')?.textContent ?? '';
    const rows = [...document.querySelectorAll('[data-testid="export-auc"] tr')].map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']);
    return { text, rows };
  });
  if (errors.length > 0) throw new Error(`page error: ${errors[0]}`);
  const users = Number(/Scored ([\d,]+) users/.exec(summary.text)?.[1].replace(/,/g, '') ?? NaN);
  const auc = Object.fromEntries(summary.rows.map(([task, v]) => [task, Number.isFinite(Number(v)) ? Number(v) : v]));
  return { users, out: o.out, auc, seconds: Math.round((Date.now() - t0) / 100) / 10 };
}

/** Waits until `selector` says `text`, or the panel shows an error (thrown with its message). */
async function settle(page: Page, selector: string, text: string, timeout: number): Promise<void> {
  const handle = await page.waitForFunction(
    ([sel, want]) => {
      const error = document.querySelector('[data-testid="export-error"]')?.textContent;
      if (error) return { error };
      return document.querySelector(sel)?.textContent?.includes(want) ? { error: null } : null;
    },
    [selector, text] as const,
    { timeout },
  );
  const { error } = (await handle.jsonValue())!;
  if (error) throw new Error(error);
}
