import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/browser';

// E2E_PORT lets several test runs share a machine.
const PORT = Number(process.env.E2E_PORT ?? 4174);

// End-to-end tests drive the built app (npm run build first) in Chromium with WebGPU.
// On a machine without a GPU that is SwiftShader: slow, so tests use tiny runs.
export default defineConfig({
  testDir: 'e2e',
  timeout: 240_000,
  expect: { timeout: 90_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    permissions: ['clipboard-read', 'clipboard-write'],
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
