import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two files per core: most files spend much of their time waiting on child processes, servers and
    // rate limits rather than computing, so one file per core leaves the cores idle half the time.
    maxWorkers: 2 * availableParallelism(),
  },
});
