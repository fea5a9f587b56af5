/** The dated API (2026-03-30) in the sandbox: cursor pages of users, conversation inbox state, message retry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, connectSandbox, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const KEY = 'sandbox-dated-key';

/** The operation's documented success body, as the generated table records it. */
const successSchema = (operationId: string) => datedOperations[operationId as keyof typeof datedOperations].responseSchema ?? {};
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(() => sandbox.close());

async function dated(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
  const headers = { authorization: KEY, 'quo-api-version': '2026-03-30', ...(json !== undefined && { 'content-type': 'application/json' }) };
  const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('users', () => {
  it('pages the seeded users by cursor: limit, after, nextCursor', async () => {
    expect(sandbox.store.users.length).toBeGreaterThanOrEqual(2);
    const first = await dated('GET', '/users?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.data.map((u: { id: string }) => u.id)).toEqual(sandbox.store.users.slice(0, 2).map((u) => u.id));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await dated('GET', `/users?limit=2&after=${first.body.nextCursor}`);
    expect(rest.body.data.map((u: { id: string }) => u.id)).toEqual(sandbox.store.users.slice(2, 4).map((u) => u.id));
    expect(rest.body.nextCursor).toBe(sandbox.store.users.length > 4 ? expect.any(String) : null);
  });

  it("refuses a limit outside the spec's bounds and a cursor it did not issue, in the dated envelope", async () => {
    const { minimum, maximum } = datedOperations.listUsers.parameters.find((p) => p.name === 'limit')!.schema as { minimum: number; maximum: number };
    for (const limit of [minimum - 1, maximum + 1]) {
      const { status, body } = await dated('GET', `/users?limit=${limit}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ title: 'Bad Request', docs: 'https://quo.com/docs', errors: [expect.objectContaining({ path: '/limit' })] });
      expect(body).not.toHaveProperty('code');
    }
    const forged = await dated('GET', '/users?after=nope');
    expect(forged.status).toBe(400);
    expect(forged.body.errors.map((e: { path: string }) => e.path)).toEqual(['/after']);
  });

  it('gets one user, and 404 for an unknown one', async () => {
    const owner = sandbox.store.owner;
    expect((await dated('GET', `/users/${owner.id}`)).body.data).toMatchObject({ id: owner.id, email: owner.email, role: 'owner' });
    const missing = await dated('GET', '/users/USnobody');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ title: 'Not Found', docs: 'https://quo.com/docs' });
  });
});

describe('conversation inbox state', () => {
  it('mark-as-read, -done and -open change the conversation, and return it', async () => {
    const conversation = sandbox.store.conversations[0]!;
    const before = conversation.updatedAt;
    const read = await dated('POST', `/conversations/${conversation.id}/mark-as-read`);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: conversation.id });
    expect(read.body.data.updatedAt).not.toBe(before);
    expect(sandbox.store.inboxState(conversation.id)).toEqual({ status: 'open', unread: false });
    await dated('POST', `/conversations/${conversation.id}/mark-as-done`);
    expect(sandbox.store.inboxState(conversation.id).status).toBe('done');
    await dated('POST', `/conversations/${conversation.id}/mark-as-open`);
    expect(sandbox.store.inboxState(conversation.id).status).toBe('open');
    expect((await dated('POST', '/conversations/CNnone/mark-as-done')).status).toBe(404);
  });
});

describe('message retry', () => {
  async function send(): Promise<string> {
    const response = await fetch(`${sandbox.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ from: SEEDED_NUMBERS.main, to: [SEEDED_CONTACT_NUMBERS.grace], content: 'Retry me' }),
    });
    return ((await response.json()) as { data: { id: string } }).data.id;
  }

  it('answers 422 for a message that has not failed', async () => {
    const id = await send();
    const { status, body } = await dated('POST', `/messages/${id}/retry`);
    expect(status).toBe(422);
    expect(body).toMatchObject({ title: 'Unprocessable Entity', message: expect.stringContaining('has not failed') });
  });

  it('answers 202 for a failed message, queues the same message again, and 422 on a second retry', async () => {
    const id = await send();
    const count = sandbox.store.messages.length;
    sandbox.failMessage(id);
    expect((await dated('POST', `/messages/${id}/retry`)).status).toBe(202);
    expect(sandbox.store.messages).toHaveLength(count);
    expect(sandbox.store.messages.find((m) => m.id === id)!.status).toBe('queued');
    expect((await dated('POST', `/messages/${id}/retry`)).status).toBe(422);
  });

  it('answers 422 for a permanent failure, set from another process', async () => {
    const id = await send();
    await connectSandbox(sandbox.url).failMessage(id, { permanent: true });
    const { status, body } = await dated('POST', `/messages/${id}/retry`);
    expect(status).toBe(422);
    expect(body.message).toMatch(/permanently failed/);
    await expect(connectSandbox(sandbox.url).failMessage('ACnone')).rejects.toThrow(/not a sent message/);
  });
});

describe('versioned webhooks', () => {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, formats: fullFormats });
  /** The body checked against the spec's success schema by an Ajv of the test's own. */
  function expectDocumented(operationId: string, body: unknown): void {
    const check = ajv.compile(successSchema(operationId));
    expect(check(body) ? [] : check.errors).toEqual([]);
  }

  it('creates with a whsec_ key, lists and gets without it, updates, rotates to a new key and deletes', async () => {
    const created = await dated('POST', '/webhooks', { url: 'https://example.com/hook', events: ['message.received', 'call.completed'], label: 'ops' });
    expect(created.status).toBe(201);
    expectDocumented('createHeaderVersionedWebhook', created.body);
    const { id, key } = created.body.data as { id: string; key: string };
    expect(key).toMatch(/^whsec_/);
    expect(id).toMatch(/^[0-9]+$/);

    const listed = await dated('GET', '/webhooks');
    expectDocumented('listHeaderVersionedWebhooks', listed.body);
    expect(listed.body.data).toEqual([expect.not.objectContaining({ key: expect.anything() })]);
    const got = await dated('GET', `/webhooks/${id}`);
    expect(got.body.data).toMatchObject({ id, label: 'ops', status: 'enabled', resourceIds: ['*'], apiVersion: '2026-03-30' });

    const updated = await dated('PATCH', `/webhooks/${id}`, { label: 'renamed', status: 'disabled' });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ id, label: 'renamed', status: 'disabled', url: 'https://example.com/hook' });

    const rotated = await dated('POST', `/webhooks/${id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.key).toMatch(/^whsec_/);
    expect(rotated.body.data.key).not.toBe(key);
    expect(sandbox.store.versionedWebhooks.find((w) => w.id === id)!.key).toBe(rotated.body.data.key);

    expect((await dated('DELETE', `/webhooks/${id}`)).status).toBe(204);
    expect((await dated('GET', `/webhooks/${id}`)).status).toBe(404);
  });

  it('keeps dated and v1 webhooks apart', async () => {
    await dated('POST', '/webhooks', { url: 'https://example.com/dated', events: ['message.received'] });
    const v1 = await fetch(`${sandbox.url}/v1/webhooks`, { headers: { authorization: KEY } });
    expect(((await v1.json()) as { data: { url: string }[] }).data.map((w) => w.url)).not.toContain('https://example.com/dated');
  });
});

describe('versioned webhook deliveries', () => {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, formats: fullFormats });
  /** The answer has the documented success status and a body of the spec's success schema, checked by an Ajv of the test's own. */
  function expectDocumented(operationId: string, answer: { status: number; body: unknown }): void {
    expect(answer.status).toBe(datedOperations[operationId as keyof typeof datedOperations].successStatus);
    const check = ajv.compile(successSchema(operationId));
    expect(check(answer.body) ? [] : check.errors).toEqual([]);
  }

  it('answers test events, the delivery log, one delivery and a retry as the spec documents them', async () => {
    const created = await dated('POST', '/webhooks', { url: 'http://127.0.0.1:9/unreachable', events: ['message.received'] });
    const { id } = created.body.data as { id: string };
    const sent = await dated('POST', `/webhooks/${id}/events/test`, { eventType: 'call.completed' });
    expectDocumented('sendHeaderVersionedTestWebhookEvent', sent);
    expect(sent.body).toMatchObject({ type: 'call.completed', apiVersion: '2026-03-30', data: { resource: { id: expect.stringMatching(/^AC/) } } });

    const listed = await dated('GET', `/webhooks/${id}/events?limit=5`);
    expectDocumented('listHeaderVersionedWebhookDeliveries', listed);
    const [delivery] = listed.body.data as { id: string; eventType: string }[];
    expect(delivery).toMatchObject({ eventType: 'call.completed' });

    const detail = await dated('GET', `/webhooks/${id}/events/${delivery!.id}`);
    expectDocumented('getHeaderVersionedWebhookDelivery', detail);
    expect(detail.body.data.requestBody).toEqual(sent.body);

    expectDocumented('retryHeaderVersionedWebhookDelivery', await dated('POST', `/webhooks/${id}/events/${delivery!.id}/retry`));
    expect((await dated('GET', `/webhooks/${id}/events/msg_none`)).status).toBe(404);
    expect((await dated('GET', `/webhooks/999999/events`)).status).toBe(404);
  });
});

describe('dated contacts', () => {
  const ajv = new Ajv2020({ strict: false, validateSchema: false, formats: fullFormats });
  const documented = (operationId: string) => ajv.compile(successSchema(operationId));

  it('lists the workspace contacts by cursor and filter, in the dated shape', async () => {
    const all = sandbox.store.contacts;
    const first = await dated('GET', '/contacts?limit=2');
    expect(first.status).toBe(200);
    expect(documented('listContacts')(first.body) ? [] : documented('listContacts').errors).toEqual([]);
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual(all.slice(0, 2).map((c) => c.id));
    const rest = await dated('GET', `/contacts?limit=50&after=${first.body.nextCursor}`);
    expect(rest.body).toMatchObject({ nextCursor: null });
    expect(rest.body.data).toHaveLength(all.length - 2);

    const ada = all.find((c) => c.externalId === 'crm-1001')!;
    const filtered = await dated('GET', '/contacts?externalIds=crm-1001');
    expect(filtered.body.data).toEqual([
      {
        id: ada.id,
        externalId: 'crm-1001',
        source: ada.source,
        sourceUrl: ada.sourceUrl,
        firstName: ada.defaultFields.firstName,
        lastName: ada.defaultFields.lastName,
        company: ada.defaultFields.company,
        role: ada.defaultFields.role,
        createdAt: ada.createdAt,
        updatedAt: ada.updatedAt,
        actorId: ada.createdByUserId,
      },
    ]);
  });

  it('gets one contact as stored, and 404 for an unknown one', async () => {
    const ada = sandbox.store.contacts.find((c) => c.externalId === 'crm-1001')!;
    const got = await dated('GET', `/contacts/${ada.id}`);
    expect(documented('getContactById')(got.body)).toBe(true);
    expect(got.body.data).toMatchObject({ id: ada.id, firstName: ada.defaultFields.firstName, actorId: ada.createdByUserId });
    const missing = await dated('GET', '/contacts/ffffffffffffffffffffffff');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ title: 'Not Found', docs: 'https://quo.com/docs' });
  });
});
