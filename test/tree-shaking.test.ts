/**
 * A program that imports one function from the root entry point bundles only
 * that function's code: no module of the package may do work at load time
 * that a bundler cannot drop (build a table, construct a matcher, register a
 * finalizer), or every bundle carries the whole client.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEsmPackage } from '../bench/library-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** How much bigger than the function's own code a lone import from the root may bundle. */
const MAX_RATIO = 1.2;

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-tree-shaking-'));
  await buildEsmPackage(path.join(scratch, 'node_modules/openphone-sdk'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Minified bytes of a program that imports `name` from `from` and uses it. */
async function bundledBytes(name: string, from: string): Promise<number> {
  const program = path.join(scratch, `${name}-${Buffer.from(from).toString('hex').slice(-16)}.mjs`);
  await writeFile(program, `import { ${name} } from ${JSON.stringify(from)};\nconsole.log(${name});\n`);
  const result = await build({
    entryPoints: [program],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
    absWorkingDir: scratch,
  });
  return result.outputFiles[0]!.contents.length;
}

describe('importing one function from openphone-sdk', () => {
  it.each([
    ['estimateSegments', 'src/segments.ts'],
    ['verifyWebhook', 'src/webhooks/verify.ts'],
    ['estimateCost', 'src/cost.ts'],
    ['isE164', 'src/phone.ts'],
  ])(`bundles %s within ${MAX_RATIO}x the size of its own module`, async (name, module) => {
    const fromRoot = await bundledBytes(name, 'openphone-sdk');
    const own = await bundledBytes(name, path.join(root, module));
    expect(fromRoot / own, `${fromRoot} bytes from the root, ${own} from ${module}`).toBeLessThanOrEqual(MAX_RATIO);
  });

  it('still bundles the whole client for a program that uses it', async () => {
    const client = await bundledBytes('OpenPhone', 'openphone-sdk');
    expect(client).toBeGreaterThan(10 * (await bundledBytes('estimateSegments', 'openphone-sdk')));
  });
});
