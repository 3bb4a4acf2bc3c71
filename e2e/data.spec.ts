// Real logs through the real UI: the UCI Online Retail log (541,909 purchases, gzipped, no
// label column) dropped as is, its inferred mapping accepted, two labels built from the log,
// a few training steps on WebGPU; and Amazon Beauty's `user item item …` lines as per-user
// sequences. Both are read in place from ../shared (their licences forbid copying them).
import { expect, test, type Page } from '@playwright/test';
import { expectWebGpu, losses, recordEvents, tinyHash, trainToEnd } from './helpers';

const RETAIL = '../shared/data/uci-online-retail/online-retail.csv.gz';
const BEAUTY = '../shared/data/amazon-beauty-s3rec/Beauty.txt';

// Few validation users and one evaluation: SwiftShader evaluates every validation user.
const hash = tinyHash((s) => {
  s.data.valFraction = 0.05;
  s.train = { ...s.train, steps: 3, evalEvery: 3 };
});

async function addTask(page: Page, n: number, name: string) {
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel(`task ${n} name`).fill(name);
}

test('drops online-retail.csv.gz, accepts the inferred mapping, builds two labels and trains', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/${hash}`);
  await expectWebGpu(page);
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');

  await page.getByTestId('file-input').setInputFiles(RETAIL);
  await expect(page.getByTestId('schema-table')).toBeVisible();
  await expect(page.getByLabel('role of CustomerID')).toHaveValue('user');
  await expect(page.getByLabel('role of InvoiceDate')).toHaveValue('time');
  await expect(page.getByLabel('role of Quantity')).toHaveValue('dense');
  // No label column: building a task is the next step, said as guidance (not as an error);
  // the full pass still reads the log, for its time span.
  await expect(page.getByTestId('next-step')).toContainText('Training needs at least one task');
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('label-builder')).toContainText('The log runs from 2010-12-01', { timeout: 120_000 });

  await addTask(page, 1, 'buys_again');
  await addTask(page, 2, 'big_basket');
  await page.getByLabel('task 2 kind').selectOption('sum');
  await page.getByLabel('task 2 column').selectOption('Quantity');
  await page.getByLabel('task 2 threshold').fill('100');
  await page.getByRole('button', { name: 'Apply labels' }).click();

  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toContainText('online-retail.csv.gz', { timeout: 120_000 });
  await expect(summary).toContainText('buys_again');
  await expect(summary).toContainText('big_basket');
  await expect(summary).toContainText('135,080 rows without a user were left out.');
  await expect(page.getByTestId('task-rate').first()).toContainText('% positive');
  await expect(page.getByTestId('channel-table').locator('[data-channel="StockCode"]')).toContainText('id');
  expect(page.url()).toContain('data.labelBuilder=');

  await trainToEnd(page);
  const l = losses(events);
  expect(l).toHaveLength(3);
  for (const x of l) expect(Number.isFinite(x)).toBe(true);
  const evals = events.filter((e) => e.kind === 'eval');
  expect(evals.length).toBe(1);
});

test('loads Beauty.txt as per-user sequences, says how to get a task, and trains on one', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/${hash}`);
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await page.getByTestId('file-input').setInputFiles(BEAUTY);
  await expect(page.getByLabel('file format')).toContainText('auto (users)');
  await expect(page.getByLabel('role of user')).toHaveValue('user');
  await expect(page.getByLabel('role of item')).toHaveValue('id');
  await expect(page.getByLabel('list separator of item')).toHaveValue(' ');
  await expect(page.getByTestId('next-step')).toContainText('Training needs at least one task');

  // Without a time column the window is each user's last event: "the held-out item is one of …".
  await addTask(page, 1, 'next_is_popular');
  await page.getByLabel('task 1 kind').selectOption('match');
  await page.getByLabel('task 1 column').selectOption('item');
  await page.getByLabel('task 1 value').fill(Array.from({ length: 60 }, (_, i) => i + 1).join(','));
  await page.getByRole('button', { name: 'Apply labels' }).click();
  const summary = page.getByTestId('dataset-summary');
  await expect(summary).toContainText('Beauty.txt', { timeout: 60_000 });
  await expect(summary).toContainText('next_is_popular');
  await expect(page.getByTestId('channel-table').locator('[data-channel="item"]')).toContainText('id');
  await trainToEnd(page);
  for (const x of losses(events)) expect(Number.isFinite(x)).toBe(true);
});
