import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { decodeHash, encodeHash } from '../src/run/link';
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

test('a different file under the link’s name does not match; the run waits for the right one', async ({ page }) => {
  await page.goto(`/${tinyHash()}`);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  // The link carries settings of its own: a learning rate and a label task built from the log.
  const linked = decodeHash(new URL(page.url()).hash).spec;
  linked.train.learningRate = 0.0042;
  linked.data.labelBuilder = { cutoff: '', windowDays: 60, windowEvents: 1, tasks: [{ name: 'active_60d', kind: 'any' }] };
  const hash = encodeHash(linked);
  const want = linked.data.file!.sha256;

  const other = await page.context().newPage();
  await other.goto(`/${hash}`);
  await expect(other.getByTestId('file-needed')).toContainText('small-events.csv');
  const text = readFileSync(FIXTURE, 'utf8');
  const altered = Buffer.from(text.split('\n').slice(0, -5).join('\n') + '\n');
  const alteredSha = createHash('sha256').update(altered).digest('hex');
  await other.getByTestId('file-input').setInputFiles({ name: 'small-events.csv', mimeType: 'text/csv', buffer: altered });
  const check = other.getByTestId('file-match');
  await expect(check).toContainText('does not match');
  await expect(check).toContainText(want.slice(0, 16));
  await expect(check).toContainText(alteredSha.slice(0, 16));
  await expect(other.getByRole('button', { name: /Train/ })).toBeDisabled();
  // Nothing of the link was written over: its file, settings and label task are all still there.
  expect(new URL(other.url()).hash).toBe(hash);
  await expect(other.getByLabel('Learning rate')).toHaveValue('0.0042');

  await other.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(check).toContainText('matches');
  await expect(check).toContainText(want.slice(0, 16));
  await expect(other.getByTestId('dataset-summary')).toContainText('active_60d');
  expect(new URL(other.url()).hash).toBe(hash);
  await expect(other.getByRole('button', { name: /Train/ })).toBeEnabled();
});

test('a different file can be used in place of the link’s, keeping the settings that fit it', async ({ page }) => {
  await page.goto(`/${tinyHash()}`);
  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  const linked = decodeHash(new URL(page.url()).hash).spec;
  linked.train.learningRate = 0.0042;
  const other = await page.context().newPage();
  await other.goto(`/${encodeHash(linked)}`);
  const altered = Buffer.from(readFileSync(FIXTURE, 'utf8').split('\n').slice(0, -5).join('\n') + '\n');
  await other.getByTestId('file-input').setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: altered });
  await other.getByRole('button', { name: 'Use mine.csv instead' }).click();
  await expect(other.getByTestId('dataset-summary')).toContainText('mine.csv');
  await expect(other.getByTestId('file-match')).toHaveCount(0);
  const adopted = decodeHash(new URL(other.url()).hash).spec;
  expect(adopted.data.file?.name).toBe('mine.csv');
  expect(adopted.train.learningRate).toBe(0.0042);
  expect(adopted.data.columns).toEqual(linked.data.columns);
});
