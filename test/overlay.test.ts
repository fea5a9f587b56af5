import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_DRIFT, generate } from '../scripts/generate.js';
import { parseOverlay } from '../scripts/overlay.js';
import { SpecError } from '../scripts/spec.js';
import { surfacePaths, surfaces } from '../scripts/surfaces.js';
import { committedTree } from './helpers/committed-tree.js';
import { projectRoot } from './helpers/shared-specs.js';

const temporaryRoots: string[] = [];
afterAll(async () => {
  await Promise.all(temporaryRoots.map((root) => rm(root, { recursive: true, force: true })));
});

async function run(root: string, spec: string | undefined, options: { check?: boolean; offline?: boolean; surface?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await generate({
    ...(spec !== undefined && { spec }),
    surface: options.surface ?? 'v1',
    check: options.check ?? false,
    offline: options.offline ?? false,
    projectRoot: root,
    env: {},
    log: (line) => out.push(line),
    warn: (line) => err.push(line),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const PETS = path.join(projectRoot, 'test/fixtures/specs/pets-v1.json');

/** An overlay for the pets fixture: one operation added, one limit corrected. */
const PETS_OVERLAY = `overlay: 1.0.0
info: { title: Pets additions, version: '1' }
actions:
  - target: $.paths
    x-source: Pets changelog 2026-01
    update:
      /v1/pets/{id}/feed:
        post:
          operationId: feedPet
          parameters: [{ in: path, name: id, required: true, schema: { type: string } }]
          responses: { '204': { description: Fed } }
  - target: $.paths['/v1/pets'].post.requestBody.content['application/json'].schema.properties.tags
    x-source: Pets reference, createPet, checked 2026-02-01
    update: { maxItems: 5 }
`;

async function petsRoot(overlay = PETS_OVERLAY): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'openphone-overlay-'));
  temporaryRoots.push(root);
  await mkdir(path.join(root, 'openapi'));
  await writeFile(path.join(root, surfacePaths(surfaces.v1!).overlay), overlay);
  return root;
}

describe('parseOverlay', () => {
  it('refuses an action that does not name its source', () => {
    expect(() => parseOverlay('overlay: 1.0.0\nactions:\n  - target: $.paths\n    update: {}\n', 'o.yaml')).toThrow(
      new SpecError('o.yaml action 1 ($.paths): "x-source" must name where the change is documented'),
    );
  });

  it('refuses a document that is not an Overlay 1.0 document', () => {
    expect(() => parseOverlay('overlay: 2.0.0\nactions: []\n', 'o.yaml')).toThrow(/not an OpenAPI Overlay 1\.0 document/);
    expect(() => parseOverlay('openapi: 3.1.0\n', 'o.yaml')).toThrow(/not an OpenAPI Overlay 1\.0 document/);
  });
});

describe('generate with an overlay', () => {
  it('generates from the pulled spec with its overlay applied, keeps the pulled spec as it was, and locks the overlay', async () => {
    const root = await petsRoot();
    expect((await run(root, PETS)).code).toBe(0);
    const { operations, spec } = (await import(path.join(root, 'generated/v1.operations.ts'))) as { operations: Record<string, any>; spec: any };
    expect(operations.feedPet).toMatchObject({ method: 'post', path: '/v1/pets/{id}/feed', successStatus: 204 });
    expect(operations.createPet.requestBody.schema.properties.tags.maxItems).toBe(5);
    expect(await readFile(path.join(root, 'openapi/v1.json'))).toEqual(await readFile(PETS));
    const lock = JSON.parse(await readFile(path.join(root, 'openapi/v1.lock.json'), 'utf8'));
    expect(lock.overlay).toEqual({ file: 'openapi/v1.overlay.yaml', sha256: spec.overlaySha256, actions: 2 });
    expect(lock.overlay.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await readFile(path.join(root, 'generated/v1.ts'), 'utf8')).toContain(`Overlay sha256: ${lock.overlay.sha256}`);
    const effective = JSON.parse(await readFile(path.join(root, 'openapi/v1.effective.json'), 'utf8'));
    expect(Object.keys(effective.paths)).toContain('/v1/pets/{id}/feed');
  });

  it('fails --check --offline when the overlay changed without regenerating', async () => {
    const root = await petsRoot();
    await run(root, PETS);
    expect((await run(root, undefined, { check: true, offline: true })).code).toBe(0);
    await writeFile(path.join(root, 'openapi/v1.overlay.yaml'), PETS_OVERLAY.replace('maxItems: 5', 'maxItems: 6'));
    const result = await run(root, undefined, { check: true, offline: true });
    expect(result.code).toBe(EXIT_DRIFT);
    expect(result.stdout).toMatch(/Out of date with `openapi\/v1\.json` and `openapi\/v1\.overlay\.yaml`/);
  });

  it('regenerates offline from the committed spec and overlay', async () => {
    const root = await petsRoot();
    await run(root, PETS);
    const before = await readFile(path.join(root, 'generated/v1.operations.ts'), 'utf8');
    await rm(path.join(root, 'generated'), { recursive: true });
    expect((await run(root, undefined, { offline: true })).code).toBe(0);
    expect(await readFile(path.join(root, 'generated/v1.operations.ts'), 'utf8')).toBe(before);
  });

  it('refuses an action whose target matches nothing, naming its source, and writes nothing', async () => {
    const root = await petsRoot(`${PETS_OVERLAY}  - target: $.paths['/v1/owners'].get
    x-source: Pets reference, listOwners
    update: { summary: List owners }
`);
    const result = await run(root, PETS);
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(/1 action\(s\) match nothing in \S*pets-v1\.json: \$\.paths\['\/v1\/owners'\]\.get \(Pets reference, listOwners\)/);
    expect((await readdir(root)).filter((entry) => entry !== '.cache')).toEqual(['openapi']);
    expect(await readdir(path.join(root, 'openapi'))).toEqual(['v1.overlay.yaml']);
  });
});

/** The `--check` report on `surface`'s overlay against its committed pulled spec as `edit` changes it (given the effective spec to copy from). */
async function driftReport(surface: string, edit: (pulled: any, effective: any) => void) {
  const { root, cleanup } = await committedTree();
  try {
    const { spec, effective } = surfacePaths(surfaces[surface]!);
    const pulled = JSON.parse(await readFile(path.join(root, spec), 'utf8'));
    edit(pulled, JSON.parse(await readFile(path.join(root, effective), 'utf8')));
    const file = path.join(root, 'pulled.json');
    await writeFile(file, JSON.stringify(pulled));
    const result = await run(root, file, { check: true, surface });
    const section = result.stdout.slice(result.stdout.indexOf(`### Overlay \`${surfacePaths(surfaces[surface]!).overlay}\``));
    const redundant = section.slice(section.indexOf('#### Made redundant'), section.indexOf('#### Contradicting'));
    return { code: result.code, section, redundant };
  } finally {
    await cleanup();
  }
}

describe('the drift report on the overlay', () => {
  it('lists the actions a newly pulled spec makes redundant, those it contradicts, and those that no longer apply', async () => {
    const { code, section, redundant } = await driftReport('v1', (pulled, effective) => {
      // The API's spec now says two of the overlay's additions itself...
      pulled.paths['/v1/users'] = effective.paths['/v1/users'];
      pulled.paths['/v1/users/{userId}'] = effective.paths['/v1/users/{userId}'];
      pulled.components = effective.components;
      pulled.paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to =
        effective.paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to;
      // ...states a limit of its own where the overlay sets another...
      pulled.paths['/v1/messages'].get.parameters.find((p: { name: string }) => p.name === 'participants').schema.maxItems = 5;
      // ...and no longer has an operation the overlay annotates.
      delete pulled.paths['/v1/contacts/{id}'].patch;
    });
    expect(code).toBe(EXIT_DRIFT);
    expect(redundant).toContain('- `$.paths (Quo API reference, listUsers_v1 / getUserById_v1, checked 2026-10-08)`');
    expect(redundant).toContain("- `$.paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to (Quo changelog 2026-06 (group messages up to 10 recipients))`");
    expect(redundant).not.toContain('Tasks');
    const contradicting = section.slice(section.indexOf('#### Contradicting'), section.indexOf('#### No longer applying'));
    expect(contradicting).toContain('#### Contradicting the pulled spec (1)');
    expect(contradicting).toContain('The pulled spec wins');
    expect(contradicting).toContain('`maxItems`: the overlay sets 10, the pulled spec says 5');
    const gone = section.slice(section.indexOf('#### No longer applying'));
    expect(gone).toContain('#### No longer applying (1)');
    expect(gone).toContain("$.paths['/v1/contacts/{id}'].patch");
  });

  it('on the dated surface, lists the added operations a pulled spec now has as redundant, and not the others', async () => {
    const { code, redundant } = await driftReport('2026-03-30', (pulled, effective) => {
      // The API's spec now has the workspace-wide messages the overlay adds, and the shapes they use.
      pulled.paths['/messages'] = effective.paths['/messages'];
      pulled.paths['/messages/{messageId}'] = effective.paths['/messages/{messageId}'];
      pulled.components = effective.components;
    });
    expect(code).toBe(EXIT_DRIFT);
    expect(redundant).toContain('- `$.paths (Quo API reference (2026-03-30), listMessages / getMessageById, checked 2026-10-08)`');
    expect(redundant).not.toContain('Tasks API');
    expect(redundant).not.toContain('listCalls');
  });

  it('lists nothing when the pulled spec is the committed one', async () => {
    const { root, cleanup } = await committedTree();
    try {
      const result = await run(root, path.join(root, 'openapi/v1.json'), { check: true });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain('### Overlay');
    } finally {
      await cleanup();
    }
  });
});

describe('the committed overlays', () => {
  it('name a source in every action', async () => {
    for (const surface of Object.values(surfaces)) {
      const file = surfacePaths(surface).overlay;
      const actions = parseOverlay(await readFile(path.join(projectRoot, file), 'utf8'), file);
      expect(actions.length, file).toBeGreaterThan(0);
      for (const action of actions) expect(action['x-source'], action.target).toMatch(/Quo (changelog|API reference)/);
    }
  });
});
