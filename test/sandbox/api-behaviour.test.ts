/** How the sandbox behaves where the API documents it: keys, the rate limit, validation, errors, pagination, and determinism. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, PermissionDeniedError, RateLimitError, type OpenPhone } from '../../src/index.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { clientFor, seeded, startWithClient } from './helpers.js';

let sandbox: Sandbox;
let client: OpenPhone;
let ids: ReturnType<typeof seeded>;

beforeAll(async () => {
  ({ sandbox, client } = await startWithClient('sandbox-behaviour-key'));
  ids = seeded(sandbox);
});
afterAll(() => sandbox.close());

/** The typed error a call fails with. */
async function failure(pending: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<unknown> {
  try {
    client.unwrap(await pending);
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('API keys', () => {
  // The SDK refuses both before sending, so these go through fetch.
  it('answers 401 in the documented shape without a key', async () => {
    const response = await fetch(`${sandbox.url}/v1/phone-numbers`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ status: 401, code: '0400401', title: 'Unauthorized', message: 'Missing API key' });
  });

  it('answers 401 for a Bearer key, which the API does not accept', async () => {
    const response = await fetch(`${sandbox.url}/v1/phone-numbers`, { headers: { authorization: 'Bearer sandbox-behaviour-key' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toMatch(/without "Bearer"/);
  });

  it('accepts any raw key', async () => {
    const response = await fetch(`${sandbox.url}/v1/phone-numbers`, { headers: { authorization: 'any-raw-key' } });
    expect(response.status).toBe(200);
  });
});

describe('the rate limit', () => {
  it('answers 429 with Retry-After beyond 10 requests a second per key, by default, and not for other keys', async () => {
    const limited = await startSandbox();
    try {
      const client = clientFor(limited, 'sandbox-rate-limit-key');
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const result = await client.raw.GET('/v1/phone-numbers');
          return result.response.ok ? 'ok' : await failure(Promise.resolve(result));
        }),
      );
      const refused = outcomes.filter((o) => o !== 'ok');
      // The first ten always fit in the window; thirty at once cannot all fit.
      expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThanOrEqual(10);
      expect(refused.length).toBeGreaterThan(0);
      for (const error of refused) {
        expect(error).toBeInstanceOf(RateLimitError);
        expect((error as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(1000);
      }
      expect(limited.stats.rateLimited).toBe(refused.length);
      const other = clientFor(limited, 'sandbox-rate-limit-other-key');
      expect((await other.raw.GET('/v1/phone-numbers')).response.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('admits exactly the configured number of requests per window', async () => {
    const limited = await startSandbox({ rateLimit: { limit: 3, interval: 60_000 } });
    try {
      const client = clientFor(limited, 'sandbox-rate-limit-exact-key');
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await client.raw.GET('/v1/phone-numbers')).response.status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('validation', () => {
  const send = (body: Record<string, unknown>) => failure(client.raw.POST('/v1/messages', { body: { from: SEEDED_NUMBERS.main, to: ['+14155550123'], content: 'Hello', ...body } }));

  it.each([
    ['not E.164', '555-0100', 'pattern'],
    ['E.164 with a calling code that does not exist', '+9991234567', 'e164'],
  ])('refuses a recipient %s with 400, code 0206400 and the field in errors[]', async (_case, to, rule) => {
    const error = (await send({ to: [to] })) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: '0206400' });
    expect(error.errors).toEqual([{ path: '/to/0', message: expect.any(String), value: to, schema: { type: rule } }]);
  });

  it.each(['   ', '\n\t '])('refuses whitespace-only content %j', async (content) => {
    const error = (await send({ content })) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.errors.map((e) => e.path)).toEqual(['/content']);
  });

  it('refuses a sender that is not a workspace number', async () => {
    const error = (await send({ from: '+14155550100' })) as BadRequestError;
    expect(error.errors).toEqual([expect.objectContaining({ path: '/from', value: '+14155550100' })]);
  });

  it('answers 403 Not Phone Number User for a sending user who is not on the number', async () => {
    const error = await send({ userId: ids.admin.id });
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: '0202403', title: 'Not Phone Number User' });
  });

  it('enforces the required list parameters', async () => {
    const messages = (await failure(client.raw.GET('/v1/messages', { params: { query: { phoneNumberId: ids.main.id, maxResults: 10 } as never } }))) as BadRequestError;
    expect(messages.errors).toEqual([expect.objectContaining({ path: '/participants', schema: { type: 'required' } })]);
    // Listing contacts needs no filter since the API dropped the required externalIds.
    expect((await client.raw.GET('/v1/contacts', { params: { query: { maxResults: 10 } } })).response.status).toBe(200);
    const calls = (await failure(client.raw.GET('/v1/calls', { params: { query: { participants: ['+14155550123'], maxResults: 10 } as never } }))) as BadRequestError;
    expect(calls.errors.map((e) => e.path)).toEqual(['/phoneNumberId']);
  });

  it('refuses an out-of-range page size and a page token it did not issue', async () => {
    const query = { phoneNumberId: ids.main.id, participants: ['+14155550123'] };
    const tooMany = (await failure(client.raw.GET('/v1/messages', { params: { query: { ...query, maxResults: 101 } } }))) as BadRequestError;
    expect(tooMany.errors.map((e) => [e.path, e.schema?.type])).toEqual([['/maxResults', 'maximum']]);
    const forged = (await failure(client.raw.GET('/v1/messages', { params: { query: { ...query, maxResults: 5, pageToken: 'nope' } } }))) as BadRequestError;
    expect(forged.errors.map((e) => e.path)).toEqual(['/pageToken']);
  });

  it('refuses a reserved contact source, an unknown custom field and a value of the wrong type', async () => {
    const create = (body: Record<string, unknown>) => failure(client.raw.POST('/v1/contacts', { body: { defaultFields: { firstName: 'Jo' }, ...body } })) as Promise<BadRequestError>;
    expect((await create({ source: 'csv-import' })).errors.map((e) => e.path)).toEqual(['/source']);
    const unknown = await create({ customFields: [{ key: 'shoe-size', value: '42' }] });
    expect(unknown).toMatchObject({ status: 400, code: '0801400', title: 'Invalid Custom Field Item' });
    expect(unknown.errors.map((e) => e.path)).toEqual(['/customFields/0']);
    expect((await create({ customFields: [{ key: 'seats', value: 'many' }] })).errors.map((e) => e.path)).toEqual(['/customFields/0/value']);
    expect(sandbox.store.contacts.filter((c) => c.defaultFields.firstName === 'Jo')).toEqual([]);
  });

  it('refuses a patch naming an email entry the contact does not have, and changes nothing', async () => {
    const ada = sandbox.store.contacts.find((c) => c.externalId === 'crm-1001')!;
    const error = (await failure(
      client.raw.PATCH('/v1/contacts/{id}', {
        params: { path: { id: ada.id } },
        body: { defaultFields: { firstName: 'Augusta', emails: [{ id: 'EMnone', name: 'work', value: 'x@example.com' }] } },
      }),
    )) as BadRequestError;
    expect(error.errors.map((e) => e.path)).toEqual(['/defaultFields/emails/0/id']);
    expect(sandbox.store.contacts.find((c) => c.id === ada.id)!.defaultFields.firstName).toBe('Ada');
  });

  it('refuses webhook events outside the spec enum for that kind of webhook', async () => {
    const error = (await failure(client.raw.POST('/v1/webhooks/messages', { body: { url: 'https://example.com/hook', events: ['call.completed'] as never } }))) as BadRequestError;
    expect(error).toMatchObject({ code: '0305400', title: 'Invalid Version' });
    expect(error.errors).toEqual([expect.objectContaining({ path: '/events/0', schema: { type: 'enum' } })]);
  });
});

describe('unknown ids and routes', () => {
  it.each([
    ['message', () => client.raw.GET('/v1/messages/{id}', { params: { path: { id: 'ACunknown' } } }), '0200404'],
    ['contact', () => client.raw.GET('/v1/contacts/{id}', { params: { path: { id: 'unknown' } } }), '0800404'],
    ['webhook', () => client.raw.DELETE('/v1/webhooks/{id}', { params: { path: { id: 'WHunknown' } } }), '0300404'],
    ['call recordings', () => client.raw.GET('/v1/call-recordings/{callId}', { params: { path: { callId: 'ACunknown' } } }), '0900404'],
    ['call summary', () => client.raw.GET('/v1/call-summaries/{callId}', { params: { path: { callId: 'ACunknown' } } }), '0500404'],
    ['call transcript', () => client.raw.GET('/v1/call-transcripts/{id}', { params: { path: { id: 'ACunknown' } } }), '0600404'],
  ] as const)('answers 404 with the documented code for an unknown %s', async (_what, call, code) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code, title: 'Not Found' });
  });

  it('answers 404 for a path the API does not have, and 405 with Allow for a method it does not take', async () => {
    const headers = { authorization: 'sandbox-behaviour-key' };
    expect((await fetch(`${sandbox.url}/v1/no-such-resource`, { headers })).status).toBe(404);
    const response = await fetch(`${sandbox.url}/v1/phone-numbers`, { method: 'DELETE', headers });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('pagination', () => {
  it('pages through a conversation with pageToken, ending with nextPageToken null', async () => {
    const query = { phoneNumberId: ids.main.id, participants: [SEEDED_CONTACT_NUMBERS.ada], maxResults: 10 };
    const pages = [];
    let pageToken: string | undefined;
    do {
      const page = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, ...(pageToken && { pageToken }) } } }));
      pages.push(page);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    expect(pages.map((p) => p.data.length)).toEqual([10, 10, 4]);
    expect(pages.at(-1)!.nextPageToken).toBeNull();
    const all = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, maxResults: 100 } } })).data;
    expect(pages.flatMap((p) => p.data)).toEqual(all);
  });

  it('pages contacts and conversations the same way', async () => {
    const contacts = [];
    let pageToken: string | null | undefined;
    do {
      const page = client.unwrap(
        await client.raw.GET('/v1/contacts', {
          params: { query: { externalIds: ['crm-1001', 'crm-1002', 'crm-1003'], maxResults: 1, ...(pageToken && { pageToken }) } },
        }),
      );
      contacts.push(page.data);
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(contacts.map((page) => page.map((c) => c.externalId))).toEqual([['crm-1001'], ['crm-1002'], ['crm-1003']]);

    const first = client.unwrap(await client.raw.GET('/v1/conversations', { params: { query: { maxResults: 2 } } }));
    const second = client.unwrap(await client.raw.GET('/v1/conversations', { params: { query: { maxResults: 2, pageToken: first.nextPageToken! } } }));
    const third = client.unwrap(await client.raw.GET('/v1/conversations', { params: { query: { maxResults: 2, pageToken: second.nextPageToken! } } }));
    expect([first, second, third].map((p) => p.data.length)).toEqual([2, 2, 1]);
    expect(third.nextPageToken).toBeNull();
  });
});

