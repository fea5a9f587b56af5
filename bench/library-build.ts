/**
 * The library's ESM build, as `npm run build` makes it but without type
 * declarations or source maps: what benchmarks and size checks import or
 * bundle, in a fraction of the time and memory a full build takes.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as bundle } from 'esbuild';
import { build, type Options } from 'tsup';
import config from '../tsup.config.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The build of the library's entry points in ESM, from a tsup configuration: a list of builds, or (from 0.3.0)
 * a function of the command line's options returning one.
 */
function esmLibraryOf(configuration: Options[] | ((cli: Options) => Options[])): Options {
  const builds = typeof configuration === 'function' ? configuration({}) : configuration;
  return builds.find((options) => options.format === 'esm' && options.splitting)!;
}

const esmLibrary = esmLibraryOf(config as (cli: Options) => Options[]);

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

/**
 * The package as it was at git `ref` (a commit, tag or branch), built into
 * `directory` with that commit's own build configuration, so that a benchmark
 * can run the SDK before and after a change side by side in one run.
 */
export async function buildEsmPackageAt(ref: string, directory: string): Promise<void> {
  const tree = path.join(directory, 'tree');
  await mkdir(tree, { recursive: true });
  const archive = execFileSync('git', ['-C', root, 'archive', '--format=tar', ref], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  await symlink(path.join(root, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  await cp(path.join(tree, 'package.json'), path.join(directory, 'package.json'));
  await symlink(path.join(root, 'node_modules'), path.join(directory, 'node_modules'), 'dir');
  const configs = (await import(pathToFileURL(path.join(tree, 'tsup.config.ts')).href)) as { default: Options[] | ((cli: Options) => Options[]) };
  const options = esmLibraryOf(configs.default);
  // Entry points made absolute: the build tool resolves relative ones from the directory the process started in.
  const entry = Object.fromEntries(Object.entries(options.entry as Record<string, string>).map(([name, file]) => [name, path.join(tree, file)]));
  await build({ ...options, entry, config: false, dts: false, sourcemap: false, silent: true, outDir: path.join(directory, 'dist') });
}

/** The git ref to compare against, from `--baseline=REF` or `BENCH_BASELINE`; none by default. */
export function baselineRef(): string | undefined {
  const flag = process.argv.find((arg) => arg.startsWith('--baseline='));
  return flag ? flag.slice('--baseline='.length) : process.env.BENCH_BASELINE || undefined;
}

/** The SDK's exports from a package built by `buildEsmPackage` or `buildEsmPackageAt` into `directory`. */
export async function importBuilt(directory: string): Promise<typeof import('../src/index.js')> {
  return (await import(pathToFileURL(path.join(directory, 'dist', 'index.js')).href)) as typeof import('../src/index.js');
}

/** A minified bundle, with dependencies, of a program in `directory` that imports `name` from `from` and uses it. */
export async function loneImportBundle(directory: string, name: string, from: string): Promise<Uint8Array> {
  const program = path.join(directory, `${name}-${Buffer.from(from).toString('hex').slice(-16)}.mjs`);
  await writeFile(program, `import { ${name} } from ${JSON.stringify(from)};\nconsole.log(${name});\n`);
  const result = await bundle({
    entryPoints: [program],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
    absWorkingDir: directory,
  });
  return result.outputFiles[0]!.contents;
}

/** Lone imports from the root entry point, each with the module that holds the function's own code. */
export const LONE_IMPORTS: readonly (readonly [name: string, ownModule: string])[] = [
  ['estimateSegments', 'src/lib/sms/segments.ts'],
  ['verifyWebhook', 'src/webhooks/verify.ts'],
  ['estimateCost', 'src/lib/sms/cost.ts'],
  ['isE164', 'src/lib/phone/e164.ts'],
];

/** The goal for a lone import: at most this many times the size of its own module's bundle. */
export const LONE_IMPORT_MAX_RATIO = 1.2;

export function ownModule(module: string): string {
  return path.join(root, module);
}
