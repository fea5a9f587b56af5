import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, symlink, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { projectRoot } from './shared-specs.js';

export interface BuiltPackage {
  /** A scratch app of the caller's own with the built package installed (by link) as node_modules/openphone-sdk. */
  readonly app: string;
  /** The package directory: package.json and dist/. Shared between test files: read it, never write to it. */
  readonly pkg: string;
  cleanup(): Promise<void>;
}

/** What the build reads: a change to any of them makes a new build. */
const BUILD_INPUTS = ['src', 'generated', 'openapi', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json'];
const CACHE = path.join(projectRoot, 'node_modules/.cache/openphone-sdk-build');
/** The build takes seconds; this leaves room for a 2-core machine busy with the rest of the suite. */
export const BUILD_TIMEOUT_MS = 120_000;
/** Builds of other source states older than this are removed when a new one is made. */
const STALE_BUILD_MS = 60 * 60 * 1000;

/**
 * The package built from the current sources, so tests exercise the real build
 * output, not the sources. Test files run in parallel processes: the first to
 * ask builds, the others wait for it and every later run with the same sources
 * reuses it.
 */
export async function buildPackage(): Promise<BuiltPackage> {
  const pkg = await sharedBuild();
  const app = await mkdtemp(path.join(os.tmpdir(), 'openphone-app-'));
  await mkdir(path.join(app, 'node_modules'));
  await symlink(pkg, path.join(app, 'node_modules/openphone-sdk'), 'dir');
  return { app, pkg, cleanup: () => rm(app, { recursive: true, force: true }) };
}

/** The package directory of the shared build (package.json and dist/): read it, never write to it. */
export async function sharedBuild(): Promise<string> {
  const pkg = path.join(CACHE, await inputsHash());
  const lock = `${pkg}.lock`;
  await mkdir(CACHE, { recursive: true });
  while (!existsSync(pkg)) {
    const held = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (held === undefined) {
      if (!(await lockOwnerAlive(lock))) await unlink(lock).catch(() => undefined);
      else await sleep(250);
      continue;
    }
    try {
      await held.writeFile(String(process.pid));
      await held.close();
      if (!existsSync(pkg)) await build(pkg);
    } finally {
      // Gone already only if another process took the lock over as stale (see build).
      await unlink(lock).catch(() => undefined);
    }
  }
  return pkg;
}

/**
 * Builds into a scratch directory and renames it into place, so no reader sees half a build.
 *
 * The JavaScript only (`--no-dts`): it is what tests run, and it takes a second or two where the type
 * declarations take most of a minute of CPU. The README check supplies its own types, and the package
 * check (`npm run lint:package`) checks the declarations the package ships.
 */
async function build(pkg: string): Promise<void> {
  const partial = `${pkg}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const tsup = path.join(projectRoot, 'node_modules/tsup/dist/cli-default.js');
  await promisify(execFile)(process.execPath, [tsup, '--no-dts', '--silent', '--out-dir', path.join(partial, 'dist')], { cwd: projectRoot });
  await cp(path.join(projectRoot, 'package.json'), path.join(partial, 'package.json'));
  // The sandbox entry reads the committed spec files, which the package ships.
  await cp(path.join(projectRoot, 'openapi'), path.join(partial, 'openapi'), { recursive: true });
  await symlink(path.join(projectRoot, 'node_modules'), path.join(partial, 'node_modules'), 'dir');
  await rename(partial, pkg).catch(async (error: unknown) => {
    // Two builders can only both get here when one took over a lock it judged stale: the first build stands.
    if (!existsSync(pkg)) throw error;
    await rm(partial, { recursive: true, force: true });
  });
  await removeStaleBuilds(pkg);
}

async function removeStaleBuilds(current: string): Promise<void> {
  for (const entry of await readdir(CACHE)) {
    const other = path.join(CACHE, entry);
    if (other === current || other.startsWith(`${current}.`)) continue;
    const { mtimeMs } = await stat(other).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_BUILD_MS) await rm(other, { recursive: true, force: true });
  }
}

/** A lock with no pid written this long after it was taken was left by a process that died taking it. */
const UNWRITTEN_LOCK_MS = 10_000;

/** Whether the process that took the lock still runs; a lock just taken, its pid not yet written, counts as held for a while. */
async function lockOwnerAlive(lock: string): Promise<boolean> {
  const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
  if (!pid) return Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs < UNWRITTEN_LOCK_MS;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    const root = path.join(projectRoot, input);
    const files = (await stat(root)).isFile()
      ? [root]
      : (await readdir(root, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name))
          .sort();
    for (const file of files)
      hash
        .update(path.relative(projectRoot, file))
        .update('\0')
        .update(await readFile(file))
        .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
