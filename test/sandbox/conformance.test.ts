/**
 * Every answer of the sandbox, checked against the published spec itself
 * rather than against the types generated from it: documented status, and a
 * body with the documented schema and no undocumented keys.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '../../generated/v1.operations.js';
import { dereference } from '../../scripts/operations.js';
import type { OpenApiDocument } from '../../scripts/spec.js';
import { routes, type RoutedOperationId } from '../../src/sandbox/routes.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { committedSpec } from '../helpers/shared-specs.js';
import { schemaProblems, seeded } from './helpers.js';

type Schema = Record<string, unknown>;

interface ExampleRequest {
  readonly path: string;
  readonly query?: Record<string, string | readonly string[]>;
  readonly body?: unknown;
}

const KEY = 'sandbox-conformance-key';
let spec: OpenApiDocument;
let sandbox: Sandbox;

function send(method: string, request: ExampleRequest, headers: Record<string, string> = { authorization: KEY }): Promise<Response> {
  const url = new URL(request.path, sandbox.url);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of ([] as string[]).concat(value)) url.searchParams.append(name, item);
  }
  return fetch(url, {
    method,
    headers: { ...headers, ...(request.body !== undefined && { 'content-type': 'application/json' }) },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
}

/** The documented response of an operation for a status, its schema dereferenced. */
function documented(operationId: keyof typeof operations, status: number): Schema | undefined {
  const { method, path } = operations[operationId];
  const operation = spec.paths[path]![method] as { responses: Record<string, unknown> };
  const response = dereference(spec, operation.responses[String(status)] as never) as { content?: Record<string, { schema: Schema }> } | undefined;
  if (!response) throw new Error(`${operationId} documents no ${status}`);
  return response.content?.['application/json']?.schema;
}

/** Operations the generic collections serve over the workspace's own lists, checked here beside the routed ones. */
const SERVED_GENERICALLY = ['getMessageById_v1', 'getContactById_v1', 'deleteContact_v1', 'getContactCustomFields_v1'] as const;
type CheckedOperationId = RoutedOperationId | (typeof SERVED_GENERICALLY)[number];

/** A request each operation answers with success in the seeded workspace (and the webhooks `beforeAll` creates). */
function exampleRequests(): Record<CheckedOperationId, ExampleRequest> {
  const { main, owner } = seeded(sandbox);
  const { store } = sandbox;
  const answered = store.calls.find((c) => store.summaries.has(c.id))!;
  const ada = store.contacts.find((c) => c.externalId === 'crm-1001')!;
  const hedy = store.contacts.find((c) => c.defaultFields.firstName === 'Hedy')!;
  const [firstWebhook, lastWebhook] = [store.webhooks[0]?.id, store.webhooks.at(-1)?.id];
  const list = { phoneNumberId: main.id, participants: '+14155550123', maxResults: '5' };
  const hook = (events: string[]) => ({ url: 'https://example.com/hook', events, label: 'conformance' });
  return {
    listPhoneNumbers_v1: { path: '/v1/phone-numbers', query: { userId: owner.id } },
    listConversations_v1: { path: '/v1/conversations', query: { maxResults: '3' } },
    sendMessage_v1: { path: '/v1/messages', body: { from: main.number, to: ['+14155550123'], content: 'Hello' } },
    listMessages_v1: { path: '/v1/messages', query: list },
    getMessageById_v1: { path: `/v1/messages/${store.messages[0]!.id}` },
    listCalls_v1: { path: '/v1/calls', query: list },
    getCallRecordings_v1: { path: `/v1/call-recordings/${answered.id}` },
    getCallSummary_v1: { path: `/v1/call-summaries/${answered.id}` },
    getCallTranscript_v1: { path: `/v1/call-transcripts/${answered.id}` },
    createContact_v1: {
      path: '/v1/contacts',
      body: { defaultFields: { firstName: 'Jo', emails: [{ name: 'work', value: 'jo@example.com' }] }, customFields: [{ key: 'tier', value: ['silver'] }] },
    },
    getContactById_v1: { path: `/v1/contacts/${ada.id}` },
    updateContactById_v1: { path: `/v1/contacts/${ada.id}`, body: { defaultFields: { role: 'Founder' } } },
    deleteContact_v1: { path: `/v1/contacts/${hedy.id}` },
    listContacts_v1: { path: '/v1/contacts', query: { externalIds: ['crm-1001', 'crm-1002'], maxResults: '10' } },
    getContactCustomFields_v1: { path: '/v1/contact-custom-fields' },
    listWebhooks_v1: { path: '/v1/webhooks' },
    getWebhookById_v1: { path: `/v1/webhooks/${firstWebhook}` },
    deleteWebhookById_v1: { path: `/v1/webhooks/${lastWebhook}` },
    createMessageWebhook_v1: { path: '/v1/webhooks/messages', body: hook(['message.received']) },
    createCallWebhook_v1: { path: '/v1/webhooks/calls', body: hook(['call.completed']) },
    createCallSummaryWebhook_v1: { path: '/v1/webhooks/call-summaries', body: hook(['call.summary.completed']) },
    createCallTranscriptWebhook_v1: { path: '/v1/webhooks/call-transcripts', body: hook(['call.transcript.completed']) },
  };
}

