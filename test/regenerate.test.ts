import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { regenerate, type Check } from '../scripts/regenerate.js';
import { committedTree } from './helpers/committed-tree.js';
import { committedSpec, projectRoot } from './helpers/shared-specs.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function tree() {
  const { root, cleanup } = await committedTree();
  cleanups.push(cleanup);
  return root;
}

const PROBE = 'getRegenerateProbe_v1';

/** The committed v1 spec plus one operation, whatever the committed spec already holds. */
async function writeChangedSpec(file: string): Promise<void> {
  const spec = JSON.parse(await readFile(committedSpec('v1'), 'utf8'));
  spec.paths['/v1/regenerate-probe'] = {
    get: { operationId: PROBE, tags: ['Probe'], responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } } },
  };
  await writeFile(file, JSON.stringify(spec, null, 2));
}

const node = (name: string, script: string): Check => ({ name, command: [process.execPath, '-e', script] });
const passing = node('typecheck', 'console.log("fine")');
const failing = node('test', 'console.error("1 test failed: removedOperation_v1"); process.exit(3)');

async function run(root: string, v1Source: string, checks: readonly Check[]) {
  const env = {
    OPENPHONE_SPEC: v1Source,
    OPENPHONE_SPEC_2026_03_30: committedSpec('2026-03-30'),
    GITHUB_OUTPUT: path.join(root, 'github-output'),
  };
  const bodyFile = path.join(root, 'pr-body.md');
  const result = await regenerate({ projectRoot: root, env, bodyFile, checks, log: () => {} });
  return { result, body: await readFile(bodyFile, 'utf8'), outputs: await readFile(env.GITHUB_OUTPUT, 'utf8') };
}

describe('the regenerate job', () => {
  it('opens nothing when the published specs are the committed ones, and says so', async () => {
    const root = await tree();
    const { result, body, outputs } = await run(root, committedSpec('v1'), [failing]);
    expect(result).toEqual({ code: 0, changed: false, checks: 'skipped' });
    expect(outputs).toBe('changed=false\nchecks=skipped\n');
    expect(body).toMatch(/- up to date with `.*openapi\/v1\.json`/);
    expect(body).toMatch(/- up to date with `.*openapi\/2026-03-30\.json`/);
  });

  it('regenerates a changed spec, runs the checks on the new tree and puts their outcome in the body', async () => {
    const root = await tree();
    const changed = path.join(root, 'changed.json');
    await writeChangedSpec(changed);
    const { result, body, outputs } = await run(root, changed, [passing, failing]);
    expect(result).toEqual({ code: 0, changed: true, checks: 'failed' });
    expect(outputs).toBe('changed=true\nchecks=failed\n');
    expect(body).toContain(`### Added operations (1)`);
    expect(body).toContain(`- \`${PROBE}\` (GET /v1/regenerate-probe)`);
    expect(body).toContain('| typecheck | `');
    expect(body).toMatch(/\| test \| `.*` \| \*\*failed\*\* \(exit 3\) \|/);
    expect(body).toContain('1 test failed: removedOperation_v1');
    // The tree now holds the new spec and what it generates.
    expect(await readFile(path.join(root, 'openapi/v1.json'), 'utf8')).toBe(await readFile(changed, 'utf8'));
    expect(await readFile(path.join(root, 'generated/v1.operations.ts'), 'utf8')).toContain(PROBE);
  });

  it('reports passing checks as a spec that only grew', async () => {
    const root = await tree();
    const changed = path.join(root, 'changed.json');
    await writeChangedSpec(changed);
    const { result, body } = await run(root, changed, [passing]);
    expect(result.checks).toBe('passed');
    expect(body).toContain('The regenerated tree passes every check');
  });

  it('still writes the body, and exits 2, when a spec cannot be used', async () => {
    const root = await tree();
    const { result, body, outputs } = await run(root, path.join(projectRoot, 'test/fixtures/specs/not-json.txt'), [passing]);
    expect(result).toEqual({ code: 2, changed: false, checks: 'skipped' });
    expect(outputs).toBe('changed=false\nchecks=skipped\n');
    expect(body).toMatch(/## The published spec could not be used[\s\S]*not-json\.txt is not JSON/);
  });
});
