/**
 * A program that imports one function from the root entry point bundles only
 * that function's code: no module of the package may do work at load time
 * that a bundler cannot drop (build a table, construct a matcher, register a
 * finalizer), or every bundle carries the whole client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONE_IMPORTS, LONE_IMPORT_MAX_RATIO, buildEsmPackage, loneImportBundle, ownModule } from '../bench/library-build.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-tree-shaking-'));
  await buildEsmPackage(path.join(scratch, 'node_modules/openphone-sdk'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const bytes = async (name: string, from: string) => (await loneImportBundle(scratch, name, from)).length;

describe('importing one function from openphone-sdk', () => {
  it.each(LONE_IMPORTS)(`bundles %s within ${LONE_IMPORT_MAX_RATIO}x the size of its own module (%s)`, async (name, module) => {
    const fromRoot = await bytes(name, 'openphone-sdk');
    const own = await bytes(name, ownModule(module));
    expect(fromRoot / own, `${fromRoot} bytes from the root, ${own} from ${module}`).toBeLessThanOrEqual(LONE_IMPORT_MAX_RATIO);
  });

  it('still bundles the whole client for a program that uses it', async () => {
    expect(await bytes('OpenPhone', 'openphone-sdk')).toBeGreaterThan(10 * (await bytes('estimateSegments', 'openphone-sdk')));
  });
});
