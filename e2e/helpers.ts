// Shared by the end-to-end tests: a tiny run (SwiftShader is slow) and the app's event feed.
import { expect, type Page } from '@playwright/test';
import { encodeHash } from '../src/run/link';
import { defaultSpec, type RunSpec } from '../src/run/runSpec';
import type { AutomationEvent } from '../src/ui/automation';

/** A run small enough for a software GPU: a few steps of a 1-block, d=16 model. */
export function tinySpec(patch: (s: RunSpec) => void = () => {}): RunSpec {
  const s = defaultSpec('software');
  s.data.demoUsers = 400;
  s.data.seqLen = 12;
  s.model = { ...s.model, dModel: 16, numHeads: 2, numBlocks: 1, numExperts: 4, ffnHidden: 32 };
  s.train = { ...s.train, steps: 6, batchSize: 16, evalEvery: 2 };
  patch(s);
  return s;
}

export const tinyHash = (patch?: (s: RunSpec) => void) => encodeHash(tinySpec(patch));

/** Collects everything the app reports through window.__supermoeEvent. */
export async function recordEvents(page: Page): Promise<AutomationEvent[]> {
  const events: AutomationEvent[] = [];
  await page.exposeFunction('__supermoeEvent', (json: string) => events.push(JSON.parse(json) as AutomationEvent));
  return events;
}

export async function expectWebGpu(page: Page): Promise<void> {
  const badge = page.getByTestId('backend');
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(badge).not.toHaveAttribute('data-adapter', 'no GPU adapter');
}

/** Presses Train and waits for the run to finish its steps. */
export async function trainToEnd(page: Page): Promise<void> {
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await page.getByRole('button', { name: /Train/ }).click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
}

export function losses(events: AutomationEvent[]): number[] {
  return events.flatMap((e) => (e.kind === 'step' ? [e.metrics.loss] : []));
}
