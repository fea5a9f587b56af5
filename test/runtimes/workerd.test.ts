import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, buildPackage, type BuiltPackage } from '../helpers/build.js';

const run = promisify(execFile);
const workerd = createRequire(import.meta.url).resolve('workerd/bin/workerd');

let built: BuiltPackage;
let scratch: string;

beforeAll(async () => {
  built = await buildPackage();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-workerd-'));
  // Bundled the way Wrangler bundles a Worker, from an app that depends on the built package (inside this
  // repository, 'openphone-sdk' would resolve to the repository itself).
  const entry = path.join(built.app, 'worker-entry.js');
  await copyFile(path.join(import.meta.dirname, 'workerd-worker.js'), entry);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    outfile: path.join(scratch, 'worker.js'),
    logLevel: 'error',
  });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await built?.cleanup();
});

/** A workerd config running worker.js's `test()` at this compatibility date. */
function config(compatibilityDate: string, expectFinalizationRegistry: 'function' | 'undefined'): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (services = [(name = "main", worker = .worker)]);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${compatibilityDate}",
  bindings = [(name = "EXPECT_FINALIZATION_REGISTRY", text = "${expectFinalizationRegistry}")],
);
`;
}

describe('the main entry under the real workerd runtime', () => {
  it.each([
    ['2024-09-23', 'undefined'],
    ['2025-11-01', 'function'],
  ] as const)(
    'imports, builds a client, calls, times out and estimates at compatibility date %s',
    async (date, finalization) => {
      const file = path.join(scratch, `config-${date}.capnp`);
      await writeFile(file, config(date, finalization));
      const result = await run(workerd, ['test', file], { cwd: scratch }).then(
        ({ stdout, stderr }) => ({ ok: true, output: stdout + stderr }),
        (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
      );
      expect(result.output).not.toMatch(/Uncaught|Error:/);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/\[ PASS \] main/);
    },
    60_000,
  );
});
