// Faults end in a message and a way on, never a blank page (README §Reliability): a learning
// rate that blows up pauses at the last good step and resumes from it; a destroyed GPU device
// is reported and Restart worker goes on from the kept state; a model too big for the adapter
// is refused with the adapter's numbers before anything is built.
import { expect, test } from '@playwright/test';
import type { AutomationEvent } from '../src/ui/automation';
import { expectWebGpu, recordEvents, tinyHash } from './helpers';

const stepsOf = (events: AutomationEvent[]) => events.flatMap((e) => (e.kind === 'step' ? [e.metrics.step] : []));

// On this tiny model a learning rate of 1 stayed finite for 400 steps (npm run bench:faults), so a NaN is also written into the weights at step 20 if none came.
test('learning rate 1 on the demo: a clear non-finite message, the last good state kept, and Train resumes from it', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/?autoplay=1&drills=1${tinyHash((s) => (s.train = { ...s.train, steps: 300, learningRate: 1, clipNorm: 0, schedule: 'constant', warmup: 0 }))}`);
  await expectWebGpu(page);
  await expect.poll(() => events.some((e) => e.kind === 'fault') || stepsOf(events).some((s) => s >= 20), { timeout: 120_000 }).toBe(true);
  if (!events.some((e) => e.kind === 'fault')) await page.evaluate(() => window.__supermoeDrill?.('poison'));
  const fault = page.getByTestId('fault');
  await expect(fault).toHaveAttribute('data-fault', 'nonFinite', { timeout: 200_000 });
  const e = events.find((x): x is Extract<AutomationEvent, { kind: 'fault' }> => x.kind === 'fault')!.fault;
  await expect(page.getByTestId('fault-message')).toContainText(`at step ${e.step} the ${e.term} became`);
  await expect(page.getByTestId('fault-message')).toContainText(`back at step ${e.restoredStep}`);
  await expect(page.getByTestId('fault-message')).toContainText('lower the learning rate (now 1, try 0.1)');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'paused');
  // The charts end at the kept step; the next step is the one after it.
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-step', String(e.restoredStep));
  const before = events.length;
  await page.getByRole('button', { name: '▶ Train' }).click();
  await expect.poll(() => stepsOf(events.slice(before))[0]).toBe(e.restoredStep! + 1);
  await expect(page.getByTestId('fault')).toHaveCount(0);
});

test('device.destroy() mid-run: the message, the charts kept, and Restart worker goes on from the kept step', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/?autoplay=1&drills=1${tinyHash((s) => (s.train = { ...s.train, steps: 200, evalEvery: 4 }))}`);
  await expectWebGpu(page);
  await expect.poll(() => events.filter((e) => e.kind === 'keptStep').length, { timeout: 120_000 }).toBeGreaterThan(1);
  await page.evaluate(() => window.__supermoeDrill?.('destroyDevice'));
  await expect(page.getByTestId('fault')).toHaveAttribute('data-fault', 'deviceLost');
  await expect(page.getByTestId('fault-message')).toContainText('The GPU device was lost');
  await expect(page.getByTestId('loss-chart')).not.toHaveAttribute('data-points', '0');
  const kept = (events.filter((e) => e.kind === 'keptStep').at(-1) as Extract<AutomationEvent, { kind: 'keptStep' }>).step;
  await page.getByTestId('restart-worker').click();
  await expect.poll(() => events.find((e) => e.kind === 'restarted')).toEqual({ kind: 'restarted', step: kept });
  await expect(page.getByTestId('fault')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-step', String(kept));
  const before = events.length;
  await page.getByRole('button', { name: '▶ Train' }).click();
  await expect.poll(() => stepsOf(events.slice(before))[0]).toBe(kept + 1);
});

test('a model too big for the adapter is refused with the adapter’s numbers before it is built', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto(`/${tinyHash((s) => (s.model = { ...s.model, dModel: 1024, numHeads: 8, numExperts: 64, ffnHidden: 8192 }))}`);
  await expectWebGpu(page);
  await expect(page.getByTestId('fault')).toHaveAttribute('data-fault', 'oversize');
  const message = page.getByTestId('fault-message');
  await expect(message).toContainText(/needs a buffer of [\d.]+ MiB/);
  await expect(message).toContainText(/maxStorageBufferBindingSize \d+/);
  await expect(message).toContainText(/maxBufferSize \d+/);
  expect(events.some((e) => e.kind === 'prepared')).toBe(false);
  await expect(page.getByRole('heading', { name: 'SuperMoE Studio' })).toBeVisible();
});