describe('determinism', () => {
  /** What a client sees of a sandbox: its workspace, and what a send returns. */
  async function observe(seed: number) {
    const run = await startSandbox({ seed, rateLimit: false, clock: 'fixed' });
    try {
      const c = clientFor(run, 'sandbox-determinism-key');
      const numbers = client.unwrap(await c.raw.GET('/v1/phone-numbers')).data;
      const conversations = client.unwrap(await c.raw.GET('/v1/conversations', { params: { query: { maxResults: 100 } } })).data;
      const sent = client.unwrap(await c.raw.POST('/v1/messages', { body: { from: numbers[0]!.id, to: ['+14155550123'], content: 'Hi' } })).data;
      return { numbers, conversations, sent };
    } finally {
      await run.close();
    }
  }

  it('gives the same workspace and the same new records for the same seed', async () => {
    expect(await observe(42)).toEqual(await observe(42));
  });

  it('gives other ids, and the same content, for another seed', async () => {
    const [a, b] = [await observe(1), await observe(2)];
    expect(a.numbers.map((n) => n.id)).not.toEqual(b.numbers.map((n) => n.id));
    expect(a.numbers.map((n) => n.number)).toEqual(b.numbers.map((n) => n.number));
    expect(a.sent.id).not.toBe(b.sent.id);
  });

  it('puts the seeded workspace back, with the same ids, on reset', async () => {
    const run = await startSandbox({ rateLimit: false, clock: 'fixed' });
    try {
      const before = structuredClone(run.store.contacts);
      const c = clientFor(run, 'sandbox-reset-key');
      await c.raw.DELETE('/v1/contacts/{id}', { params: { path: { id: before[0]!.id } } });
      expect(run.stats.processed).toHaveLength(1);
      run.reset();
      expect(run.store.contacts).toEqual(before);
      expect(run.stats.processed).toEqual([]);
    } finally {
      await run.close();
    }
  });
});
