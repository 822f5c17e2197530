import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'electron/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'e2e'],
    // Builds dist/cli first: tests that spawn bin/orchest.js run the bundle of the current sources.
    globalSetup: ['scripts/build-cli.mjs'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
