import { expect, test } from '@playwright/test';
import { expectWebGpu, recordEvents, tinyHash, trainToEnd } from './helpers';

const FIXTURE = 'e2e/fixtures/small-events.csv';

test('drops an event-log CSV, shows the inferred roles, and trains on it', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash()}`);
  await expectWebGpu(page);
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');

  // a real drop: a DataTransfer holding the file, dispatched on the drop zone
  const csv = await import('node:fs').then((fs) => fs.readFileSync(FIXTURE, 'utf8'));
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'small-events.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });

  await expect(page.getByTestId('preview-table')).toBeVisible();
  await expect(page.getByLabel('role of user_id')).toHaveValue('user');
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  expect(page.url()).toContain('data.source=file');
  await trainToEnd(page);
  const evals = events.filter((e) => e.kind === 'eval');
  expect(evals.length).toBeGreaterThan(0);
});

test('a malformed CSV gets a clear message and the previous dataset stays', async ({ page }) => {
  await page.goto(`/${tinyHash()}`);
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await page.getByTestId('file-input').setInputFiles('e2e/fixtures/malformed.csv');
  const error = page.getByTestId('error');
  await expect(error).toContainText('malformed.csv');
  await expect(error).toContainText(/row \d+/i);
  await expect(page.getByTestId('dataset-summary')).toContainText('demo');
  await expect(page.getByRole('button', { name: /Train/ })).toBeEnabled();
});

test('a link made on a local file asks for the file and checks it', async ({ page }) => {
  await page.goto(`/${tinyHash()}`);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  const link = page.url();

  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId('file-needed')).toContainText('small-events.csv');
  await other.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(other.getByTestId('file-match')).toContainText('matches');
  await expect(other.getByTestId('dataset-summary')).toContainText('small-events.csv');
});
