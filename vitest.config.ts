import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default leaves one core idle, which on a 2-core machine runs one file at a time.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
