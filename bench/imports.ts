/**
 * What each entry point costs the code that imports it: time to import the
 * built module in a fresh Node process (median of interleaved runs, against an
 * empty module measured the same way), and the size of a minified bundle with
 * its dependencies (what an edge function or a browser would ship), from an
 * ESM build without type declarations. Then the size of programs that import
 * one function from the root entry point.
 *
 *   npx tsx bench/imports.ts [--runs 21]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LONE_IMPORTS, LONE_IMPORT_MAX_RATIO, buildEsmPackage, loneImportBundle, ownModule } from './library-build.js';
import { printSection, section, type Figure, type Section } from './results.js';

const ENTRIES: Record<string, string> = {
  'openphone-sdk': 'index',
  'openphone-sdk/phone': 'phone',
  'openphone-sdk/webhooks': 'webhooks',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds to import `file` in a fresh process, measured inside it so process start-up is not counted. */
function importTime(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

export async function benchImports(runs = 21): Promise<Section> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-imports-'));
  try {
    const pkg = path.join(scratch, 'node_modules/openphone-sdk');
    await buildEsmPackage(pkg);
    const empty = path.join(scratch, 'empty.mjs');
    await writeFile(empty, 'export {};\n');
    const files = Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(pkg, 'dist', `${file}.js`)]));
    const times: Record<string, number[]> = Object.fromEntries(['(empty module)', ...Object.keys(files)].map((n) => [n, []]));
    for (let i = 0; i < runs; i++) {
      times['(empty module)']!.push(importTime(empty));
      for (const [name, file] of Object.entries(files)) times[name]!.push(importTime(file));
    }
    const baseline = median(times['(empty module)']!);
    const rows = [];
    const figures: Figure[] = [];
    for (const [name, file] of Object.entries(files)) {
      const bundle = await build({
        entryPoints: [file],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'neutral',
        write: false,
        logLevel: 'silent',
        mainFields: ['module', 'main'],
        external: ['node:*'],
      });
      const bytes = bundle.outputFiles[0]!.contents;
      rows.push({
        entry: name,
        'import ms (median)': median(times[name]!).toFixed(1),
        'over empty module': (median(times[name]!) - baseline).toFixed(1),
        'bundle KB (min)': kilobytes(bytes),
        'bundle KB (min+gzip)': kilobytes(gzipSync(bytes)),
      });
      figures.push({
        figure: `\`${name}\`: import over an empty module; bundle of the whole entry point (min / gzip)`,
        measured: `${(median(times[name]!) - baseline).toFixed(1)} ms; ${kilobytes(bytes)} KB / ${kilobytes(gzipSync(bytes))} KB`,
        goal: '(tracked)',
      });
    }
    console.log(`\n## Import cost, ${runs} fresh processes per entry point (empty module: ${baseline.toFixed(1)} ms)\n`);
    console.table(rows);

    const lone = [];
    for (const [name, module] of LONE_IMPORTS) {
      const fromRoot = await loneImportBundle(scratch, name, 'openphone-sdk');
      const own = await loneImportBundle(scratch, name, ownModule(module));
      lone.push({
        import: `{ ${name} } from 'openphone-sdk'`,
        'bundle KB (min)': kilobytes(fromRoot),
        'bundle KB (min+gzip)': kilobytes(gzipSync(fromRoot)),
        'own module KB (min)': kilobytes(own),
        'x own module': (fromRoot.length / own.length).toFixed(2),
        goal: `<= ${LONE_IMPORT_MAX_RATIO}x`,
      });
      figures.push({
        figure: `\`import { ${name} } from 'openphone-sdk'\`, bundled (min / gzip)`,
        measured: `${kilobytes(fromRoot)} KB / ${kilobytes(gzipSync(fromRoot))} KB, ${(fromRoot.length / own.length).toFixed(2)}× its own module`,
        goal: `≤ ${LONE_IMPORT_MAX_RATIO}× its own module`,
      });
    }
    console.log("\n## Lone imports from the root entry point, against a bundle of the function's own module\n");
    console.table(lone);
    return section('imports', `Import cost (\`bench/imports.ts\`): median of ${runs} fresh processes, bundles minified with dependencies`, figures);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function kilobytes(bytes: Uint8Array): string {
  return (bytes.length / 1024).toFixed(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } }, strict: true });
  printSection(await benchImports(Number(values.runs)));
}
