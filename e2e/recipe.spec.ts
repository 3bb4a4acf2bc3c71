// The paper's training recipe in the browser: MCP pre-training → fine-tuning (bi-level λ), the
// encoder saved, downloaded, uploaded and fine-tuned from; and a two-model compare table.
import { expect, test } from '@playwright/test';
import type { AutomationEvent } from '../src/ui/automation';
import { expectWebGpu, recordEvents, tinyHash, trainToEnd } from './helpers';

const kinds = (events: AutomationEvent[], kind: AutomationEvent['kind']) => events.filter((e) => e.kind === kind);

test('pre-train with MCP, fine-tune with bi-level λ, then fine-tune again from the saved (downloaded and uploaded) encoder', async ({ page }, info) => {
  const events = await recordEvents(page);
  await page.goto(
    `/${tinyHash((s) => {
      s.pretrain = { ...s.pretrain, steps: 4 };
      s.finetune.from = 'pretrain';
      s.train = { ...s.train, steps: 4, lambdaMode: 'bilevel', lambdaEvery: 2 };
    })}`,
  );
  await expectWebGpu(page);
  await expect(page.getByTestId('phase')).toHaveAttribute('data-kind', 'pretrain');
  await trainToEnd(page);

  // MCP: every channel charted with loss, accuracy and HR@10; then four fine-tuning steps.
  const mcp = events.flatMap((e) => (e.kind === 'mcpStep' ? [e.metrics] : []));
  expect(mcp).toHaveLength(4);
  expect(mcp[3].channels.map((c) => c.name)).toEqual(['event_type', 'category', 'item_id', 'amount', 'time_gap']);
  await expect(page.getByTestId('mcp-chart')).toHaveAttribute('data-points', '4');
  await expect(page.getByTestId('mcp-latest')).toContainText('item_id loss');
  // Beside each, its bar: the values predicted from their frequency alone, a dotted line per channel.
  await expect(page.getByTestId('mcp-latest')).toContainText('(in brackets: by frequency alone)');
  await expect(page.getByTestId('mcp-chart').locator('.recharts-reference-line')).toHaveCount(5);
  const steps = events.flatMap((e) => (e.kind === 'step' ? [e] : []));
  expect(steps.map((e) => e.phase?.kind)).toEqual(['finetune', 'finetune', 'finetune', 'finetune']);
  expect(steps[3].metrics.lambda!.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 4);
  // Two λ updates (steps 2 and 4) have moved λ off its start (tfjs-webgpu's AddN once froze it).
  expect(Math.max(...steps[3].metrics.lambda!.map((l) => Math.abs(l - 1)))).toBeGreaterThan(1e-4);
  await expect(page.getByTestId('lambda-chart')).toHaveAttribute('data-points', '4');
  // Both title their axes and name their series (issue 12.7).
  const mcpChart = page.getByTestId('mcp-chart');
  expect(await mcpChart.locator('.recharts-label').allTextContents()).toEqual(['step', 'MCP loss']);
  await expect(mcpChart.getByTestId('legend').locator('li')).toHaveText(['event_type', 'category', 'item_id', 'amount', 'time_gap', 'each channel’s values predicted from their frequency alone (validation users)']);
  const lambdaChart = page.getByTestId('lambda-chart');
  expect(await lambdaChart.locator('.recharts-label').allTextContents()).toEqual(['step', 'weight λ']);
  await expect(lambdaChart.getByTestId('legend').locator('li')).toHaveText(['converts', 'premium_upsell', 'coupon_user', 'churn_risk']);
  await expect(page.getByTestId('task-metrics')).toContainText('recall@P85');

  // The encoder was saved in IndexedDB: download it, delete it, upload the file, fine-tune from it.
  const saved = kinds(events, 'encoder')[0];
  const name = saved.kind === 'encoder' ? saved.info.name : '';
  await expect(page.getByTestId('encoder-saved')).toContainText(name);
  await page.getByLabel('Start from').selectOption('saved');
  // The change would discard the trained run: it asks first.
  await page.getByRole('button', { name: 'Discard and change' }).click();
  await expect(page.getByTestId('error')).toContainText('Choose the saved encoder');
  const row = page.locator(`[data-testid="saved-encoder"][data-name="${name}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'download' }).click()]);
  const file = info.outputPath(`${name}.smoe`);
  await download.saveAs(file);
  await row.getByRole('button', { name: 'delete' }).click();
  await expect(row).toHaveCount(0);
  await page.getByTestId('encoder-upload').setInputFiles(file);
  await expect(row.getByRole('radio')).toBeChecked();
  expect(page.url()).toContain(`finetune.saved=${name}`);
  await trainToEnd(page);
  const after = events.flatMap((e) => (e.kind === 'step' ? [e] : [])).slice(4);
  expect(after).toHaveLength(4);
  expect(after.every((e) => e.phase?.kind === 'finetune')).toBe(true);
});

test('compare: SuperMoE and MMoE on the same split, the best of each column marked, and each task alone', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash((s) => (s.compare = { models: ['supermoe', 'mmoe'], alone: true }))}`);
  await expectWebGpu(page);
  await trainToEnd(page);
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tbody tr[data-model="supermoe"]')).toBeVisible();
  await expect(table.locator('tbody tr[data-model="mmoe"]')).toBeVisible();
  const phases = kinds(events, 'phase').map((e) => (e.kind === 'phase' ? `${e.phase.model}:${e.phase.kind}` : ''));
  expect(phases).toEqual(['supermoe:train', 'mmoe:train', ...[0, 1, 2, 3].map(() => 'supermoe:train')]);
  const compare = kinds(events, 'compare').at(-1);
  const tasks = compare?.kind === 'compare' ? compare.table.tasks : [];
  expect(tasks).toHaveLength(4);
  // Each column marks at least one best AUC.
  for (let k = 0; k < tasks.length; k++) await expect(table.locator(`tbody tr td:nth-child(${k + 2})[data-best="true"]`).first()).toBeVisible();
  await expect(table).toContainText('recall@P85');
  for (const t of tasks) await expect(table.getByTestId(`alone-${t}`)).toContainText(/\d+\.\d\d/);
});
