// Run history (issue 10, items 4 and 5): runs kept in IndexedDB across reloads, opened with
// their curves, overlaid, a run's history as CSV and a chart as PNG and SVG.
import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { defaultSpec } from '../src/run/runSpec';
import { expectWebGpu, tinyHash, trainToEnd } from './helpers';

const rows = (page: Page) => page.getByTestId('run-row');

async function open(page: Page, hash: string) {
  // Reloading with trained steps asks "leave page?": the tests leave.
  page.on('dialog', (d) => void d.accept());
  await page.goto(`/${hash}`);
  await expectWebGpu(page);
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
}

async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [d]: [Download, void] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

test('a trained run is kept: after a reload it is in the history, opens with its curves, and its history downloads as CSV', async ({ page }) => {
  await open(page, tinyHash());
  await trainToEnd(page);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-status', 'done');

  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const row = rows(page).first();
  await expect(rows(page)).toHaveCount(1);
  await expect(row.getByTestId('run-status-text')).toHaveText('done');
  await expect(row).toContainText('demo (400 users, seed 7)');
  await expect(row.getByTestId('run-auc')).toContainText(/0\.\d{3}/);
  await row.getByRole('button', { name: 'open' }).click();
  // Evaluations at steps 2, 4 and 6; losses at every step.
  await expect(page.getByTestId('overlay-auc-chart')).toHaveAttribute('data-points', '3');
  await expect(page.getByTestId('overlay-loss-chart')).toHaveAttribute('data-points', '6');

  const csv = await download(page, row.getByRole('button', { name: 'CSV' }));
  expect(csv.name).toMatch(/-history\.csv$/);
  const lines = csv.bytes.toString('utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  expect(header.slice(0, 6)).toEqual(['step', 'loss', 'balance_loss', 'z_loss', 'tokens', 'step_ms']);
  const aucColumns = header.flatMap((h, i) => (h.startsWith('val_auc ') ? [i] : []));
  expect(aucColumns.length).toBeGreaterThan(0);
  expect(lines).toHaveLength(7);
  const cells = lines.slice(1).map((l) => l.split(','));
  expect(cells.map((c) => Number(c[0]))).toEqual([1, 2, 3, 4, 5, 6]);
  for (const c of cells) expect(Number(c[1])).toBeGreaterThan(0);
  // AUC on the evaluated steps only.
  expect(cells.map((c) => c[aucColumns[0]] !== '')).toEqual([false, true, false, true, false, true]);
  for (const c of [cells[1], cells[3], cells[5]]) expect(Number(c[aucColumns[0]])).toBeGreaterThan(0);

  // Renamed and deleted, and both survive a reload.
  await row.getByRole('button', { name: /^Rename/ }).click();
  const name = page.getByLabel('Run name');
  await name.fill('first try');
  await name.press('Enter');
  await expect(row.getByTestId('run-name')).toHaveText('first try');
  await page.reload();
  await expect(rows(page).first().getByTestId('run-name')).toHaveText('first try');
  await rows(page).first().getByRole('button', { name: 'delete' }).click();
  await rows(page).first().getByRole('button', { name: 'delete “first try”' }).click();
  await expect(rows(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(page.getByTestId('run-history')).toContainText('No run kept yet');
});

test('two runs overlaid, named by the settings that differ; the chart downloads as PNG and SVG', async ({ page }) => {
  await open(page, tinyHash());
  await trainToEnd(page);
  const lr = page.getByLabel('Learning rate');
  await lr.fill('0.02');
  await lr.press('Enter');
  await page.getByTestId('confirm-discard').getByRole('button', { name: 'Discard and change' }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'ready');
  await trainToEnd(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(page.locator('[data-testid=run-row][data-status=discarded]')).toHaveCount(1);

  for (const box of await page.getByRole('checkbox', { name: /^Compare / }).all()) await box.check();
  const chart = page.getByTestId('overlay-auc-chart');
  await expect(chart).toHaveAttribute('data-points', '3');
  const legend = chart.getByTestId('legend');
  const before = defaultSpec('software').train.learningRate;
  await expect(legend).toContainText('Learning rate: 0.02');
  await expect(legend).toContainText(`Learning rate: ${before}`);
  // Only what differs: the seed, the model and the data are the same.
  await expect(legend).not.toContainText('Seed');
  await expect(legend).not.toContainText('d_model');
  await expect(chart.locator('.recharts-line')).toHaveCount(2 * (await rows(page).first().getByTestId('run-auc').innerText()).split('·').length);
  await expect(page.getByTestId('overlay-loss-chart').locator('.recharts-line')).toHaveCount(2);

  const png = await download(page, chart.getByRole('button', { name: 'Download this chart as PNG' }));
  expect(png.name).toBe('2-runs-auc.png');
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.length).toBeGreaterThan(10_000);
  // IHDR: width and height at 2× the chart's size on screen.
  const box = (await chart.locator('svg.recharts-surface').boundingBox())!;
  expect(png.bytes.readUInt32BE(16)).toBe(2 * Math.ceil(box.width));
  expect(png.bytes.readUInt32BE(20)).toBeGreaterThan(2 * box.height);

  const svg = (await download(page, chart.getByRole('button', { name: 'Download this chart as SVG' }))).bytes.toString('utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('Learning rate: 0.02');
  expect(svg).toContain('Validation AUC per task: 2 runs');
  expect((svg.match(/class="recharts-curve recharts-line-curve"/g) ?? []).length).toBe(await chart.locator('.recharts-line').count());

  // Every chart of the live view downloads too.
  const live = await download(page, page.getByTestId('loss-chart').getByRole('button', { name: 'Download this chart as PNG' }));
  expect(live.name).toBe('loss-chart.png');
  expect(live.bytes.readUInt32BE(0)).toBe(0x89504e47);
});

test('reloading during a run keeps its history up to the last evaluation and says it stopped there', async ({ page }) => {
  await open(
    page,
    tinyHash((s) => {
      s.train.steps = 400;
      s.train.evalEvery = 2;
    }),
  );
  await page.getByRole('button', { name: /Train/ }).click();
  // Three evaluations on screen: the save at the second (step 4) was started at least one redraw (400 ms) ago.
  await expect(page.getByTestId('auc-chart')).toHaveAttribute('data-points', /^([3-9]|\d\d+)$/);
  const row = rows(page).first();
  await expect(row.getByTestId('run-status-text')).toHaveText('training');
  await expect(row).toHaveAttribute('data-status', 'running');
  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const text = rows(page).first().getByTestId('run-status-text');
  await expect(text).toHaveText(/^stopped at step \d+ \(page closed or reloaded; kept up to that evaluation\)$/);
  const stoppedAt = Number((await text.innerText()).match(/step (\d+)/)![1]);
  expect(stoppedAt).toBeGreaterThanOrEqual(4);
  await rows(page).first().getByRole('button', { name: 'open' }).click();
  await expect(page.getByTestId('overlay-auc-chart')).toHaveAttribute('data-points', String(stoppedAt / 2));
});
