// Mutation testing (`npm run mutation`; not part of CI). By default it mutates
// the modules whose behaviour the tests must pin down; narrow it with
// `npm run mutation -- --mutate src/lib/sms/cost.ts`. Vitest's related mode runs only
// the test files that import the mutated code, and per-test coverage runs
// only the tests that reach each mutant.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: ['src/internal/transport/rate-limit.ts', 'src/internal/transport/transport.ts', 'src/webhooks/verify.ts', 'src/lib/sms/cost.ts', 'src/lib/sms/segments.ts'],
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'reports', 'coverage', '.turbo'],
  cleanTempDir: 'always',
};
