/**
 * Generates typed clients from the API's OpenAPI documents, one surface at a time or all of them.
 *
 *   npm run generate                                   # every surface, from its published URL
 *   npm run generate -- --surface v1 --spec spec.json  # one surface, from a file or URL
 *   npm run generate -- --check                        # generated/ matches openapi/, and openapi/ the published specs
 *   npm run generate -- --check --offline              # only the first half: no network
 *   npm run generate -- --offline                      # regenerate from the committed specs and overlays
 *   npm run spec:fetch                                 # download only; record each spec's sha256 for turbo
 *
 * Every run stores the document it generated from in `openapi/<surface>.json`, byte for byte,
 * and applies the overlay beside it (`openapi/<surface>.overlay.yaml`, see scripts/overlay.ts):
 * the generated code, and `openapi/<surface>.effective.json` the sandbox reads, follow the result.
 * Exit codes: 0 up to date / written, 1 drift or stale output found by --check, 2 unusable input.
 */
import { readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { diffSpecs, formatDrift, type DriftBaseline } from './drift.js';
import { fingerprintOperations } from './operations.js';
import { effectiveSpec, formatOverlayReview, loadOverlay, reviewOverlay, type EffectiveSpec, type LoadedOverlay } from './overlay.js';
import type { Lock } from './render.js';
import { runIfMain } from './run-if-main.js';
import { loadSpec, SpecError, type LoadedSpec } from './spec.js';
import { surfacePaths, surfaces, type Surface } from './surfaces.js';

export const EXIT_DRIFT = 1;
export const EXIT_BAD_INPUT = 2;

const USAGE = `Usage: npm run generate -- [--surface ${Object.keys(surfaces).join('|')}] [--spec <url|path>] [--offline] [--check | --fetch-only] [--report-file <path>]`;

export interface Options {
  /** A file or URL to read instead of the published spec; needs `surface`. */
  spec?: string;
  /** One surface; every surface when absent. */
  surface?: string;
  check: boolean;
  /**
   * No network: with `check`, compare generated/ with openapi/ only; without it,
   * regenerate from the committed spec (and overlay) of each surface.
   */
  offline?: boolean;
  /** Only download and record `.cache/openapi/<surface>.sha256`, so turbo can key the generate task on the spec. */
  fetchOnly?: boolean;
  /** With `check`: where to write the report (always written, whatever the outcome). */
  reportFile?: string;
  projectRoot: string;
  env: NodeJS.ProcessEnv;
  /** Reports and progress (stdout). */
  log: (line: string) => void;
  /** Problems with the input or the tree (stderr). */
  warn: (line: string) => void;
  fetchImpl?: typeof fetch;
}

/**
 * The renderers, loaded on first use: they bring in the TypeScript compiler, which a command
 * line refused before anything is rendered does not need.
 */
async function renderers() {
  const [render, api] = await Promise.all([import('./render.js'), import('./render-api.js')]);
  return { ...render, ...api };
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
 * so a failure never leaves a mix of old and new output. Locks are renamed last:
 * they are what `--check` trusts.
 */
async function writeAtomically(projectRoot: string, files: Map<string, string | Buffer>): Promise<void> {
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

function selectSurfaces(options: Options): Surface[] | string {
  if (options.surface === undefined) {
    if (options.spec !== undefined && Object.keys(surfaces).length > 1) {
      return `--spec reads one surface's document: add --surface (${Object.keys(surfaces).join(' or ')})`;
    }
    return Object.values(surfaces);
  }
  const surface = surfaces[options.surface];
  return surface ? [surface] : `unknown surface "${options.surface}" (known: ${Object.keys(surfaces).join(', ')})`;
}

/** Where a surface's reference document comes from: `--spec`, its environment variable, or the published URL. */
function sourceOf(surface: Surface, options: Options): string {
  return options.spec ?? options.env[surface.specEnv] ?? surface.defaultSpec;
}

/** What `write` generates from: as `sourceOf`, except that `--offline` reads the committed spec. */
function writeSourceOf(surface: Surface, options: Options): string {
  if (options.offline && options.spec === undefined) return path.join(options.projectRoot, surfacePaths(surface).spec);
  return sourceOf(surface, options);
}

function overlayOf(surface: Surface, options: Options): Promise<LoadedOverlay | null> {
  const file = surfacePaths(surface).overlay;
  return loadOverlay(path.join(options.projectRoot, file), file);
}

function load(source: string, options: Options): Promise<LoadedSpec> {
  return loadSpec(source, {
    projectRoot: options.projectRoot,
    cacheDir: path.join(options.projectRoot, '.cache', 'openapi'),
    ...(options.fetchImpl && { fetchImpl: options.fetchImpl }),
  });
}

/** The lock without `source`: where the bytes came from is a note, not part of what must match. */
function lockContent(text: string): string {
  const { source: _source, ...rest } = JSON.parse(text) as Lock;
  return JSON.stringify(rest);
}

interface SurfaceCheck {
  lines: string[];
  drift: boolean;
  badInput: boolean;
}

/** Part one, offline: does generated/ hold exactly what the committed spec makes? */
async function checkCommitted(surface: Surface, committed: EffectiveSpec | null, options: Options): Promise<string[]> {
  const paths = surfacePaths(surface);
  if (!committed) return [`\`${paths.spec}\` does not exist: run \`npm run generate\` (or \`--surface ${surface.name} --spec FILE\`) first.`];
  const problems: string[] = [];
  const lock = await readIfExists(path.join(options.projectRoot, paths.lock));
  if (lock === null) problems.push(`\`${paths.lock}\` does not exist: run \`npm run generate\` first.`);
  const stale: string[] = [];
  const { renderSurface } = await renderers();
  for (const [relative, expected] of await renderSurface(surface, committed)) {
    if (relative === paths.lock) {
      if (lock !== null && lockContent(lock) !== lockContent(expected)) stale.push(relative);
    } else if ((await readIfExists(path.join(options.projectRoot, relative))) !== expected) {
      stale.push(relative);
    }
  }
  if (stale.length) {
    problems.push(
      `Out of date with \`${paths.spec}\`${committed.overlay ? ` and \`${paths.overlay}\`` : ''}: ${stale.map((f) => `\`${f}\``).join(', ')}. Run \`npm run generate -- --surface ${surface.name} --spec ${paths.spec}\` (files in generated/ are never edited by hand).`,
    );
  }
  return problems;
}

async function checkSurface(surface: Surface, options: Options): Promise<SurfaceCheck> {
  const paths = surfacePaths(surface);
  const lines = [`## ${surface.title} (\`${surface.name}\`)`, ''];
  const overlay = await overlayOf(surface, options);
  let committed: EffectiveSpec | null = null;
  try {
    committed = await effectiveSpec(await load(path.join(options.projectRoot, paths.spec), options), overlay);
  } catch (error) {
    if (!(error instanceof SpecError) || !/no such file/.test(error.message)) throw error;
  }
  if (committed) lines.push(`- committed spec: \`${paths.spec}\` (sha256 \`${committed.pulled.sha256}\`)`);
  if (overlay) lines.push(`- overlay: \`${paths.overlay}\` (sha256 \`${overlay.sha256}\`, ${overlay.actions.length} actions)`);
  const problems = await checkCommitted(surface, committed, options);
  for (const problem of problems) options.warn(`${surface.name}: ${problem.replace(/`/g, '')}`);
  lines.push(...(problems.length ? problems.map((p) => `- **${p}**`) : ['- generated/ and the lock match the committed spec.']));
  const result: SurfaceCheck = { lines, drift: problems.length > 0, badInput: false };
  if (options.offline) return result;

  const source = sourceOf(surface, options);
  let reference: LoadedSpec;
  try {
    reference = await load(source, options);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    options.warn(`error: ${error.message}`);
    lines.push(`- **could not compare with the published spec:** ${error.message}`);
    return { ...result, badInput: true };
  }
  if (committed?.pulled.sha256 === reference.sha256) {
    lines.push(`- up to date with \`${reference.source}\`.`);
    return result;
  }
  lines.push(`- compared with: \`${reference.source}\` (sha256 \`${reference.sha256}\`)`, '');
  const lock = await readIfExists(path.join(options.projectRoot, paths.lock));
  const baseline: DriftBaseline = committed
    ? { document: committed.pulled.document, operations: fingerprintOperations(committed.pulled.document) }
    : { document: null, operations: lock === null ? [] : (JSON.parse(lock) as Lock).operations };
  // The API's own changes, pulled spec against pulled spec; what they mean for the overlay follows.
  lines.push(...formatDrift(diffSpecs(baseline, reference.document)));
  if (overlay) lines.push('', ...formatOverlayReview(overlay, await reviewOverlay(overlay, committed?.pulled.document ?? null, reference.document)));
  return { ...result, drift: true };
}

