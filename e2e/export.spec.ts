// Issue 10, items 1-3: export every user's representation (Projector files, users.csv), save
// the model, reload, load it and score a second generated log.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv, tableToCsv } from '../src/data/csv';
import { generateDemo } from '../src/data/demo';
import { exactAuc } from '../src/train/auc';
import type { AutomationEvent } from '../src/ui/automation';
import { expectWebGpu, recordEvents, tinyHash, trainToEnd } from './helpers';

/** Clicks the download link of `name` in the export result and returns the file's text (or path). */
async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${name}`).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

test('exports every user, saves the model, and scores a later log with it after a reload', async ({ page }, info) => {
  test.setTimeout(420_000);
  page.on('dialog', (d) => void d.accept());
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash()}`);
  await expectWebGpu(page);
  await trainToEnd(page);
  const prepared = events.find((e): e is Extract<AutomationEvent, { kind: 'prepared' }> => e.kind === 'prepared')!;
  const chosen = events.findLast((e): e is Extract<AutomationEvent, { kind: 'chosen' }> => e.kind === 'chosen')!;
  // The weights the run keeps are the chosen step's (with per-task early stopping a task's own
  // row may come from another step): the evaluation at that step scored these weights.
  const kept = events.findLast((e): e is Extract<AutomationEvent, { kind: 'eval' }> => e.kind === 'eval' && e.metrics.step === chosen.step)!;
  const users = prepared.summary.users;
  const tasks = prepared.summary.tasks.map((t) => t.name);
  const d = 16;

  // 1. The representation of every user.
  await page.getByTestId('export-users').click();
  await expect(page.getByTestId('export-result')).toContainText(`Exported ${users} users`);
  const vectors = lines(await download(page, 'vectors.tsv'));
  expect(vectors).toHaveLength(users);
  for (const l of vectors) {
    const xs = l.split('\t').map(Number);
    expect(xs).toHaveLength(d);
    expect(xs.every(Number.isFinite)).toBe(true);
  }
  const metadata = lines(await download(page, 'metadata.tsv')).map((l) => l.split('\t'));
  expect(metadata).toHaveLength(users + 1);
  expect(metadata[0]).toEqual(['user_id', 'split', ...tasks.flatMap((t) => [`${t}_label`, `${t}_score`]), 'top_event_type', 'top_category']);
  for (const row of metadata) expect(row).toHaveLength(metadata[0].length);
  const table = parseCsv(await download(page, 'users.csv'));
  expect(table.rows).toHaveLength(users);
  expect(table.header.slice(0, 2 + d)).toEqual(['user_id', 'split', ...Array.from({ length: d }, (_, j) => `h_${j}`)]);
  expect(new Set(table.rows.map((r) => r[0])).size).toBe(users);
  // The validation AUC recomputed from the file is the app's.
  const val = table.rows.filter((r) => r[1] === 'validation');
  expect(val).toHaveLength(prepared.summary.valUsers);
  tasks.forEach((t, k) => {
    const label = table.header.indexOf(`${t}_label`);
    const score = table.header.indexOf(`${t}_score`);
    const auc = exactAuc(
      Float64Array.from(val, (r) => Number(r[score])),
      Float64Array.from(val, (r) => Number(r[label] || 0)),
      Float64Array.from(val, (r) => (r[label] === '' ? 0 : 1)),
    );
    expect(auc.defined ? auc.auc : null, t).toBeCloseTo(kept.metrics.tasks[k].auc!, 12);
  });

  // 2. A later log, scored with the run's model.
  const laterPath = info.outputPath('later.csv');
  writeFileSync(laterPath, tableToCsv(generateDemo({ users: 150, seqLen: 12, seed: 99 }).table));
  await page.getByTestId('score-file').setInputFiles(laterPath);
  await expect(page.getByTestId('export-result')).toContainText('Scored 150 users of later.csv');
  const before = await download(page, 'scores.csv');

  // 3. Save the model, reload the page, load the file, score the later log again.
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-model').click()]);
  const modelPath = info.outputPath('model.smoemodel');
  await saved.saveAs(modelPath);
  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await page.getByTestId('load-model').setInputFiles(modelPath);
  await expect(page.getByTestId('scoring-model')).toContainText('the model file');
  await page.getByTestId('score-file').setInputFiles(laterPath);
  await expect(page.getByTestId('export-result')).toContainText('Scored 150 users of later.csv');
  await expect(page.getByTestId('export-auc')).toContainText('out-of-time');
  const after = await download(page, 'scores.csv');
  expect(lines(after)).toHaveLength(151);
  expect(after).toBe(before);

  // A log without the model's columns: a clear message.
  const badPath = info.outputPath('bad.csv');
  writeFileSync(badPath, 'user_id,timestamp,event_type\nu1,2024-01-01 00:00:00,view\n');
  await page.getByTestId('score-file').setInputFiles(badPath);
  await expect(page.getByTestId('export-error')).toContainText('lacks 3 columns the model reads: category (category), item_id (id), amount (dense)');
});
