/** The dated API (2026-03-30) in the sandbox: cursor pages of users, conversation inbox state, message retry. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, connectSandbox, startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const KEY = 'sandbox-dated-key';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(() => sandbox.close());

async function dated(method: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sandbox.url}${path}`, { method, headers: { authorization: KEY, 'quo-api-version': '2026-03-30' } });
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

  it('refuses a limit outside 1-50 and a cursor it did not issue, in the dated envelope', async () => {
    for (const limit of [0, 51]) {
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
