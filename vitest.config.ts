import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Child processes, local servers and a tmux terminal take seconds on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
