import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Files that replace a module for their own tests (`vi.mock`), which would carry over to the files run after them. */
const ISOLATED = 'test/**/*.isolated.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two files per core: most files spend much of their time waiting on child processes, servers and
    // rate limits rather than computing, so one file per core leaves the cores idle half the time.
    maxWorkers: 2 * availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [ISOLATED],
          // A worker's files share its loaded modules instead of each importing the SDK afresh, which took
          // about a third of the suite's CPU. A file that changes process-wide state puts it back when done
          // (nock through interceptApi, environment variables, globals, fake timers).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: [ISOLATED] } },
    ],
  },
});
