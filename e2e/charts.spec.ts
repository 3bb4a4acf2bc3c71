// The screen read at laptop sizes (issue 12.6-12.9): the mapping table whole at 1280×800, every
// chart with axis titles and a legend, the oracle lines told apart, the expert load with its own
// colours and explained sites, and a compare that says which model the live view shows.
// Screenshots go to e2e/screenshots/ (not committed) to be looked at.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PALETTE } from '../src/ui/charts/palette';
import { recordEvents, tinyHash, trainToEnd } from './helpers';

const SHOTS = 'e2e/screenshots';

const axisTitles = (chart: Locator) => chart.locator('.recharts-label').allTextContents();

/** Every box inside the viewport and inside `container`'s visible rectangle. */
async function expectInside(page: Page, items: Locator, container: Locator) {
  const viewport = page.viewportSize()!;
  const c = (await container.boundingBox())!;
  for (const item of await items.all()) {
    const b = (await item.boundingBox())!;
    const what = `${await item.textContent()} at x ${b.x.toFixed(0)}-${(b.x + b.width).toFixed(0)}`;
    expect(b.x, what).toBeGreaterThanOrEqual(Math.max(0, c.x) - 0.5);
    expect(b.x + b.width, what).toBeLessThanOrEqual(Math.min(viewport.width, c.x + c.width) + 0.5);
  }
}

test('at 1280×800 (and 1440×1000) the mapping table shows every column, the time format whole, each hint within its row; so does the preview', async ({ page }, info) => {
  await page.goto(`/${tinyHash()}`);
  await page.getByTestId('file-input').setInputFiles('e2e/fixtures/small-events.csv');
  const table = page.getByTestId('schema-table');
  await expect(table).toBeVisible();
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  for (const [w, h] of [
    [1280, 800],
    [1440, 1000],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await table.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const scroller = table.locator('xpath=..');
    const headers = table.locator('thead th');
    await expect(headers).toHaveText(['Column', 'Role', 'Setting', 'Distinct', 'Missing', 'Range', 'Top values']);
    for (const header of await headers.all()) await expect(header).toBeInViewport();
    await expectInside(page, headers, scroller);
    // Nothing is left to scroll sideways (or, were there, its scrollbar would be on screen).
    const sideways = await scroller.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(sideways).toBe(false);
    await expectInside(page, page.getByLabel('time format of timestamp'), scroller);
    await expect(page.getByLabel('time format of timestamp')).toHaveValue('iso');
    // Each why-hint stays inside its row.
    for (const row of await table.locator('tbody tr').all()) {
      const r = (await row.boundingBox())!;
      const why = (await row.locator('.why').boundingBox())!;
      expect(why.y + why.height, (await row.getAttribute('data-column')) ?? '').toBeLessThanOrEqual(r.y + r.height + 0.5);
    }
    const preview = page.getByTestId('preview-table');
    await expectInside(page, preview.locator('thead th'), preview.locator('xpath=..'));
    const path = `${SHOTS}/mapping-${w}x${h}.png`;
    await page.screenshot({ path });
    await info.attach(`mapping at ${w}×${h}`, { path, contentType: 'image/png' });
  }
});

test('every chart titles its axes and names its series; oracle lines are told apart; the expert load has its own colours and explained sites', async ({ page }, info) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`/${tinyHash((s) => (s.train = { ...s.train, steps: 12, evalEvery: 4 }))}`);
  await trainToEnd(page);

  const auc = page.getByTestId('auc-chart');
  expect(await axisTitles(auc)).toEqual(['step', 'AUC (validation)']);
  const tasks = ['converts', 'premium_upsell', 'coupon_user', 'churn_risk'];
  await expect(auc.getByTestId('legend').locator('li')).toHaveText([
    ...tasks,
    'oracle AUC of each task (true probabilities)',
    'baseline of each task: logistic regression on the user summary',
    'step kept (early stopping); ○ each task’s own best step',
  ]);
  // The four oracle lines lie within 0.012 of each other: each labelled in its task's colour, apart.
  const labels = auc.getByTestId('oracle-labels').locator('text');
  await expect(labels).toHaveCount(4);
  const ys = (await Promise.all((await labels.all()).map((l) => l.boundingBox()))).map((b) => b!.y).sort((a, b) => a - b);
  for (let k = 1; k < ys.length; k++) expect(ys[k] - ys[k - 1]).toBeGreaterThanOrEqual(11);
  for (const [k, t] of tasks.entries()) await expect(auc.locator(`[data-task="${t}"]`)).toHaveAttribute('fill', PALETTE[k]);

  const loss = page.getByTestId('loss-chart');
  expect(await axisTitles(loss)).toEqual(['step', 'loss (BCE)']);
  await expect(loss.getByTestId('legend').locator('li')).toHaveText(['total (Σ λ·L + balance + z)', ...tasks]);

  const routing = page.getByTestId('routing-chart');
  expect(await axisTitles(routing)).toEqual(['step', 'dropped (%)', 'balance loss']);
  // The dropped share has its own 0-100 % axis.
  expect(await routing.locator('.recharts-cartesian-axis-tick-value').allTextContents()).toEqual(expect.arrayContaining(['0%', '50%', '100%']));
  await expect(routing.getByTestId('legend')).toContainText('dropped tokens, % of routed (left axis)');
  await expect(routing.getByTestId('legend')).toContainText('balance loss (right axis)');
  const speed = page.getByTestId('speed-chart');
  expect(await axisTitles(speed)).toEqual(['step', 'tokens / s', 'ms / step']);
  await expect(speed.getByTestId('legend')).toContainText('tokens per second (left axis)');
  await expect(speed.getByTestId('legend')).toContainText('ms per step (right axis)');

  const load = page.getByTestId('load-chart');
  await expect(load.getByTestId('legend').locator('li')).toHaveText(['e0', 'e1', 'e2', 'e3', 'even share (1/E = 25%)']);
  expect(await axisTitles(load)).toEqual(['step', 'share of tokens']);
  const site = page.getByTestId('load-site-block0.msa.q');
  await expect(site).toHaveAttribute('title', /query projection/);
  await expect(page.getByTestId('load-site-block0.ffn2')).toHaveAttribute('title', /feed-forward layer 2/);
  await expect(site.locator('.bar-value')).toHaveCount(4);
  const taskColours = new Set(PALETTE.map(hexToRgb));
  for (const bar of await site.getByTestId('expert-bar').all()) {
    expect(taskColours.has(await bar.evaluate((el) => getComputedStyle(el).backgroundColor))).toBe(false);
  }

  for (const [w, h] of [
    [1440, 1000],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.scrollTo(0, 0));
    const path = `${SHOTS}/charts-${w}x${h}.png`;
    await page.screenshot({ path, fullPage: true });
    await info.attach(`charts at ${w}×${h}`, { path, contentType: 'image/png' });
  }
});

