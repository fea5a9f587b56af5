/**
 * The fast half of the growth proof (the slow half, regenerating a copy of the
 * project and running every check there, is `npm run check:growth`): the drift
 * report for a spec that only grows names every change a reviewer acts on.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, spec } from '../generated/v1.operations.js';
import { EXIT_DRIFT, generate } from '../scripts/generate.js';
import { ADDED_OPERATIONS, GROWN_MAX_RECIPIENTS, GROWN_SERVER, growSpec, isGrown } from './fixtures/grown-spec.js';
import { diagnostics, editorFor, exportedTypes } from './helpers/editor.js';
import { bundleInto } from './helpers/bundle.js';
import { committedTree, writeGrownSpec } from './helpers/committed-tree.js';
import { OpenPhone, ValidationError } from '../src/index.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, startSandbox } from '../src/sandbox/index.js';
import { message } from './fixtures/models.js';
import { apiClient, interceptApi, rejection } from './helpers/nock-api.js';
import { committedSpec, projectRoot } from './helpers/shared-specs.js';

const committed = JSON.parse(await readFile(committedSpec('v1'), 'utf8'));
/** In `check:growth`'s copy the committed spec is the grown one: there is no growth left to report. */
const alreadyGrown = isGrown(committed);
/** What generated/ was built from: the committed spec with its overlay, which may type the new operation already. */
const effective = JSON.parse(await readFile(path.join(projectRoot, 'openapi/v1.effective.json'), 'utf8'));
const tasksTyped = '/v1/tasks' in effective.paths;

/** A schema of the effective spec with its local `$ref` followed. */
function resolved(schema: { $ref?: string; [key: string]: unknown }): Record<string, any> {
  if (typeof schema.$ref !== 'string') return schema;
  const target = schema.$ref
    .slice(2)
    .split('/')
    .reduce<any>((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], effective);
  return resolved(target);
}

/** The item schema of a list answer `{ data: [item] }`. */
function effectiveItem(schema: { $ref?: string }): Record<string, any> {
  return resolved(resolved(resolved(schema).properties.data).items);
}

let report = '';
let code = 0;
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (alreadyGrown) return;
  const tree = await committedTree();
  cleanup = tree.cleanup;
  const grown = path.join(tree.root, 'grown.json');
  await writeGrownSpec(grown);
  const lines: string[] = [];
  code = await generate({
    surface: 'v1',
    spec: grown,
    check: true,
    projectRoot: tree.root,
    env: {},
    log: (line) => lines.push(line),
    warn: () => {},
  });
  report = lines.join('\n');
});
afterAll(() => cleanup?.());

describe.skipIf(alreadyGrown)('the drift report for a spec that only grows (skipped when the committed spec already has the growth)', () => {
  it('fails the check, as drift', () => {
    expect(code).toBe(EXIT_DRIFT);
  });

  it('removes nothing and names each added operation', () => {
    expect(report).toContain('### Removed operations (0)\n\nNone.');
    expect(report).toContain(`### Added operations (${ADDED_OPERATIONS.length})`);
    for (const operationId of ADDED_OPERATIONS) expect(report).toMatch(new RegExp(`^- \`${operationId}\` \\((GET|POST) /v1/`, 'm'));
  });

  it('shows the loosened recipient limit, old -> new', () => {
    // The drift report compares pulled specs: the limit before is the pulled spec's, whatever the overlay says.
    const before = committed.paths['/v1/messages'].post.requestBody.content['application/json'].schema.properties.to.maxItems;
    expect(before).toBeLessThan(GROWN_MAX_RECIPIENTS);
    expect(report).toContain(`constraint: \`sendMessage_v1 body.to: maxItems ${before} -> ${GROWN_MAX_RECIPIENTS}\``);
  });

  it('lists the response field added to messages', () => {
    expect(report).toMatch(/- `sendMessage_v1` \(POST \/v1\/messages\)\n(?: {2}- .*\n)* {2}- response fields added: `data\.conversationId`/);
    expect(report).toMatch(/- `getMessageById_v1` \(GET \/v1\/messages\/\{id\}\)\n(?: {2}- .*\n)* {2}- response fields added: `data\.conversationId`/);
  });

  it('names the server change, which moves the default base URL', () => {
    expect(report).toContain(`### Server URL\n\n- \`${spec.serverUrl}\` -> \`${GROWN_SERVER}\`: the client's default \`baseUrl\``);
  });
});

