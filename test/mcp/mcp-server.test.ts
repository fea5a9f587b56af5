/**
 * `createMcpServer` with the MCP SDK's own client over an in-memory transport,
 * against a real sandbox: a tool for every method of the client's method
 * table, calls through the facade, the send tool's caps, dry run and
 * reconciliation (called directly and through dynamic mode's call tool),
 * errors as tool errors, and a canary key in no output.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { derivedMethods as datedMethods } from '../../generated/2026-03-30.resources.js';
import { methods } from '../../generated/methods.js';
import { derivedMethods as v1Methods } from '../../generated/v1.resources.js';
import { operationWithId } from '../../src/internal/surfaces.js';
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
  // Every line the SDK logs, at every level, is an output the canary must stay out of.
  const log = (line: string) => void outputs.push(line);
  const logger = { debug: log, info: log, warn: log, error: log };
  const openphone = new OpenPhone({ apiKey: CANARY, baseUrl: sandbox.url, maxRetries: 0, logger, logLevel: 'debug' });
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

type Listed = Awaited<ReturnType<Client['listTools']>>['tools'][number];

/** The operation id a tool's description ends with. */
const operationIdOf = (tool: Listed) => /`([^`]+)`\)$/.exec(tool.description ?? '')?.[1];
const isV1 = (name: string) => name.startsWith('v1');

describe('the tools', () => {
  it('offers a tool for every method of the client, handwritten or derived, each named validly with a valid JSON Schema', async () => {
    const { tools } = await (await connect()).listTools();
    outputs.push(JSON.stringify(tools));
    const ajv = new Ajv2020({ strict: false });
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(ajv.validateSchema(tool.inputSchema), `${tool.name}: ${ajv.errorsText()}`).toBe(true);
      expect(tool.description).toBeTruthy();
    }
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length);
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    const send = methods['messages.send'].operationId;
    for (const [method, { operationId }] of Object.entries(methods)) {
      const tool = byName.get(method.replace(/\./g, '_'));
      if (operationId === send) {
        // The raw send is no tool: only the guarded one reaches its operation.
        expect(tool?.name ?? 'messages_send', method).toBe('messages_send');
        continue;
      }
      if (tool) {
        expect(operationIdOf(tool), method).toBe(operationId);
        continue;
      }
      // A second name for a method is offered once: a tool of the same namespace calls its operation.
      const twin = tools.find((other) => operationIdOf(other) === operationId && isV1(other.name) === isV1(method));
      expect(twin, `${method} has no tool`).toBeDefined();
    }
    expect(tools.filter((tool) => operationIdOf(tool) === send).map((tool) => tool.name)).toEqual([]);
    expect(byName.get('messages_send')?.inputSchema.properties).toHaveProperty('dryRun');
    // Every tool but the send is a method of the client.
    for (const tool of tools) if (tool.name !== 'messages_send') expect(methods, tool.name).toHaveProperty([tool.name.replace(/_/g, '.')]);
  });

  it('handwritten methods are tools: one that takes only ids refuses any other argument, with the nearest name, sending nothing', async () => {
    const client = await connect();
    const offered = new Set((await client.listTools()).tools.map((tool) => tool.name));
    const derived = new Set(Object.values({ ...datedMethods, ...v1Methods }).map(({ name }) => name));
    const handwritten = Object.entries(methods).filter(([method]) => !derived.has(method) && offered.has(method.replace(/\./g, '_')));
    expect(handwritten.length).toBeGreaterThan(0);
    const [method, row] = handwritten.find(([, row]) => !row.params && row.ids.length > 0)!;
    const before = sandbox.stats.requests;
    const id = row.ids[0]!;
    const result = await call(client, method.replace(/\./g, '_'), { [id]: 'XX1', [id.toUpperCase()]: 'XX1' });
    expect(result.isError).toBe(true);
    expect(result.json().error.issues[0]).toMatchObject({ field: id.toUpperCase(), rule: 'unknown' });
    expect(result.json().error.issues[0].message).toContain(id);
    expect(sandbox.stats.requests).toBe(before);
  });

  it('every handwritten read tool that needs no argument answers through the facade, as the method does', async () => {
    const client = await connect();
    const derived = new Set(Object.values({ ...datedMethods, ...v1Methods }).map(({ name }) => name));
    const tools = (await client.listTools()).tools.filter(
      (tool) => tool.name !== 'messages_send' && !derived.has(tool.name.replace(/_/g, '.')) && tool.annotations?.readOnlyHint && (tool.inputSchema.required ?? []).length === 0,
    );
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) {
      const result = await call(client, tool.name, {});
      expect(result.isError, `${tool.name}: ${result.text}`).toBe(false);
    }
  });

  it('a tool name not offered is refused with the nearest, a second name with the tool it is offered as, sending nothing', async () => {
    const client = await connect();
    const offered = (await client.listTools()).tools;
    const before = sandbox.stats.requests;
    const misspelt = await call(client, 'v1_phoneNumber_list', {});
    expect(misspelt.isError).toBe(true);
    expect(misspelt.json().error.issues[0]).toMatchObject({ field: 'name', value: 'v1_phoneNumber_list', rule: 'enum' });
    expect(misspelt.json().error.issues[0].message).toContain('v1_phoneNumbers_list');
    const send = methods['messages.send'].operationId;
    const secondNames = Object.entries(methods).filter(([method, { operationId }]) => operationId !== send && !offered.some((tool) => tool.name === method.replace(/\./g, '_')));
    for (const [method, { operationId }] of secondNames) {
      const refused = await call(client, method.replace(/\./g, '_'), {});
      const suggested = /did you mean (\S+)\?/.exec(refused.json().error.issues[0].message)?.[1];
      expect(operationIdOf(offered.find((tool) => tool.name === suggested)!), method).toBe(operationId);
    }
    expect(sandbox.stats.requests).toBe(before);
  });

  it('a phone number id may be given as the workspace number in E.164, as the facade looks it up', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const listMessages = tools.find((tool) => tool.name === 'v1_messages_list')!;
    expect(JSON.stringify(listMessages.inputSchema.properties!.phoneNumberId)).toContain('E.164');
    const byId = (await call(client, 'v1_phoneNumbers_list', {})).json().data.find((entry: { number: string }) => entry.number === SEEDED_NUMBERS.main).id;
    const participants = [SEEDED_CONTACT_NUMBERS.ada];
    const byNumber = await call(client, 'v1_messages_list', { phoneNumberId: SEEDED_NUMBERS.main, participants });
    expect(byNumber.isError, byNumber.text).toBe(false);
    expect(byNumber.json().data).toEqual((await call(client, 'v1_messages_list', { phoneNumberId: byId, participants })).json().data);
  });

  it('takes annotations from the HTTP method of every tool’s operation, handwritten or derived, and states E.164 patterns', async () => {
    const { tools } = await (await connect()).listTools();
    let checked = 0;
    for (const tool of tools) {
      if (tool.name === 'messages_send') continue;
      const { method } = operationWithId(operationIdOf(tool)!)!;
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(method === 'get');
      expect(tool.annotations?.destructiveHint, tool.name).toBe(['put', 'patch', 'delete'].includes(method));
      expect(tool.annotations?.idempotentHint, tool.name).toBe(['get', 'put', 'delete'].includes(method));
      checked += 1;
    }
    expect(checked).toBe(tools.length - 1);
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
    const expected = Object.keys(methods).filter((name) => name.replace(/^v1\./, '').startsWith('tasks.'));
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.map((name) => name.replace(/\./g, '_')).sort());
  });

  it('refuses a resource it does not know, naming it, rather than offering fewer tools', () => {
    const openphone = new OpenPhone({ apiKey: CANARY, baseUrl: sandbox.url });
    expect(() => createMcpServer(openphone, { tools: ['tasks', 'mesages'] })).toThrow(/tools\[1\].*not a resource/);
    expect(() => createMcpServer(openphone, { maxCostUsd: 'lots' })).toThrow(/maxCostUsd/);
  });

  it('dynamic mode offers exactly three tools, through which every tool is listed, described and called', async () => {
    const { tools: each } = await (await connect()).listTools();
    const client = await connect({ mode: 'dynamic' });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['call_operation', 'describe_operation', 'list_operations']);
    const listed = (await call(client, 'list_operations', {})).json() as { name: string }[];
    expect(listed.map((entry) => entry.name).sort()).toEqual(each.map((tool) => tool.name).sort());
    expect((await call(client, 'list_operations', { resource: 'messages' })).json().map((entry: { name: string }) => entry.name)).toContain('messages_send');
    const described = (await call(client, 'describe_operation', { operation: 'messages_send' })).json();
    expect(described).toEqual(each.find((tool) => tool.name === 'messages_send'));
    const numbers = (await call(client, 'call_operation', { operation: 'v1_phoneNumbers_list', arguments: {} })).json();
    expect(numbers.data.length).toBeGreaterThan(0);
    const misspelt = await call(client, 'call_operation', { operation: 'v1_phoneNumber_list' });
    expect(misspelt.isError).toBe(true);
    expect(misspelt.json().error.issues[0].message).toContain('v1_phoneNumbers_list');
    const resource = await call(client, 'list_operations', { resource: 'task' });
    expect(resource.isError).toBe(true);
    expect(resource.json().error.issues[0]).toMatchObject({ field: 'resource', value: 'task' });
    expect(resource.json().error.issues[0].message).toContain('tasks');
    // The operations are called through call_operation, not by their own names.
    expect((await call(client, 'v1_phoneNumbers_list', {})).isError).toBe(true);
    const misnamed = await call(client, 'call_operation', { operation: 'v1_phoneNumbers_list', argument: {} });
    expect(misnamed.json().error.issues[0]).toMatchObject({ field: 'argument', rule: 'unknown' });
    expect(misnamed.json().error.issues[0].message).toContain('arguments');
    const notAnObject = await call(client, 'call_operation', { operation: 'v1_phoneNumbers_list', arguments: 'all of them' });
    expect(notAnObject.json().error.issues[0]).toMatchObject({ field: 'arguments', rule: 'type' });
  });

  it('dynamic and read-only: nothing listed writes, and the call tool says it only reads', async () => {
    const client = await connect({ mode: 'dynamic', readOnly: true });
    const listed = (await call(client, 'list_operations', {})).json() as { name: string; readOnly: boolean }[];
    expect(listed.length).toBeGreaterThan(0);
    for (const entry of listed) expect(entry.readOnly, entry.name).toBe(true);
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'call_operation')?.annotations?.readOnlyHint).toBe(true);
    const before = sandbox.stats.requests;
    const send = await call(client, 'call_operation', { operation: 'messages_send', arguments: { from: SEEDED_NUMBERS.main, to: SEEDED_CONTACT_NUMBERS.ada, content: 'Hello' } });
    expect(send.isError).toBe(true);
    expect(send.json().error.issues[0]).toMatchObject({ field: 'operation', value: 'messages_send' });
    expect(sandbox.stats.requests).toBe(before);
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
    const validate = new Ajv2020({ strict: false, formats: fullFormats }).compile(operationWithId(methods['tasks.get'].operationId)!.responseSchema!);
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

  it('an API 400 is a tool error with its status, the API’s errors[] and them as issues', async () => {
    const client = await connect();
    const errors = [{ path: '/title', message: 'is too long' }];
    sandbox.setFaults([{ operationId: methods['tasks.create'].operationId, times: 1, fault: { type: 'status', status: 400, body: { message: 'Invalid request', code: '0200400', errors } } }]);
    const result = await call(client, 'tasks_create', { title: 'Refused by the API' });
    expect(result.isError).toBe(true);
    const { error } = result.json();
    expect(error).toMatchObject({ status: 400, errors, issues: [{ field: 'title' }] });
  });

  it('cuts a result over the size cap, with a note', async () => {
    const client = await connect({ maxResultChars: 300 });
    const result = await call(client, 'v1_phoneNumbers_list', {});
    expect(result.text).toMatch(/Result cut/);
  });
});

/** The send tool called as such, or through dynamic mode's call tool: either way the guarded send. */
const sendCalls = [
  ['the send tool', {}, (client: Client, args: Record<string, unknown>) => call(client, 'messages_send', args)],
  ['dynamic mode’s call tool', { mode: 'dynamic' }, (client: Client, args: Record<string, unknown>) => call(client, 'call_operation', { operation: 'messages_send', arguments: args })],
] as const;

describe.each(sendCalls)('sending through %s', (_how, mode, send) => {
  const from = SEEDED_NUMBERS.main;
  const to = SEEDED_CONTACT_NUMBERS.ada;
  const connectWith = (options: McpServerOptions = {}) => connect({ ...options, ...mode });

  it('dryRun estimates and sends nothing', async () => {
    const client = await connectWith();
    const before = sandbox.stats.requests;
    const result = (await send(client, { from, to, content: 'Hello', dryRun: true })).json();
    expect(result).toMatchObject({ dryRun: true, sent: false, estimate: { segments: 1, costUsd: '0.01' } });
    expect(sandbox.stats.requests).toBe(before);
  });

  it.each([
    [{ maxSegments: 1 }, { content: 'x'.repeat(200) }, 'maxSegments'],
    [{ maxCostUsd: 0.01 }, { to: [to, SEEDED_CONTACT_NUMBERS.grace] }, 'maxCostUsd'],
    [{ maxRecipients: 1 }, { to: [to, SEEDED_CONTACT_NUMBERS.grace] }, 'maxRecipients'],
    [{ allowTo: ['+1999*'] }, {}, 'allowTo'],
  ] as const)('over the cap %o it is refused with 0 requests sent', async (limits, change, rule) => {
    const client = await connectWith(limits);
    const before = sandbox.stats.requests;
    const result = await send(client, { from, to, content: 'Hello', ...change });
    expect(result.isError).toBe(true);
    expect(result.json().error.issues.map((issue: { rule: string }) => issue.rule)).toContain(rule);
    expect(sandbox.stats.requests).toBe(before);
  });

  it('sends within the budget, then refuses what would pass it', async () => {
    const client = await connectWith({ budgetUsd: 0.01 });
    const sent = await send(client, { from, to, content: 'Hello' });
    expect(sent.isError, sent.text).toBe(false);
    expect(sent.json()).toMatchObject({ sent: true, estimate: { budgetLeftUsd: '0.00' } });
    const before = sandbox.stats.requests;
    const refused = await send(client, { from, to, content: 'Hello again' });
    expect(refused.isError).toBe(true);
    expect(refused.json().error.issues[0].rule).toBe('budgetUsd');
    expect(sandbox.stats.requests).toBe(before);
  });

  it('a spoiled answer is reconciled by a lookup, never sent again', async () => {
    const client = await connectWith({ reconcile: { lookups: 2, settleMs: 10 } });
    const sendOperation = methods['messages.send'].operationId;
    sandbox.setFaults([{ operationId: sendOperation, times: 1, fault: { type: 'process-then-status', status: 502 } }]);
    const content = `Reconcile me ${Date.now()}`;
    const result = await send(client, { from, to, content });
    expect(result.isError, result.text).toBe(false);
    expect(result.json()).toMatchObject({ sent: true, reconciled: true, message: { text: content } });
    const sends = sandbox.stats.processed.filter((entry) => entry.operationId === sendOperation && JSON.stringify(entry).includes(content));
    expect(sends).toHaveLength(1);
  });
});
