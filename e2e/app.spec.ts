import { expect, test } from '@playwright/test';
import { expectWebGpu, losses, recordEvents, tinyHash, trainToEnd } from './helpers';

/** Main-thread tasks while training on software WebGPU (see below): all but the longest stay under this. */
const LONG_TASK_BUDGET_MS = 400;
/** The page never freezes: no single task, however stretched by the scheduler, reaches a second. */
const SINGLE_TASK_CEILING_MS = 1000;

test('trains the demo on WebGPU: AUC points, one bar per expert, a responsive page', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash()}`);
  await expectWebGpu(page);
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
  await trainToEnd(page);

  const auc = page.getByTestId('auc-chart');
  await expect(auc).toHaveAttribute('data-points', '3'); // evaluations at steps 2, 4, 6
  await expect(auc.locator('.recharts-line-curve').first()).toBeVisible();
  const site = page.getByTestId('load-site-block0.ffn1');
  await expect(site).toHaveAttribute('data-experts', '4');
  await expect(site.getByTestId('expert-bar')).toHaveCount(4);
  expect(losses(events)).toHaveLength(6);
  for (const l of losses(events)) expect(Number.isFinite(l)).toBe(true);

  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  // On a 2-core machine without a GPU, SwiftShader's threads share the cores with the page, so
  // a task's wall time stretches when the scheduler takes the core away: the same run's longest
  // task measured 90-190 ms on an idle machine, 255-270 ms as the first e2e test of a fresh-clone
  // CI run, and once 450 ms, the third of 16 tasks, with all the others at 61-193 ms. A real GPU
  // leaves the cores to the page. What this test guards against is a render that is slow by
  // itself (half a second and more): that repeats on every update of its chart, so it shows in
  // the second-longest task too, where the stretch above was one task of the run.
  const [longest = 0, second = 0] = [...longTasks].sort((a, b) => b - a);
  const list = `main-thread long tasks while training: ${longTasks.join(', ')} ms`;
  expect(second, list).toBeLessThan(LONG_TASK_BUDGET_MS);
  expect(longest, list).toBeLessThan(SINGLE_TASK_CEILING_MS);
});

test('a copied link reopens the same run, and the same seed gives the same curve', async ({ page, context }) => {
  const first = await recordEvents(page);
  await page.goto(`/${tinyHash()}`);
  await expectWebGpu(page);
  await page.getByLabel('Experts E').fill('2');
  await page.getByLabel('Experts E').press('Enter');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await trainToEnd(page);
  await page.getByTestId('copy-link').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('model.numExperts=2');

  const other = await context.newPage();
  const second = await recordEvents(other);
  await other.goto(link);
  await expect(other.getByLabel('Experts E')).toHaveValue('2');
  for (const label of ['d_model', 'Blocks', 'Steps', 'Seed', 'Demo users']) {
    await expect(other.getByLabel(label, { exact: true })).toHaveValue(await page.getByLabel(label, { exact: true }).inputValue());
  }
  await trainToEnd(other);
  const a = losses(first);
  const b = losses(second);
  expect(b).toHaveLength(a.length);
  a.forEach((l, i) => expect(Math.abs(l - b[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(l))));
});

test('a tampered link names the rejected fields and still opens a working run', async ({ page }) => {
  const params = new URLSearchParams(tinyHash().slice(1));
  params.set('model.numExperts', 'lots');
  params.set('train.learningRate', '-3');
  await page.goto(`/#${params}`);
  const banner = page.getByTestId('rejected-fields');
  await expect(banner).toContainText('model.numExperts');
  await expect(banner).toContainText('train.learningRate');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(page.getByRole('button', { name: /Train/ })).toBeEnabled();
});