describe('the recipient limit follows the spec (a group send once `to.maxItems` grows)', () => {
  const { maxItems } = operations.sendMessage_v1.requestBody.schema.properties.to;
  const recipients = (count: number) => Array.from({ length: count }, (_, i) => `+1555555${String(1000 + i)}`);

  describe('to the API', () => {
    interceptApi();

    it(`sends to as many recipients as the spec allows, in one request`, async () => {
      const { client, requests, reply } = apiClient();
      reply('POST', '/v1/messages', 202, { data: message });
      await client.messages.send({ from: '+15555550100', to: recipients(maxItems), content: 'Hello, all' });
      expect(requests).toHaveLength(1);
      expect((requests[0]!.body as { to: string[] }).to).toEqual(recipients(maxItems));
    });

    it('refuses one more, before any request', async () => {
      const { client, requests } = apiClient();
      const error = await rejection(client.messages.send({ from: '+15555550100', to: recipients(maxItems + 1), content: 'Hello, all' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'to', rule: 'maxItems' })]);
      expect(requests).toEqual([]);
    });
  });

  const group = [SEEDED_CONTACT_NUMBERS.ada, SEEDED_CONTACT_NUMBERS.grace, SEEDED_CONTACT_NUMBERS.alan];
  it(maxItems >= group.length ? 'sends to 3 as one group message through the sandbox' : `refuses 3 recipients through the sandbox, as the spec allows ${maxItems}`, async () => {
    const sandbox = await startSandbox({ rateLimit: false });
    try {
      const client = new OpenPhone({ apiKey: 'sandbox-key', baseUrl: sandbox.url });
      const sending = client.messages.send({ from: SEEDED_NUMBERS.main, to: group, content: 'Team update' });
      if (maxItems >= group.length) {
        const sent = await sending;
        expect(sent.to).toEqual(group);
        expect(sandbox.store.messages.filter((m) => m.text === 'Team update')).toEqual([expect.objectContaining({ id: sent.id, to: group })]);
      } else {
        expect(await rejection(sending)).toBeInstanceOf(ValidationError);
        expect(sandbox.store.messages.filter((m) => m.text === 'Team update')).toEqual([]);
      }
    } finally {
      await sandbox.close();
    }
  });
});

/**
 * A program that creates a task and lists tasks, operations only the grown
 * spec has, through a sandbox serving the operation table of the spec file
 * it is given (`client.raw` for the list), and prints
 * what came back. `src` is where it imports the package's sources from.
 */
const listTasks = (src: string) => `import { readFileSync } from 'node:fs'; import { describeOperations } from '${src}/../scripts/operations.js';
import { OpenPhone } from '${src}/index.js';
import { startSandbox } from '${src}/sandbox/index.js'; import { allOperations } from '${src}/internal/surfaces.js';

const sandbox = await startSandbox({ rateLimit: false, operations: [...allOperations.filter((op) => op.surface !== 'v1'), ...describeOperations(JSON.parse(readFileSync(process.argv[2]!, 'utf8'))).map((op) => ({ ...op, surface: 'v1' }))] });
const client = new OpenPhone({ apiKey: 'sandbox-key', baseUrl: sandbox.url }); await fetch(\`\${sandbox.url}/v1/tasks\`, { method: 'POST', headers: { authorization: 'sandbox-key', 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Call back' }) });
const { data, error, response } = await client.raw.GET('/v1/tasks', { params: { query: { maxResults: 5 } } });
export const task = data?.data[0];
console.log(JSON.stringify({ status: response.status, data, error }));
await sandbox.close();
`;

describe('a new operation through client.raw and the sandbox', () => {
  it('is answered from the grown spec, with a body its schema accepts', async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-grown-raw-'));
    try {
      const spec = alreadyGrown ? committed : growSpec(committed);
      const specFile = path.join(scratch, 'v1.json');
      const program = path.join(scratch, 'list-tasks.mts');
      const bundled = path.join(scratch, 'list-tasks.mjs');
      await writeFile(specFile, JSON.stringify(spec));
      await writeFile(program, listTasks(path.join(projectRoot, 'src')));
      // Bundled with the sources it imports, so the child starts as plain node rather than compiling them as it loads.
      await bundleInto(program, bundled);
      const { stdout } = await promisify(execFile)(process.execPath, [bundled, specFile], { cwd: projectRoot });
      const { status, data, error } = JSON.parse(stdout) as { status: number; data: { data: { id: string }[] }; error?: unknown };
      expect(status).toBe(200);
      expect(error).toBeUndefined();
      const schema = spec.paths['/v1/tasks'].get.responses['200'].content['application/json'].schema;
      const check = new Ajv2020({ strict: false, validateSchema: false, formats: fullFormats }).compile(schema);
      expect(check(data) ? [] : check.errors).toEqual([]);
      expect(data.data[0]?.id).toMatch(/^TK/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 60_000);

  it(tasksTyped ? 'is typed by client.raw, now that the effective spec has it' : 'is not typed by client.raw until the effective spec has it', () => {
    const editor = editorFor(listTasks('../src'), 'test/__grown-raw__.ts');
    if (tasksTyped) {
      expect(diagnostics(editor)).toEqual([]);
      // Typed by the spec's own task schema, whatever fields it holds.
      const item = effectiveItem(effective.paths['/v1/tasks'].get.responses['200'].content['application/json'].schema);
      const shown = exportedTypes(editor).task;
      expect(shown).toMatch(/^\{ /);
      for (const field of item.required as string[]) expect(shown).toContain(` ${field}: `);
    } else {
      // The path is what is wrong; reading the result of the refused call errs after it.
      expect(diagnostics(editor)[0]).toBe(`7:56 Argument of type '"/v1/tasks"' is not assignable to parameter of type 'PathsWithMethod<paths, "get">'.`);
    }
  }, 60_000);
});
