import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tinyHash } from './helpers';

const run = promisify(execFile);

test('npm run headless prints one line per evaluation and a final JSON object', async () => {
  const { stdout } = await run('npx', ['tsx', 'scripts/headless.ts', '--spec', tinyHash(), '--steps', '4', '--quiet'], { timeout: 200_000 });
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const final = lines.at(-1)!;
  expect(lines.slice(0, -1).map((l) => l.step)).toEqual([2, 4]);
  expect(final).toMatchObject({ final: true, backend: 'webgpu', steps: 4 });
  expect((final.adapter as { architecture: string }).architecture).toBeTruthy();
  const tasks = final.tasks as Record<string, { valAuc: number | null; oracleAuc: number | null }>;
  expect(Object.keys(tasks).length).toBeGreaterThanOrEqual(3);
  for (const t of Object.values(tasks)) expect(t.oracleAuc).toBeGreaterThan(0.5);
  const load = final.expertLoad as Record<string, number[]>;
  for (const fractions of Object.values(load)) {
    expect(fractions).toHaveLength(4);
    expect(fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }
  expect(final.stepMs).toBeGreaterThan(0);
});

test('npm run headless exits non-zero with a clear message on a bad spec', async () => {
  const err = await run('npx', ['tsx', 'scripts/headless.ts', '--spec', '#model.numExperts=lots', '--quiet'], { timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
  expect('code' in err && err.code).toBe(2);
  expect('stderr' in err && err.stderr).toContain('model.numExperts');
});
