import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './support/chromium.js';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: chromiumLaunch,
    trace: 'retain-on-failure',
  },
});
