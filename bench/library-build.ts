/**
 * The library's ESM build, as `npm run build` makes it but without type
 * declarations or source maps: what benchmarks and size checks import or
 * bundle, in a fraction of the time and memory a full build takes.
 */
import { cp, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Options } from 'tsup';
import config from '../tsup.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The build of the library's entry points in ESM (the first of the package's build configurations). */
const esmLibrary = (config as Options[]).find((options) => options.format === 'esm' && options.splitting)!;

/**
 * Builds the package into `directory` (its package.json and an ESM-only
 * dist/), with the project's node_modules beside it, so that importing or
 * bundling `directory` behaves like an installed copy of the package.
 */
export async function buildEsmPackage(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await cp(path.join(root, 'package.json'), path.join(directory, 'package.json'));
  await symlink(path.join(root, 'node_modules'), path.join(directory, 'node_modules'), 'dir');
  await build({ ...esmLibrary, config: false, dts: false, sourcemap: false, silent: true, outDir: path.join(directory, 'dist') });
}
