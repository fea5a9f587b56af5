/**
 * Every operation without behaviour of its own is served statefully from the
 * generated operation table: collections inferred from verb and path
 * template, ids from the spec's id patterns, pages in each surface's style.
 * A spec that grows is served at once, without code.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOperations } from '../../scripts/operations.js';
import type { OpenApiDocument } from '../../scripts/spec.js';
import type { Constraint } from '../../src/internal/operation-types.js';
import { growSpec } from '../fixtures/grown-spec.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { generatedOperations, type SandboxOperation } from '../../src/sandbox/operations.js';
import { routeFor } from '../../src/sandbox/routes.js';

const KEY = 'sandbox-collections-key';
const VERSION = { 'quo-api-version': '2026-03-30' };

const opened: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
async function start(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  opened.push(sandbox);
  return sandbox;
}

const committedV1 = () => JSON.parse(readFileSync(new URL('../../openapi/v1.json', import.meta.url), 'utf8')) as OpenApiDocument;

let grown: readonly SandboxOperation[] | undefined;

/**
 * The generated table with v1 replaced by the table of the grown v1 spec, as
 * regenerating would make it; built once, so its sandboxes share what they
 * compile of it.
 */
function grownTable(): readonly SandboxOperation[] {
  grown ??= [...generatedOperations.filter((op) => op.surface !== 'v1'), ...describeOperations(growSpec(committedV1()) as OpenApiDocument).map((op) => ({ ...op, surface: 'v1' }))];
  return grown;
}

async function call(sandbox: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: KEY, ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

const reminderId: Constraint = { type: 'string', pattern: '^RM(.*)$' };
const contactId: Constraint = { type: 'string', pattern: '^[0-9a-f]{24}$' };
const note: Constraint = {
  type: 'object',
  required: ['id', 'text', 'contactId', 'revision', 'createdAt'],
  properties: { id: reminderId, text: { type: 'string', maxLength: 500 }, contactId: { type: 'string' }, revision: { type: 'integer' }, createdAt: { type: 'string', format: 'date-time' } },
};
const pathParameter = (name: string, schema: Constraint) => ({ name, in: 'path' as const, required: true, deprecated: false, schema });
const query = (name: string, schema: Constraint) => ({ name, in: 'query' as const, required: false, deprecated: false, schema });

/** Contact reminders on the dated surface, as a later spec might document them: the table rows codegen would write. */
function remindersTable(): SandboxOperation[] {
  const base = { surface: '2026-03-30', tag: 'Contacts', summary: null, deprecated: false, fixedHeaders: { 'Quo-Api-Version': '2026-03-30' }, errors: {}, requestBody: null, pagination: null };
  const collection = '/contacts/{contactId}/reminders';
  const item = `${collection}/{reminderId}`;
  const body = { required: true, contentType: 'application/json', schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 500 } } } };
  const one = { type: 'object', required: ['data'], properties: { data: note } };
  return [
    {
      ...base,
      operationId: 'listContactReminders',
      method: 'get',
      path: collection,
      successStatus: 200,
      parameters: [pathParameter('contactId', contactId), query('limit', { type: 'integer', minimum: 1, maximum: 50, default: 10 }), query('after', { type: 'string' })],
      pagination: { style: 'cursor', pageSizeParam: 'limit', pageTokenParam: 'after', nextPageTokenField: 'nextCursor', defaultPageSize: 10 },
      result: 'data',
      responseSchema: { type: 'object', required: ['data', 'nextCursor'], properties: { data: { type: 'array', items: note }, nextCursor: { type: ['string', 'null'] } } },
    },
    {
      ...base,
      operationId: 'createContactReminder',
      method: 'post',
      path: collection,
      successStatus: 201,
      parameters: [pathParameter('contactId', contactId)],
      requestBody: body,
      result: 'data',
      responseSchema: one,
    },
    {
      ...base,
      operationId: 'getContactReminder',
      method: 'get',
      path: item,
      successStatus: 200,
      parameters: [pathParameter('contactId', contactId), pathParameter('reminderId', reminderId)],
      result: 'data',
      responseSchema: one,
    },
    {
      ...base,
      operationId: 'updateContactReminder',
      method: 'patch',
      path: item,
      successStatus: 200,
      parameters: [pathParameter('contactId', contactId), pathParameter('reminderId', reminderId)],
      requestBody: body,
      result: 'data',
      responseSchema: one,
    },
    {
      ...base,
      operationId: 'deleteContactReminder',
      method: 'delete',
      path: item,
      successStatus: 204,
      parameters: [pathParameter('contactId', contactId), pathParameter('reminderId', reminderId)],
      result: 'none',
      responseSchema: null,
    },
  ];
}