const operationIds: CheckedOperationId[] = [...(Object.keys(routes) as RoutedOperationId[]), ...SERVED_GENERICALLY];
let examples: Record<CheckedOperationId, ExampleRequest>;
const example = (operationId: CheckedOperationId) => examples[operationId];

describe('sandbox answers, against the committed spec', () => {
  beforeAll(async () => {
    spec = JSON.parse(await readFile(committedSpec('v1'), 'utf8')) as OpenApiDocument;
    sandbox = await startSandbox({ rateLimit: false });
    // One webhook of each kind, so the webhook lists have every variant to check.
    for (const operationId of ['createMessageWebhook_v1', 'createCallWebhook_v1', 'createCallSummaryWebhook_v1', 'createCallTranscriptWebhook_v1'] as const) {
      expect((await send('POST', exampleRequests()[operationId])).status).toBe(201);
    }
    examples = exampleRequests();
  });
  afterAll(() => sandbox.close());

  it('checks operations of the spec only', () => {
    expect(Object.keys(operations)).toEqual(expect.arrayContaining(operationIds));
    expect(operationIds.length).toBeGreaterThan(0);
  });

  it.each(operationIds)('%s: documented success status and body', async (operationId) => {
    const { method, successStatus } = operations[operationId];
    const response = await send(method.toUpperCase(), example(operationId));
    expect(response.status).toBe(successStatus);
    const schema = documented(operationId, successStatus);
    if (schema === undefined) {
      expect(await response.text()).toBe('');
    } else {
      const body: unknown = await response.json();
      expect(schemaProblems(body, schema)).toEqual([]);
      expect(JSON.stringify(body)).not.toBe('{"data":[]}');
    }
  });

  it.each(operationIds)('%s: documented 401 body without a key', async (operationId) => {
    const response = await send(operations[operationId].method.toUpperCase(), example(operationId), {});
    expect(response.status).toBe(401);
    expect(schemaProblems(await response.json(), documented(operationId, 401)!)).toEqual([]);
  });

  const withParameters = operationIds.filter((id) => operations[id].parameters.some((p) => p.required && p.in === 'query') || operations[id].requestBody?.required);
  it.each(withParameters)('%s: documented 400 body without its required input', async (operationId) => {
    const response = await send(operations[operationId].method.toUpperCase(), { path: example(operationId).path });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { schema: { type: string } }[] };
    expect(schemaProblems(body, documented(operationId, 400)!)).toEqual([]);
    expect(body.errors.map((e) => e.schema.type)).toContain('required');
  });

  const withIds = operationIds.filter((id) => operations[id].parameters.some((p) => p.in === 'path'));
  it.each(withIds)('%s: documented 404 body for an unknown id', async (operationId) => {
    const { method, path } = operations[operationId];
    const unknown = path.replace(/\{[^}]+\}/, `${operationId.includes('Webhook') ? 'WH' : operationId.includes('Contact') ? '' : 'AC'}unknown0000`);
    const response = await send(method.toUpperCase(), { path: unknown, body: example(operationId).body });
    expect(response.status).toBe(404);
    expect(schemaProblems(await response.json(), documented(operationId, 404)!)).toEqual([]);
  });
});
