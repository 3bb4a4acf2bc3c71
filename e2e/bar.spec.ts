// Issue 9 on the page: the bar (the logistic regression on the user summary) and the step that
// early stopping keeps are shown where the AUC is read, and the settings that make them are on
// the page.
import { expect, test } from '@playwright/test';
import { recordEvents, tinyHash, trainToEnd } from './helpers';

test('the AUC chart draws the baseline and the kept step; the per-task table reports the kept step with the baseline beside it', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash((s) => (s.train.earlyStopHoldout = 0.2))}`);
  await trainToEnd(page);
  const baseline = events.find((e) => e.kind === 'baseline');
  expect(baseline?.kind === 'baseline' && baseline.tasks.length).toBe(4);
  const chosen = events.find((e) => e.kind === 'chosen');
  if (chosen?.kind !== 'chosen') throw new Error('no chosen step reported');

  const auc = page.getByTestId('auc-chart');
  await expect(auc.getByTestId('legend')).toContainText('baseline of each task: logistic regression on the user summary');
  await expect(auc.getByTestId('legend')).toContainText('step kept (early stopping)');
  await expect(auc.locator('.recharts-reference-line')).not.toHaveCount(0);

  const table = page.getByTestId('task-metrics');
  await expect(table).toContainText(`Kept: step ${chosen.step}`);
  const first = chosen.metrics.tasks[0];
  const bar = baseline?.kind === 'baseline' ? baseline.tasks[0].auc : null;
  await expect(table.getByTestId(`baseline-${first.name}`)).toHaveText(bar === null ? '—' : (100 * bar).toFixed(1));
  // Beside it, the margin over the baseline on the same users and its 95 % interval.
  await expect(table).toContainText('vs baseline (95 % interval)');
  const margin = table.getByTestId(`margin-${first.name}`);
  if (first.vsBaseline) {
    const sign = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
    await expect(margin).toHaveText(new RegExp(`^\\${sign(first.vsBaseline.diff)} \\([+−]\\d+\\.\\d to [+−]\\d+\\.\\d\\)$`));
  } else await expect(margin).toHaveText('—');
});

test('the settings for real logs are on the page and change the run', async ({ page }) => {
  await page.goto(`/${tinyHash()}`);
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  const perTask = page.getByRole('checkbox', { name: 'Best step per task' });
  await expect(perTask).toBeChecked();
  await perTask.uncheck();
  await expect(page).toHaveURL(/train\.earlyStopPerTask=false/);
  const dropout = page.getByRole('textbox', { name: 'Dropout' });
  await dropout.fill('0.25');
  await dropout.press('Enter');
  await expect(page).toHaveURL(/model\.dropout=0\.25/);
  const when = page.getByRole('textbox', { name: 'Prediction time' });
  await when.fill('not a date');
  await when.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /date/ })).toBeVisible();
  await expect(page).toHaveURL(/data\.predictionTime=(&|$)/);
});

test('a compare lists the baseline as a row of its table', async ({ page }) => {
  await page.goto(`/${tinyHash((s) => (s.compare.models = ['supermoe', 'mmoe']))}`);
  await trainToEnd(page);
  const row = page.getByTestId('compare-table').locator('tr[data-model="baseline"]');
  await expect(row).toContainText('Logistic regression (user summary)');
  await expect(row.locator('td strong')).toHaveCount(4);
});
