import { expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/browser';
import { tinyHash, trainToEnd } from './helpers';

// A browser without WebGPU: the app must say so and offer another tfjs backend.
test.use({
  launchOptions: {
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-features=WebGPU,Vulkan', '--disable-gpu'],
  },
});

test('without WebGPU the app says why and trains on the CPU backend instead', async ({ page }) => {
  await page.goto(`/${tinyHash((s) => (s.train.steps = 2))}`);
  const banner = page.getByTestId('no-webgpu');
  await expect(banner).toContainText(/WebGPU/);
  await banner.getByRole('button', { name: 'Use CPU' }).click();
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'cpu');
  await expect(banner).toBeHidden();
  await trainToEnd(page);
  await expect(page.getByTestId('auc-chart')).toHaveAttribute('data-points', '1');
});
