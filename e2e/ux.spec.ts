// What a new user stumbles on (issue 12): work thrown away without asking, a spec file that is
// no spec, numbers that cannot be typed, two datasets on screen, links edited by hand, the
// rejected-fields notice, the keyboard, the embedding tooltip.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { decodeHash } from '../src/run/link';
import { defaultSpec } from '../src/run/runSpec';
import { tinyHash } from './helpers';

const FIXTURE = 'e2e/fixtures/small-events.csv';

/** small-events.csv without its four label columns: a log that needs a task built from it. */
const noLabels = () =>
  Buffer.from(
    readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .map((line) => line.split(',').slice(0, 6).join(','))
      .join('\n'),
  );

const status = (page: Page) => page.getByTestId('run-status');
const stepButton = (page: Page) => page.getByRole('button', { name: 'Step', exact: true });

async function ready(page: Page, hash = tinyHash()) {
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
}

/** The step the page shows once the worker's last events have been drawn. */
async function settledStep(page: Page): Promise<number> {
  let last = -1;
  await expect
    .poll(async () => {
      const now = Number(await status(page).getAttribute('data-step'));
      const same = now === last;
      last = now;
      return same;
    }, { intervals: [700] })
    .toBe(true);
  return last;
}

test('pause, change the learning rate: a confirmation; keeping the run keeps it and its charts, discarding resets', async ({ page }) => {
  await ready(page, tinyHash((s) => (s.train = { ...s.train, steps: 400, evalEvery: 5 })));
  await page.getByRole('button', { name: /Train/ }).click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-step')), { timeout: 120_000 }).toBeGreaterThanOrEqual(6);
  await page.getByRole('button', { name: /Pause/ }).click();
  await expect(status(page)).toHaveAttribute('data-state', 'paused');
  const step = await settledStep(page);
  const url = page.url();
  const lr = page.getByLabel('Learning rate');

  await lr.fill('0.02');
  await lr.press('Enter');
  const dialog = page.getByTestId('confirm-discard');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Discard ${step} trained steps?`);
  await expect(dialog).toContainText('Learning rate: 0.01 → 0.02');
  await dialog.getByRole('button', { name: 'Keep the run' }).click();
  await expect(dialog).toBeHidden();
  await expect(lr).toHaveValue('0.01');
  expect(page.url()).toBe(url);
  await expect(status(page)).toHaveAttribute('data-step', String(step));
  await expect(page.getByTestId('auc-chart')).not.toHaveAttribute('data-points', '0');
  // The kept run goes on from where it was.
  await stepButton(page).click();
  await expect(status(page)).toHaveAttribute('data-step', String(step + 1));

  // Escape keeps it too.
  await lr.fill('0.02');
  await lr.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(lr).toHaveValue('0.01');

  await lr.fill('0.02');
  await lr.press('Enter');
  await dialog.getByRole('button', { name: 'Discard and change' }).click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('auc-chart')).toHaveAttribute('data-points', '0');
  await expect(lr).toHaveValue('0.02');
  expect(page.url()).toContain('train.learningRate=0.02');
});

test('closing the page with trained steps asks the browser’s “leave page?”; without, it does not', async ({ page, context }) => {
  const untrained = await context.newPage();
  await ready(untrained);
  await untrained.getByLabel('Seed').click(); // a user gesture: the browser may prompt from here on
  let prompted = false;
  untrained.on('dialog', (d) => {
    prompted = true;
    void d.accept();
  });
  await untrained.close({ runBeforeUnload: true });
  await expect.poll(() => untrained.isClosed()).toBe(true);
  expect(prompted).toBe(false);

  await ready(page);
  await stepButton(page).click();
  await expect(status(page)).toHaveAttribute('data-step', '1');
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  expect(d.type()).toBe('beforeunload');
  await d.dismiss();
  expect(page.isClosed()).toBe(false);
  await expect(status(page)).toHaveAttribute('data-step', '1');
});

test('a text file as run spec: a message, and the current run unchanged; a spec file falls back to this adapter’s preset', async ({ page }) => {
  await ready(page, tinyHash((s) => (s.seed = 11)));
  const url = page.url();
  await page.getByTestId('spec-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('steps: 40\nnot a run at all\n') });
  const error = page.getByTestId('error');
  await expect(error).toContainText('notes.txt is not a run spec: it is not JSON');
  await expect(error).toContainText('The current run is unchanged.');
  expect(page.url()).toBe(url);
  await expect(page.getByLabel('Seed')).toHaveValue('11');
  await expect(page.getByTestId('dataset-summary')).toContainText('demo (400 users, seed 11)');
  await expect(page.getByRole('button', { name: /Train/ })).toBeEnabled();

  // A run spec with a bad field: it falls back to the light preset of this software adapter, as a link's does.
  const spec = { version: 2, seed: 5, data: { demoUsers: 400, seqLen: 12 }, train: { steps: 'many', batchSize: 16 } };
  await page.getByTestId('spec-input').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(spec)) });
  await expect(page.getByTestId('rejected-fields')).toContainText(`train.steps: 'many' is not a number — using ${defaultSpec('software').train.steps}`);
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue(String(defaultSpec('software').train.steps));
  await expect(page.getByLabel('d_model')).toHaveValue('32');
  await expect(page.getByLabel('Seed')).toHaveValue('5');
  await expect(page.getByTestId('dataset-summary')).toContainText('demo (400 users, seed 5)');
  await expect(page.getByTestId('software-preset')).toBeVisible();
});

test('numbers are kept as typed: 2.5 and -5 stay in the threshold, text is refused with why, never NaN', async ({ page }) => {
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel('task 1 kind').selectOption('sum');
  await page.getByLabel('task 1 column').selectOption('amount');
  const threshold = page.getByLabel('task 1 threshold');
  await threshold.fill('');
  await threshold.pressSequentially('2.5');
  await expect(threshold).toHaveValue('2.5');
  await threshold.blur();
  await expect(threshold).toHaveValue('2.5');
  await threshold.fill('');
  await threshold.pressSequentially('-5');
  await expect(threshold).toHaveValue('-5');

  const days = page.getByLabel('label window days');
  await days.fill('a month');
  await days.blur();
  await expect(days).toHaveValue('a month');
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  const builder = page.getByTestId('label-builder');
  await expect(builder).toContainText("'a month' is not a number");
  await page.getByRole('button', { name: 'Apply labels' }).click();
  await expect(builder).toContainText('Fix the marked fields first.');
  expect(decodeHash(new URL(page.url()).hash).spec.data.labelBuilder.tasks).toEqual([]);

  await days.fill('45.5');
  await page.getByRole('button', { name: 'Apply labels' }).click();
  await expect.poll(() => decodeHash(new URL(page.url()).hash).spec.data.labelBuilder).toMatchObject({ windowDays: 45.5, tasks: [{ kind: 'sum', column: 'amount', threshold: -5 }] });
  await expect(page.getByLabel('task 1 threshold')).toHaveValue('-5');
  await expect(page.getByLabel('label window days')).toHaveValue('45.5');

  // Every number field of the run reads the same way.
  const seed = page.getByLabel('Seed');
  await seed.fill('abc');
  await seed.press('Enter');
  await expect(seed).toHaveValue('abc');
  await expect(page.getByText("'abc' is not a number")).toBeVisible();
  await seed.press('Escape');
  await expect(seed).toHaveValue('7');
});

test('one dataset on screen: a file without labels replaces the demo everywhere, and building a task is the next step', async ({ page }) => {
  await ready(page);
  await stepButton(page).click();
  await expect(status(page)).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('loss-chart').getByTestId('legend')).toContainText('converts');

  await page.getByTestId('file-input').setInputFiles({ name: 'no-labels.csv', mimeType: 'text/csv', buffer: noLabels() });
  await page.getByTestId('confirm-discard').getByRole('button', { name: 'Discard and change' }).click();
  const next = page.getByTestId('next-step');
  await expect(next).toContainText('Next step: build a task.');
  await expect(next).toContainText('Training needs at least one task');
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(status(page)).toContainText('Next step: build a task');
  await expect(page.getByRole('button', { name: /Train/ })).toBeDisabled();
  // Nothing of the demo is left: no summary of it, no demo task in a legend, a λ field or a table.
  await expect(page.getByTestId('label-builder')).toContainText('The log runs from 2024-01-01');
  await expect(page.locator('main')).not.toContainText('demo (');
  await expect(page.locator('main')).not.toContainText('converts');

  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel('task 1 name').fill('active');
  await page.getByRole('button', { name: 'Apply labels' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('no-labels.csv');
  await expect(next).toHaveCount(0);
  await expect(page.getByLabel('λ active')).toBeVisible();
  await expect(page.getByTestId('loss-chart').getByTestId('legend')).toContainText('active');
  await expect(page.getByRole('button', { name: /Train/ })).toBeEnabled();
});

test('a link edited in the address bar is read again: seed=99 shows 99; with trained steps it asks first', async ({ page }) => {
  await ready(page);
  const editSeed = (seed: string) =>
    page.evaluate((s) => {
      const p = new URLSearchParams(location.hash.slice(1));
      p.set('seed', s);
      location.hash = p.toString();
    }, seed);
  await editSeed('99');
  await expect(page.getByLabel('Seed')).toHaveValue('99');
  await expect(page.getByTestId('dataset-summary')).toContainText('seed 99');

  await stepButton(page).click();
  await expect(status(page)).toHaveAttribute('data-step', '1');
  await editSeed('5');
  const dialog = page.getByTestId('confirm-discard');
  await expect(dialog).toContainText('Seed: 99 → 5');
  await dialog.getByRole('button', { name: 'Keep the run' }).click();
  // Kept: the field, the run and the address bar all say seed 99 again.
  await expect(page.getByLabel('Seed')).toHaveValue('99');
  await expect.poll(() => decodeHash(new URL(page.url()).hash).spec.seed).toBe(99);
  await expect(status(page)).toHaveAttribute('data-step', '1');
});

test('the rejected-fields notice speaks to people, says the value used, can be dismissed and goes after an edit', async ({ page }) => {
  const params = new URLSearchParams(tinyHash().slice(1));
  params.set('seed', 'abc');
  params.set('model.numExperts', 'lots');
  await page.goto(`/#${params}`);
  const banner = page.getByTestId('rejected-fields');
  await expect(banner).toContainText("Seed seed: 'abc' is not a number — using 7");
  await expect(banner).toContainText("Experts E model.numExperts: 'lots' is not a number — using 4");
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toHaveCount(0);

  // The address bar now holds the run as used (seed=7); the bad link again, as an edit of the address bar:
  await page.evaluate((hash) => (location.hash = hash), `#${params}`);
  await expect(banner).toContainText("Seed seed: 'abc' is not a number — using 7");
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const steps = page.getByLabel('Steps', { exact: true });
  await steps.fill('8');
  await steps.press('Enter');
  await expect(banner).toHaveCount(0);
});

