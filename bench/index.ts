/**
 * Runs the benchmarks; each prints ratios measured side by side in the same
 * run, then its figures beside their goals. The figures are saved to
 * `bench/results.json` and written into the README's performance block, with
 * the date, machine and Node version; sections not run keep their last figures.
 *
 *   npm run bench                              every section but the test suite's time
 *   npm run bench -- --only rate-limit,growth  those sections
 *   npm run bench -- --suite                   also times `npm test` (the whole suite: slow)
 *   npm run bench -- --only suite --suite-report report.json   the suite's time from a saved vitest JSON report
 */
import { parseArgs } from 'node:util';
import { benchConstruction } from './construction.js';
import { benchGrowth } from './growth.js';
import { benchImports } from './imports.js';
import { benchPagination } from './pagination.js';
import { benchRateLimit } from './rate-limit.js';
import { benchRedis } from './redis.js';
import { merge, printSection, readResults, saveResults, type Section } from './results.js';
import { benchSegments } from './segments.js';
import { benchSuite, suiteFromReport } from './suite.js';
import { benchTransport } from './transport.js';

const { values } = parseArgs({
  options: { only: { type: 'string' }, suite: { type: 'boolean', default: false }, 'suite-report': { type: 'string' } },
  strict: true,
});
const suiteReport = values['suite-report'];

const SECTIONS: Record<string, () => Promise<Section | undefined>> = {
  transport: benchTransport,
  construction: benchConstruction,
  pagination: benchPagination,
  'rate-limit': benchRateLimit,
  redis: benchRedis,
  imports: benchImports,
  growth: () => benchGrowth(1_000, 1_000_000, 5),
  segments: benchSegments,
  suite: suiteReport === undefined ? benchSuite : () => suiteFromReport(suiteReport),
};
const ORDER = Object.keys(SECTIONS);

const chosen = values.only?.split(',') ?? ORDER.filter((id) => id !== 'suite' || values.suite || suiteReport !== undefined);
const unknown = chosen.filter((id) => !(id in SECTIONS));
if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}: choose from ${ORDER.join(', ')}`);

const fresh: Section[] = [];
for (const id of chosen) {
  const result = await SECTIONS[id]!();
  if (result) fresh.push(result);
}
const results = merge(await readResults(), fresh, ORDER);
for (const result of results.sections) printSection(result);
await saveResults(results);
console.log(`\nSaved to bench/results.json and written into README.md (${fresh.map((s) => s.id).join(', ') || 'no section'} measured now).`);