describe('generic collections', () => {
  it('serve a sub-collection: create, cursor pages, get, update with a rising revision, delete; ids from the id pattern; the parent must exist', async () => {
    const sandbox = await start({ operations: [...generatedOperations, ...remindersTable()] });
    const ada = sandbox.store.contacts[0]!.id;
    const created = [];
    for (const text of ['first', 'second', 'third']) {
      const answer = await call(sandbox, 'POST', `/contacts/${ada}/reminders`, { text }, VERSION);
      expect(answer.status).toBe(201);
      created.push(answer.body.data);
    }
    expect(created.map((n) => n.id)).toEqual([expect.stringMatching(/^RM/), expect.stringMatching(/^RM/), expect.stringMatching(/^RM/)]);
    expect(created[0]).toMatchObject({ text: 'first', contactId: ada, revision: 1 });

    const first = await call(sandbox, 'GET', `/contacts/${ada}/reminders?limit=2`, undefined, VERSION);
    expect(first.body.data.map((n: { text: string }) => n.text)).toEqual(['first', 'second']);
    const second = await call(sandbox, 'GET', `/contacts/${ada}/reminders?limit=2&after=${first.body.nextCursor}`, undefined, VERSION);
    expect(second.body).toEqual({ data: [created[2]], nextCursor: null });

    const updated = await call(sandbox, 'PATCH', `/contacts/${ada}/reminders/${created[0].id}`, { text: 'changed' }, VERSION);
    expect(updated.body.data).toMatchObject({ id: created[0].id, text: 'changed', revision: 2 });
    expect((await call(sandbox, 'GET', `/contacts/${ada}/reminders/${created[0].id}`, undefined, VERSION)).body.data.text).toBe('changed');
    expect((await call(sandbox, 'PATCH', `/contacts/${ada}/reminders/${created[0].id}`, { text: '' }, VERSION)).status).toBe(400);

    expect((await call(sandbox, 'DELETE', `/contacts/${ada}/reminders/${created[0].id}`, undefined, VERSION)).status).toBe(204);
    expect((await call(sandbox, 'GET', `/contacts/${ada}/reminders/${created[0].id}`, undefined, VERSION)).status).toBe(404);
    const other = sandbox.store.contacts[1]!.id;
    expect((await call(sandbox, 'GET', `/contacts/${other}/reminders`, undefined, VERSION)).body.data).toEqual([]);
    const missing = await call(sandbox, 'POST', `/contacts/${'0'.repeat(24)}/reminders`, { text: 'x' }, VERSION);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/Contact 0+ was not found/);
  });

  it('serve the operations a grown spec adds, statefully, with the page style of their surface', async () => {
    const sandbox = await start({ operations: grownTable() });
    const tasks = [];
    for (const title of ['Call back', 'Send the quote', 'Follow up']) {
      const answer = await call(sandbox, 'POST', '/v1/tasks', { title });
      expect(answer.status).toBe(201);
      tasks.push(answer.body.data);
    }
    expect(tasks[0]).toMatchObject({ id: expect.stringMatching(/^TK/), title: 'Call back', status: 'open' });
    const first = await call(sandbox, 'GET', '/v1/tasks?maxResults=2');
    expect(first.body).toMatchObject({ data: tasks.slice(0, 2), nextPageToken: expect.any(String) });
    const second = await call(sandbox, 'GET', `/v1/tasks?maxResults=2&pageToken=${first.body.nextPageToken}`);
    expect(second.body).toMatchObject({ data: [tasks[2]], nextPageToken: null });
    expect((await call(sandbox, 'GET', `/v1/tasks/${tasks[1].id}`)).body.data).toEqual(tasks[1]);
    expect((await call(sandbox, 'GET', '/v1/tasks?maxResults=500')).status).toBe(400);
    expect((await call(sandbox, 'POST', '/v1/tasks', { title: 'x'.repeat(201) })).status).toBe(400);
  });

  it('refuse a task past the open-task limit with a 402, until one is done', async () => {
    const sandbox = await start({ operations: grownTable(), openTasksLimit: 2 });
    for (const title of ['one', 'two']) expect((await call(sandbox, 'POST', '/v1/tasks', { title })).status).toBe(201);
    const refused = await call(sandbox, 'POST', '/v1/tasks', { title: 'three' });
    expect(refused.status).toBe(402);
    expect(refused.body.message).toMatch(/^Open Tasks Limit Reached/);
    expect((await call(sandbox, 'GET', '/v1/tasks')).body.data).toHaveLength(2);
    sandbox.store.records('tasks', [])[0]!.status = 'completed';
    expect((await call(sandbox, 'POST', '/v1/tasks', { title: 'three' })).status).toBe(201);
  });

  it('serve every operation of the table: each has a route or a generic collection, none answers 404 for want of a route', async () => {
    const sandbox = await start();
    for (const operation of generatedOperations) {
      const path = operation.path.replace(/\{[^}]+\}/g, 'unknown0000');
      const answer = await call(sandbox, operation.method.toUpperCase(), path, undefined, operation.fixedHeaders);
      expect(answer.status, `${operation.operationId}`).toBeLessThan(500);
      expect(String(answer.body?.message), operation.operationId).not.toMatch(/^No route|is not allowed on/);
    }
    expect(generatedOperations.filter((operation) => !routeFor(operation)).length).toBeGreaterThan(0);
  });
});

