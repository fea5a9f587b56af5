/**
 * The fast half of the growth proof (the slow half, regenerating a copy of the
 * project and running every check there, is `npm run check:growth`): the drift
 * report for a spec that only grows names every change a reviewer acts on.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, spec } from '../generated/v1.operations.js';
import { EXIT_DRIFT, generate } from '../scripts/generate.js';
import { ADDED_OPERATIONS, GROWN_MAX_RECIPIENTS, GROWN_SERVER, isGrown } from './fixtures/grown-spec.js';
import { committedTree, writeGrownSpec } from './helpers/committed-tree.js';
import { ValidationError } from '../src/index.js';
import { message } from './fixtures/models.js';
import { apiClient, rejection } from './helpers/nock-api.js';
import { committedSpec } from './helpers/shared-specs.js';

/** In `check:growth`'s copy the committed spec is the grown one: there is no growth left to report. */
const alreadyGrown = isGrown(JSON.parse(await readFile(committedSpec('v1'), 'utf8')));

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
    const before = operations.sendMessage_v1.requestBody.schema.properties.to.maxItems;
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