test('keyboard: Train is among the first Tab stops; no empty or unnamed chart is one', async ({ page }) => {
  await ready(page);
  const stops: string[] = [];
  for (let i = 0; i < 8 && !stops.at(-1)?.includes('Train'); i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
  }
  expect(stops.findIndex((s) => s.includes('Train')), `Tab stops: ${stops.join(' | ')}`).toBeLessThan(5);
  // Before training every chart is empty: none of their plots can take the focus.
  const focusable = await page.evaluate(() =>
    [...document.querySelectorAll('figure svg')].filter((svg) => (svg as SVGElement).tabIndex >= 0 && !svg.closest('[inert]')).length,
  );
  expect(focusable).toBe(0);
  await stepButton(page).click();
  await stepButton(page).click();
  await expect(page.getByTestId('auc-chart')).toHaveAttribute('data-points', '1');
  // Charts with data are stops with a name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('figure svg')].filter((svg) => (svg as SVGElement).tabIndex >= 0 && !svg.closest('[inert]') && !svg.querySelector('title')?.textContent).length,
  );
  expect(unnamed).toBe(0);
});

test('embedding tooltips show rounded coordinates', async ({ page }) => {
  await ready(page, tinyHash((s) => (s.train = { ...s.train, steps: 2, evalEvery: 2 })));
  await stepButton(page).click();
  const view = page.getByTestId('embedding-view');
  await view.getByRole('button', { name: 'Show' }).click();
  const point = view.locator('.recharts-scatter-symbol').first();
  await expect(point).toBeVisible();
  const tooltip = view.locator('.recharts-tooltip-wrapper');
  // The tooltip follows mouse moves: should the points still move when the first hover lands
  // (a render after the embedding arrived), leave and hover again.
  await expect(async () => {
    await page.mouse.move(0, 0);
    await point.hover();
    await expect(tooltip).toContainText('PC1', { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  const numbers = (await tooltip.innerText()).match(/-?\d*\.\d+|-?\d+/g) ?? [];
  const significant = (n: string) => n.replace(/^-?0*\.?0*/, '').replace('.', '').length;
  for (const n of numbers) expect(significant(n), `${n} in "${await tooltip.innerText()}"`).toBeLessThanOrEqual(3);
});
