import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // WebGPU (Dawn) tests share one device: keep files from fighting over 2 cores.
    fileParallelism: false,
  },
});