test('a compare says which model the live view shows, and one ending on MMoE says it has no routed experts', async ({ page }, info) => {
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash((s) => (s.compare = { models: ['supermoe', 'mmoe'], alone: false }))}`);
  // The Model select names no model of a compare: marked as not read by it.
  await expect(page.locator('label.field', { has: page.locator('select[name="model.type"]') })).toHaveClass(/unused/);
  await trainToEnd(page);
  const subject = 'MMoE · training (phase 2 of 2)';
  for (const id of ['auc-chart', 'task-metrics', 'loss-chart', 'load-chart']) await expect(page.getByTestId(id).getByTestId('subject')).toHaveText(subject);
  const load = page.getByTestId('load-chart');
  await expect(load).toContainText('MMoE has no routed experts');
  await expect(load).not.toContainText('appears after the first step');
  const view = page.getByTestId('embedding-view');
  await view.getByRole('button', { name: 'Show' }).click();
  // The embeddings are of the weights the phase kept (early stopping's step).
  const kept = events.filter((e) => e.kind === 'chosen').at(-1);
  await expect(view.getByTestId('subject')).toHaveText(`${subject}, step ${kept?.kind === 'chosen' ? kept.step : '?'}`);
  const path = `${SHOTS}/compare-1440x1000.png`;
  await page.setViewportSize({ width: 1440, height: 1000 });
  // From the top: the sticky controls are drawn where the page was scrolled to otherwise.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  await info.attach('compare', { path, contentType: 'image/png' });
});

function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}
