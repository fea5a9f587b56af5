import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from './shared-specs.js';

export interface Bundle {
  /** One ES module that plain `node` runs. */
  readonly file: string;
  remove(): Promise<void>;
}

/**
 * `entry` and the sources it imports, bundled once, so a test's child processes
 * start with plain `node` instead of paying for tsx compiling the sources at
 * every start. Packages stay imports: the bundle is written under the project's
 * node_modules, where they resolve.
 */
export async function bundleEntry(entry: string): Promise<Bundle> {
  const cache = path.join(projectRoot, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  // The real path: node_modules may be a link (as in the grown copy), and an entry that checks whether it is the
  // main module compares its argv path with its own resolved URL.
  const dir = await realpath(await mkdtemp(path.join(cache, 'openphone-sdk-test-bundle-')));
  const file = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({ entryPoints: [entry], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * `entry` bundled into `outfile` with everything it imports, packages too, so plain `node` runs it from any
 * directory (a scratch one, outside the project).
 */
export async function bundleInto(entry: string, outfile: string): Promise<string> {
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'error' });
  return outfile;
}