async function check(selected: Surface[], options: Options): Promise<number> {
  const sections: string[] = [];
  let drift = false;
  let badInput = false;
  for (const surface of selected) {
    const result = await checkSurface(surface, options);
    sections.push(result.lines.join('\n'));
    drift ||= result.drift;
    badInput ||= result.badInput;
  }
  const staleIndexes: string[] = [];
  const committed = new Map<Surface, EffectiveSpec>();
  for (const surface of Object.values(surfaces)) {
    const file = path.join(options.projectRoot, surfacePaths(surface).spec);
    // Parsed and overlaid once per process (`loadSpec`, `effectiveSpec`), so the checks above already did the work.
    if ((await readIfExists(file)) !== null) committed.set(surface, await effectiveSpec(await load(file, options), await overlayOf(surface, options)));
  }
  const { renderIndexes, apiReferencePath, renderApiReference, methodTablePath, renderMethodTable, readmePath, withSurfaceTable } = await renderers();
  const indexes = new Map([...renderIndexes(), [apiReferencePath, renderApiReference(committed)], [methodTablePath, renderMethodTable(committed)]]);
  const readme = await readIfExists(path.join(options.projectRoot, readmePath));
  const readmeWithTable = readme === null ? undefined : withSurfaceTable(readme, committed);
  if (readmeWithTable !== undefined) indexes.set(readmePath, readmeWithTable);
  for (const [relative, expected] of indexes) {
    if ((await readIfExists(path.join(options.projectRoot, relative))) !== expected) staleIndexes.push(relative);
  }
  if (staleIndexes.length) {
    options.warn(`out of date: ${staleIndexes.join(', ')}: run \`npm run generate\``);
    sections.push(`## Indexes\n\n- **Out of date: ${staleIndexes.map((f) => `\`${f}\``).join(', ')}. Run \`npm run generate\`.**`);
    drift = true;
  }
  const report = `${sections.join('\n\n')}\n`;
  options.log(report);
  if (options.reportFile) await writeFile(options.reportFile, report);
  return badInput ? EXIT_BAD_INPUT : drift ? EXIT_DRIFT : 0;
}

