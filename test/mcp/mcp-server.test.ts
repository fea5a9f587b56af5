/**
 * `createMcpServer` with the MCP SDK's own client over an in-memory transport,
 * against a real sandbox: the tools the table gives, calls through the
 * facade, the send tool's caps, dry run and reconciliation, errors as tool
 * errors, and a canary key in no output.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { derivedMethods as datedMethods } from '../../generated/2026-03-30.resources.js';
import { derivedMethods as v1Methods } from '../../generated/v1.resources.js';
import { surfaces } from '../../generated/operations.js';
import { OpenPhone } from '../../src/index.js';
import { createMcpServer, type McpServerOptions } from '../../src/mcp/index.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const CANARY = 'canary-key-7f3a9c1e5b';
let sandbox: Sandbox;
const outputs: string[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  sandbox.setFaults([]);
});
afterAll(async () => {
  expect(outputs.length).toBeGreaterThan(0);
  for (const output of outputs) expect(output).not.toContain(CANARY);
  await sandbox.close();
});

async function connect(options: McpServerOptions = {}) {
  const openphone = new OpenPhone({ apiKey: CANARY, baseUrl: sandbox.url, maxRetries: 0 });
  const server = createMcpServer(openphone, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as { content: { type: string; text: string }[]; isError?: boolean };
  const text = result.content.map((part) => part.text).join('\n');
  outputs.push(text);
  return { isError: result.isError === true, text, json: () => JSON.parse(result.content[0]!.text) };
}

const derivedCount = Object.keys(datedMethods).length + Object.keys(v1Methods).length;

describe('the tools', () => {
  it('offers one tool per derived method and the send tool, each named validly with a valid JSON Schema', async () => {
    const { tools } = await (await connect()).listTools();
    outputs.push(JSON.stringify(tools));
    expect(tools).toHaveLength(derivedCount + 1);
    const ajv = new Ajv2020({ strict: false });
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(ajv.validateSchema(tool.inputSchema), `${tool.name}: ${ajv.errorsText()}`).toBe(true);
      expect(tool.description).toBeTruthy();
    }
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length);
    expect(tools.map((tool) => tool.name)).toContain('messages_send');
  });

  it('takes annotations from the method and states E.164 patterns', async () => {
    const { tools } = await (await connect()).listTools();
    const operations = { ...surfaces.v1.operations, ...surfaces.v2026_03_30.operations } as Record<string, { method: string }>;
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const [id, { name }] of Object.entries({ ...datedMethods, ...v1Methods })) {
      const tool = byName.get(name.replace(/\./g, '_'))!;
      expect(tool.annotations?.readOnlyHint, name).toBe(operations[id]!.method === 'get');
      expect(tool.annotations?.destructiveHint, name).toBe(['put', 'patch', 'delete'].includes(operations[id]!.method));
    }
    const schemas: { pattern?: string; description?: string }[] = [];
    JSON.stringify(tools, (_key, value) => (value && typeof value === 'object' && 'pattern' in value && schemas.push(value), value));
    const phonePatterned = schemas.filter((schema) => schema.pattern === '^\\+[1-9]\\d{1,14}$');
    expect(phonePatterned.length).toBeGreaterThan(0);
    for (const property of phonePatterned) expect(property.description).toMatch(/E\.164/);
  });

  it('--read-only offers no tool that writes, and no send', async () => {
    const { tools } = await (await connect({ readOnly: true })).listTools();
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
    expect(tools.map((tool) => tool.name)).not.toContain('messages_send');
  });

  it('selects tools by resource', async () => {
    const { tools } = await (await connect({ tools: ['tasks'] })).listTools();
    const expected = Object.values({ ...datedMethods, ...v1Methods }).filter(({ name }) => name.replace(/^v1\./, '').startsWith('tasks.'));
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.map(({ name }) => name.replace(/\./g, '_')).sort());
  });

  it('refuses a resource it does not know, naming it, rather than offering fewer tools', () => {
    const openphone = new OpenPhone({ apiKey: CANARY, baseUrl: sandbox.url });
    expect(() => createMcpServer(openphone, { tools: ['tasks', 'mesages'] })).toThrow(/tools\[1\].*not a resource/);
    expect(() => createMcpServer(openphone, { maxCostUsd: 'lots' })).toThrow(/maxCostUsd/);
  });

  it('dynamic mode lists, describes and calls operations through three tools', async () => {
    const client = await connect({ mode: 'dynamic', readOnly: true });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['call_operation', 'describe_operation', 'list_operations']);
    const listed = (await call(client, 'list_operations', {})).json() as { name: string }[];
    expect(listed.map((entry) => entry.name)).toContain('v1_phoneNumbers_list');
    const described = (await call(client, 'describe_operation', { operation: 'v1_phoneNumbers_list' })).json();
    expect(described.inputSchema.type).toBe('object');
    const numbers = (await call(client, 'call_operation', { operation: 'v1_phoneNumbers_list', arguments: {} })).json();
    expect(numbers.data.length).toBeGreaterThan(0);
  });
});

describe('calls through the facade', () => {
  it('a list tool answers a small page and the cursor for the next', async () => {
    const client = await connect();
    const numbers = (await call(client, 'v1_phoneNumbers_list', {})).json();
    const phoneNumberId = numbers.data[0].id;
    const first = await call(client, 'v1_messages_list', { phoneNumberId, participants: [SEEDED_CONTACT_NUMBERS.ada], maxResults: 1 });
    expect(first.isError).toBe(false);
    const page = first.json();
    expect(page.data).toHaveLength(1);
    expect(typeof page.next).toBe('string');
    const second = (await call(client, 'v1_messages_list', { phoneNumberId, participants: [SEEDED_CONTACT_NUMBERS.ada], maxResults: 1, pageToken: page.next })).json();
    expect(second.data[0].id).not.toBe(page.data[0].id);
  });

  it('a write tool creates through the facade, and a read tool finds it', async () => {
    const client = await connect();
    const created = await call(client, 'tasks_create', { title: 'Call Ada back' });
    expect(created.isError, created.text).toBe(false);
    const task = created.json();
    const found = (await call(client, 'tasks_get', { taskId: task.id })).json();
    expect(found.title).toBe('Call Ada back');
    // What the tool answers is the `data` the spec documents for the operation.
    const validate = new Ajv2020({ strict: false, formats: fullFormats }).compile(surfaces.v2026_03_30.operations['tasks.get'].responseSchema);
    expect(validate({ data: found }), JSON.stringify(validate.errors)).toBe(true);
  });

  it('bad input is a tool error with the SDK’s issues, and nothing is sent', async () => {
    const client = await connect();
    const before = sandbox.stats.requests;
    const result = await call(client, 'tasks_create', { title: 'x', nonsense: 1 });
    expect(result.isError).toBe(true);
    const { error } = result.json();
    expect(error.name).toBe('ValidationError');
    expect(error.issues[0].field).toBe('nonsense');
    expect(sandbox.stats.requests).toBe(before);
  });

  it('an API error is a tool error with its HTTP status', async () => {
    const client = await connect();
    const result = await call(client, 'tasks_get', { taskId: 'TKdoesnotexist' });
    expect(result.isError).toBe(true);
    expect(result.json().error.status).toBe(404);
  });

  it('cuts a result over the size cap, with a note', async () => {
    const client = await connect({ maxResultChars: 300 });
    const result = await call(client, 'v1_phoneNumbers_list', {});
    expect(result.text).toMatch(/Result cut/);
  });
});

describe('the send tool', () => {
  const from = SEEDED_NUMBERS.main;
  const to = SEEDED_CONTACT_NUMBERS.ada;

  it('dryRun estimates and sends nothing', async () => {
    const client = await connect();
    const before = sandbox.stats.requests;
    const result = (await call(client, 'messages_send', { from, to, content: 'Hello', dryRun: true })).json();
    expect(result).toMatchObject({ dryRun: true, sent: false, estimate: { segments: 1, costUsd: '0.01' } });
    expect(sandbox.stats.requests).toBe(before);
  });

  it.each([
    [{ maxSegments: 1 }, { content: 'x'.repeat(200) }, 'maxSegments'],
    [{ maxCostUsd: 0.01 }, { to: [to, SEEDED_CONTACT_NUMBERS.grace] }, 'maxCostUsd'],
    [{ maxRecipients: 1 }, { to: [to, SEEDED_CONTACT_NUMBERS.grace] }, 'maxRecipients'],
    [{ allowTo: ['+1999*'] }, {}, 'allowTo'],
  ] as const)('over the cap %o it is refused with 0 requests sent', async (limits, change, rule) => {
    const client = await connect(limits);
    const before = sandbox.stats.requests;
    const result = await call(client, 'messages_send', { from, to, content: 'Hello', ...change });
    expect(result.isError).toBe(true);
    expect(result.json().error.issues.map((issue: { rule: string }) => issue.rule)).toContain(rule);
    expect(sandbox.stats.requests).toBe(before);
  });

  it('sends within the budget, then refuses what would pass it', async () => {
    const client = await connect({ budgetUsd: 0.01 });
    const sent = await call(client, 'messages_send', { from, to, content: 'Hello' });
    expect(sent.isError, sent.text).toBe(false);
    expect(sent.json()).toMatchObject({ sent: true, estimate: { budgetLeftUsd: '0.00' } });
    const before = sandbox.stats.requests;
    const refused = await call(client, 'messages_send', { from, to, content: 'Hello again' });
    expect(refused.isError).toBe(true);
    expect(refused.json().error.issues[0].rule).toBe('budgetUsd');
    expect(sandbox.stats.requests).toBe(before);
  });

  it('a spoiled answer is reconciled by a lookup, never sent again', async () => {
    const client = await connect({ reconcile: { lookups: 2, settleMs: 10 } });
    sandbox.setFaults([{ operationId: 'sendMessage_v1', times: 1, fault: { type: 'process-then-status', status: 502 } }]);
    const content = `Reconcile me ${Date.now()}`;
    const result = await call(client, 'messages_send', { from, to, content });
    expect(result.isError, result.text).toBe(false);
    expect(result.json()).toMatchObject({ sent: true, reconciled: true, message: { text: content } });
    const sends = sandbox.stats.processed.filter((entry) => entry.operationId === 'sendMessage_v1' && JSON.stringify(entry).includes(content));
    expect(sends).toHaveLength(1);
  });
});
