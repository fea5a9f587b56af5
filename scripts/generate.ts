/**
 * Generates typed clients from an OpenAPI document.
 *
 *   npm run generate                          # the published spec
 *   npm run generate -- --spec ./spec.json    # a file or URL (or OPENPHONE_SPEC)
 *   npm run generate -- --check               # exit 1 and report when generated/ is out of date
 *   npm run spec:fetch                        # download only; record the spec's sha256 for turbo's cache key
 *
 * Exit codes: 0 up to date / written, 1 drift found by --check, 2 unusable input.
 */
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { diffOperations, formatReport } from './drift.js';
import { fingerprintOperations } from './operations.js';
import { buildLock, renderAll, type Lock } from './render.js';
import { runIfMain } from './run-if-main.js';
import { loadSpec, SpecError } from './spec.js';
import { surfacePaths, surfaces } from './surfaces.js';

export const EXIT_DRIFT = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = `Usage: npm run generate -- [--spec <url|path>] [--surface v1] [--check | --fetch-only] [--report-file <path>]`;

interface Options {
  spec?: string;
  surface: string;
  check: boolean;
  /** Only download and record `.cache/openapi/<surface>.sha256`, so turbo can key the generate task on the spec. */
  fetchOnly?: boolean;
  reportFile?: string;
  projectRoot: string;
  env: NodeJS.ProcessEnv;
  /** Reports and progress (stdout). */
  log: (line: string) => void;
  /** Problems with the input (stderr). */
  warn: (line: string) => void;
  fetchImpl?: typeof fetch;
}

async function readLock(file: string): Promise<Lock | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Lock;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes every file beside its target first and renames only when all were written,
 * so a failure never leaves a mix of old and new output. The lock is renamed last:
 * it is what `--check` trusts.
 */
async function writeAtomically(projectRoot: string, files: Map<string, string>): Promise<void> {
  const staged: [string, string][] = [];
  const suffix = `.tmp-${process.pid}`;
  try {
    for (const [relative, content] of files) {
      const target = path.join(projectRoot, relative);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target + suffix, content);
      staged.push([target + suffix, target]);
    }
  } catch (error) {
    await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
    throw error;
  }
  const lockLast = staged.sort(([, a], [, b]) => Number(a.endsWith('.lock.json')) - Number(b.endsWith('.lock.json')));
  for (const [temp, target] of lockLast) await rename(temp, target);
}

export async function generate(options: Options): Promise<number> {
  const { log, warn, projectRoot } = options;
  const surface = surfaces[options.surface];
  if (!surface) {
    warn(`error: unknown surface "${options.surface}" (known: ${Object.keys(surfaces).join(', ')})`);
    return EXIT_BAD_INPUT;
  }
  const source = options.spec ?? options.env[surface.specEnv] ?? surface.defaultSpec;
  let spec;
  try {
    spec = await loadSpec(source, {
      projectRoot,
      cacheDir: path.join(projectRoot, '.cache', 'openapi'),
      ...(options.fetchImpl && { fetchImpl: options.fetchImpl }),
    });
  } catch (error) {
    if (error instanceof SpecError) {
      warn(`error: ${error.message}`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }

  if (options.fetchOnly) {
    await writeFile(path.join(projectRoot, '.cache', 'openapi', `${surface.name}.sha256`), `${spec.sha256}\n`);
    log(`${surface.name}: ${spec.source} has sha256 ${spec.sha256}`);
    return 0;
  }

  const files = await renderAll(surface, spec);
  const paths = surfacePaths(surface);

  if (!options.check) {
    await writeAtomically(projectRoot, files);
    log(`generated ${[...files.keys()].join(', ')} from ${spec.source} (sha256 ${spec.sha256}, ${buildLock(surface, spec).operations.length} operations)`);
    return 0;
  }

  const lock = await readLock(path.join(projectRoot, paths.lock));
  if (!lock) {
    warn(`error: ${paths.lock} does not exist: run \`npm run generate\` first`);
    return EXIT_DRIFT;
  }
  if (lock.sha256 !== spec.sha256) {
    const report = formatReport(diffOperations(lock.operations, fingerprintOperations(spec.document)), {
      title: surface.title,
      lockSha: lock.sha256,
      lockSource: lock.source,
      specSha: spec.sha256,
      specSource: spec.source,
    });
    log(report);
    if (options.reportFile) await writeFile(options.reportFile, report);
    return EXIT_DRIFT;
  }
  const stale: string[] = [];
  for (const [relative, expected] of files) {
    if (relative === paths.lock) continue;
    if ((await readIfExists(path.join(projectRoot, relative))) !== expected) stale.push(relative);
  }
  if (stale.length) {
    warn(
      `generated output differs from what the generator makes of this spec: ${stale.join(', ')}\n` +
        'Run `npm run generate` (files in generated/ are never edited by hand).',
    );
    return EXIT_DRIFT;
  }
  log(`${surface.name}: up to date with ${spec.source} (sha256 ${spec.sha256})`);
  return 0;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        spec: { type: 'string' },
        surface: { type: 'string', default: 'v1' },
        check: { type: 'boolean', default: false },
        'fetch-only': { type: 'boolean', default: false },
        'report-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  return generate({
    ...(parsed.spec !== undefined && { spec: parsed.spec }),
    surface: parsed.surface,
    check: parsed.check,
    fetchOnly: parsed['fetch-only'],
    ...(parsed['report-file'] !== undefined && { reportFile: parsed['report-file'] }),
    projectRoot: fileURLToPath(new URL('..', import.meta.url)),
    env: process.env,
    log: (line) => console.log(line),
    warn: (line) => console.error(line),
  });
}

runIfMain(import.meta.url, main, EXIT_BAD_INPUT);