async function write(selected: Surface[], options: Options): Promise<number> {
  const { renderIndexes, renderSurface, apiReferencePath, renderApiReference, methodTablePath, renderMethodTable, readmePath, withSurfaceTable } = await renderers();
  const loaded: [Surface, EffectiveSpec][] = [];
  for (const surface of selected) {
    loaded.push([surface, await effectiveSpec(await load(writeSourceOf(surface, options), options), await overlayOf(surface, options))]);
  }
  const files = new Map<string, string | Buffer>(renderIndexes());
  // The reference covers every surface: the ones not regenerated now as committed, where they are.
  const all = new Map(loaded);
  for (const surface of Object.values(surfaces)) {
    const committed = path.join(options.projectRoot, surfacePaths(surface).spec);
    if (!all.has(surface) && (await readIfExists(committed)) !== null) {
      all.set(surface, await effectiveSpec(await load(committed, options), await overlayOf(surface, options)));
    }
  }
  files.set(apiReferencePath, renderApiReference(all));
  files.set(methodTablePath, renderMethodTable(all));
  const readme = await readIfExists(path.join(options.projectRoot, readmePath));
  const readmeWithTable = readme === null ? undefined : withSurfaceTable(readme, all);
  if (readmeWithTable !== undefined && readmeWithTable !== readme) files.set(readmePath, readmeWithTable);
  for (const [surface, spec] of loaded) {
    files.set(surfacePaths(surface).spec, spec.pulled.bytes);
    for (const [relative, content] of await renderSurface(surface, spec)) files.set(relative, content);
  }
  await writeAtomically(options.projectRoot, files);
  for (const [surface, spec] of loaded) {
    const overlay = spec.overlay ? ` + ${spec.overlay.file} (${spec.overlay.actions.length} actions)` : '';
    options.log(
      `${surface.name}: generated from ${spec.pulled.source} (sha256 ${spec.pulled.sha256})${overlay}: ${fingerprintOperations(spec.document).length} operations; pulled spec stored as ${surfacePaths(surface).spec}`,
    );
  }
  return 0;
}

export async function generate(options: Options): Promise<number> {
  const selected = selectSurfaces(options);
  if (typeof selected === 'string') {
    options.warn(`error: ${selected}`);
    return EXIT_BAD_INPUT;
  }
  try {
    if (options.check) return await check(selected, options);
    if (options.fetchOnly) {
      for (const surface of selected) {
        const spec = await load(sourceOf(surface, options), options);
        await writeFile(path.join(options.projectRoot, '.cache', 'openapi', `${surface.name}.sha256`), `${spec.sha256}\n`);
        options.log(`${surface.name}: ${spec.source} has sha256 ${spec.sha256}`);
      }
      return 0;
    }
    return await write(selected, options);
  } catch (error) {
    if (error instanceof SpecError) {
      options.warn(`error: ${error.message}`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        spec: { type: 'string' },
        surface: { type: 'string' },
        check: { type: 'boolean', default: false },
        offline: { type: 'boolean', default: false },
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
  if (parsed.offline && parsed['fetch-only']) {
    console.error(`error: --offline and --fetch-only exclude each other\n${USAGE}`);
    return EXIT_BAD_INPUT;
  }
  return generate({
    ...(parsed.spec !== undefined && { spec: parsed.spec }),
    ...(parsed.surface !== undefined && { surface: parsed.surface }),
    check: parsed.check,
    offline: parsed.offline,
    fetchOnly: parsed['fetch-only'],
    ...(parsed['report-file'] !== undefined && { reportFile: parsed['report-file'] }),
    projectRoot: fileURLToPath(new URL('..', import.meta.url)),
    env: process.env,
    log: (line) => console.log(line),
    warn: (line) => console.error(line),
  });
}

runIfMain(import.meta.url, main, EXIT_BAD_INPUT);