describe('group sends', () => {
  const group = [SEEDED_CONTACT_NUMBERS.ada, SEEDED_CONTACT_NUMBERS.grace, SEEDED_CONTACT_NUMBERS.alan];
  const send = (sandbox: Sandbox, to: readonly string[]) =>
    fetch(`${sandbox.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ from: SEEDED_NUMBERS.main, to, content: 'Team update' }),
    });

  it('records a group send as one message to all recipients, on one group conversation, when the spec allows several', async () => {
    const sandbox = await start({ operations: grownTable() });
    const response = await send(sandbox, group);
    expect(response.status).toBe(202);
    const { data } = (await response.json()) as { data: { id: string; to: string[] } };
    expect(data.to).toEqual(group);
    expect(sandbox.store.messages.filter((m) => m.text === 'Team update')).toEqual([expect.objectContaining({ id: data.id, to: group })]);
    expect(sandbox.store.conversations.find((c) => c.lastActivityId === data.id)?.participants).toEqual(group);
    const tooMany = await send(
      sandbox,
      Array.from({ length: 11 }, (_, i) => `+1415555${String(1000 + i)}`),
    );
    expect(tooMany.status).toBe(400);
  });

  it('refuses one recipient more than the committed spec allows', async () => {
    const sandbox = await start();
    const maxItems = generatedOperations.find((op) => op.operationId === 'sendMessage_v1')!.requestBody!.schema.properties!.to!.maxItems!;
    const response = await send(
      sandbox,
      Array.from({ length: maxItems + 1 }, (_, i) => `+1415555${String(1000 + i)}`),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string; schema: { type: string } }[] }).errors).toEqual([expect.objectContaining({ path: '/to', schema: { type: 'maxItems' } })]);
  });
});

describe('the Quo-Api-Version header', () => {
  it('is required on dated operations, before the API key, with the documented message', async () => {
    const sandbox = await start();
    const missing = await fetch(`${sandbox.url}/users`);
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as Record<string, unknown>;
    expect(body).toEqual({
      title: 'Bad Request',
      message: 'Quo-Api-Version is required. API version header. Supported values: 2026-03-30',
      docs: 'https://quo.com/docs',
      errors: [expect.objectContaining({ path: '/Quo-Api-Version', schema: { type: 'required' } })],
    });
    const wrong = await fetch(`${sandbox.url}/users`, { headers: { 'quo-api-version': '2025-01-01', authorization: KEY } });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toBe('Quo-Api-Version "2025-01-01" is not supported. API version header. Supported values: 2026-03-30');
    const unauthorized = await fetch(`${sandbox.url}/users`, { headers: VERSION });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ title: 'Unauthorized', docs: 'https://quo.com/docs' });
  });

  it('is not asked of v1 operations, and v1 and dated webhook paths stay apart', async () => {
    const sandbox = await start();
    expect((await fetch(`${sandbox.url}/v1/webhooks`, { headers: { authorization: KEY } })).status).toBe(200);
    const v1 = await fetch(`${sandbox.url}/v1/webhooks/WHnone`, { headers: { authorization: KEY } });
    expect(await v1.json()).toMatchObject({ status: 404, code: expect.any(String) });
    const dated = await fetch(`${sandbox.url}/webhooks/123`, { headers: { authorization: KEY } });
    expect(dated.status).toBe(400);
  });
});
