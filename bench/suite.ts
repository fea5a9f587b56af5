/**
 * The test suite's wall-clock time, as `npm test` runs it, and its test count.
 * Runs the whole suite, so `npm run bench` does it only with `--suite`, or
 * reads a saved run with `--suite-report <file>` (from
 * `npm test -- --reporter=default --reporter=json --outputFile.json=<file>`);
 * otherwise the last saved figure stands.
 *
 *   npx tsx bench/suite.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printSection, section, type Section } from './results.js';

/** The goal: the whole suite within 3 minutes on 2 cores. */
const GOAL_SECONDS = 180;

interface VitestReport {
  readonly numTotalTests: number;
  readonly numFailedTests: number;
  readonly startTime: number;
  readonly testResults: readonly { readonly endTime: number }[];
}

function suiteSection(seconds: number, { numTotalTests, numFailedTests }: VitestReport): Section {
  const failed = numFailedTests > 0 ? `, ${numFailedTests} failed` : '';
  return section('suite', 'Test suite (`npm test`)', [
    {
      figure: `Wall-clock time on ${os.availableParallelism()} cores`,
      measured: `${seconds.toFixed(1)} s, ${numTotalTests.toLocaleString('en-US')} tests${failed}`,
      goal: `≤ ${GOAL_SECONDS} s on 2 cores, every test passing`,
    },
  ]);
}

/** Runs the whole suite. */
export async function benchSuite(): Promise<Section> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-suite-'));
  try {
    const report = path.join(scratch, 'report.json');
    const root = fileURLToPath(new URL('..', import.meta.url));
    const started = performance.now();
    const child = spawn('npx', ['vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, stdio: 'inherit' });
    await once(child, 'exit');
    const seconds = (performance.now() - started) / 1000;
    return suiteSection(seconds, JSON.parse(await readFile(report, 'utf8')) as VitestReport);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A saved run's time: from its start to the end of its last test file (the section is dated today, on this machine). */
export async function suiteFromReport(file: string): Promise<Section> {
  const report = JSON.parse(await readFile(file, 'utf8')) as VitestReport;
  const end = Math.max(...report.testResults.map((result) => result.endTime));
  return suiteSection((end - report.startTime) / 1000, report);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printSection(await benchSuite());
}
