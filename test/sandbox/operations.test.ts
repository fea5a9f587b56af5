/**
 * Every operation through the SDK's client against the sandbox: what it
 * answers and what it changes. Each test starts from the seeded workspace.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type OpenPhone } from '../../src/index.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, type Sandbox } from '../../src/sandbox/index.js';
import { SEEDED_UNKNOWN_NUMBER } from '../../src/sandbox/seed.js';
import { seeded, startWithClient } from './helpers.js';

const ADA = SEEDED_CONTACT_NUMBERS.ada;
const GRACE = SEEDED_CONTACT_NUMBERS.grace;

let sandbox: Sandbox;
let client: OpenPhone;
let ids: ReturnType<typeof seeded>;

beforeAll(async () => {
  ({ sandbox, client } = await startWithClient('sandbox-operations-key'));
});
beforeEach(() => {
  sandbox.reset();
  ids = seeded(sandbox);
});
afterAll(() => sandbox.close());

describe('phone numbers', () => {
  it('lists the two seeded numbers with their users', async () => {
    const { data } = client.unwrap(await client.raw.GET('/v1/phone-numbers'));
    expect(data.map((n) => [n.name, n.number])).toEqual([
      ['Main line', SEEDED_NUMBERS.main],
      ['Support', SEEDED_NUMBERS.support],
    ]);
    expect(data[0]!.users.map((u) => u.role)).toEqual(['owner', 'member']);
  });

  it('keeps the numbers of one user with userId', async () => {
    const { data } = client.unwrap(await client.raw.GET('/v1/phone-numbers', { params: { query: { userId: ids.admin.id } } }));
    expect(data.map((n) => n.number)).toEqual([SEEDED_NUMBERS.support]);
  });
});

describe('messages', () => {
  it('accepts a send with 202 and lists it, gets it and files it under a new conversation', async () => {
    const to = '+14155550999';
    const result = await client.raw.POST('/v1/messages', { body: { from: SEEDED_NUMBERS.main, to: [to], content: 'Your table is ready' } });
    expect(result.response.status).toBe(202);
    const sent = client.unwrap(result).data;
    expect(sent).toMatchObject({ from: SEEDED_NUMBERS.main, to: [to], text: 'Your table is ready', direction: 'outgoing', status: 'queued', phoneNumberId: ids.main.id });
    expect(sent.id).toMatch(/^AC/);

    const listed = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { phoneNumberId: ids.main.id, participants: [to], maxResults: 10 } } }));
    expect(listed).toEqual({ data: [sent], nextPageToken: null, totalItems: 1 });
    expect(client.unwrap(await client.raw.GET('/v1/messages/{id}', { params: { path: { id: sent.id } } })).data).toEqual(sent);

    const conversations = client.unwrap(await client.raw.GET('/v1/conversations', { params: { query: { maxResults: 1 } } }));
    expect(conversations.data[0]).toMatchObject({ participants: [to], phoneNumberId: ids.main.id, lastActivityId: sent.id });
  });

  it('sends from a phone number id as well as from its number, as the sending user', async () => {
    const sent = client.unwrap(await client.raw.POST('/v1/messages', { body: { from: ids.main.id, to: [ADA], content: 'Hi', userId: ids.member.id } })).data;
    expect(sent).toMatchObject({ from: SEEDED_NUMBERS.main, userId: ids.member.id });
  });

  it('lists a conversation oldest first, only with exactly those participants', async () => {
    const query = { phoneNumberId: ids.main.id, participants: [GRACE], maxResults: 10 };
    const { data } = client.unwrap(await client.raw.GET('/v1/messages', { params: { query } }));
    expect(data.map((m) => m.direction)).toEqual(['outgoing', 'incoming', 'outgoing']);
    expect(data.map((m) => m.createdAt)).toEqual([...data.map((m) => m.createdAt)].sort());
    expect(data.every((m) => (m.direction === 'outgoing' ? m.to[0] : m.from) === GRACE)).toBe(true);
    const both = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, participants: [GRACE, ADA] } } }));
    expect(both.data).toEqual([]);
  });

  it('filters messages by sender and creation time; since acts as createdBefore, as documented', async () => {
    const query = { phoneNumberId: ids.main.id, participants: [ADA], maxResults: 100 };
    const all = client.unwrap(await client.raw.GET('/v1/messages', { params: { query } })).data;
    const middle = all[12]!.createdAt;
    const after = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, createdAfter: middle } } })).data;
    const before = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, createdBefore: middle } } })).data;
    const since = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, since: middle } } })).data;
    expect(after).toEqual(all.slice(13));
    expect(before).toEqual(all.slice(0, 12));
    expect(since).toEqual(before);
    const byOwner = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { ...query, userId: ids.member.id } } })).data;
    expect(byOwner).toEqual([]);
  });
});

describe('calls', () => {
  it('lists the calls with a participant, with recordings, summary and transcript for answered ones', async () => {
    const { data: calls } = client.unwrap(await client.raw.GET('/v1/calls', { params: { query: { phoneNumberId: ids.main.id, participants: [ADA], maxResults: 10 } } }));
    expect(calls.map((c) => [c.direction, c.status, c.duration])).toEqual([
      ['incoming', 'completed', 95],
      ['outgoing', 'completed', 42],
    ]);
    const callId = calls[0]!.id;
    const { data: recordings } = client.unwrap(await client.raw.GET('/v1/call-recordings/{callId}', { params: { path: { callId } } }));
    expect(recordings).toEqual([expect.objectContaining({ status: 'completed', duration: 95, type: 'audio/mpeg', startTime: calls[0]!.answeredAt })]);
    const { data: summary } = client.unwrap(await client.raw.GET('/v1/call-summaries/{callId}', { params: { path: { callId } } }));
    expect(summary).toMatchObject({ callId, status: 'completed' });
    expect(summary.summary!.length).toBeGreaterThan(0);
    const { data: transcript } = client.unwrap(await client.raw.GET('/v1/call-transcripts/{id}', { params: { path: { id: callId } } }));
    expect(transcript).toMatchObject({ callId, status: 'completed', duration: 95 });
    expect(new Set(transcript.dialogue!.map((line) => line.identifier))).toEqual(new Set([ADA, SEEDED_NUMBERS.main]));
  });

  it('has no recording, summary or transcript for a missed call', async () => {
    const { data } = client.unwrap(await client.raw.GET('/v1/calls', { params: { query: { phoneNumberId: ids.main.id, participants: [GRACE], maxResults: 10 } } }));
    expect(data).toEqual([expect.objectContaining({ status: 'missed', answeredAt: null, duration: 0 })]);
    const callId = data[0]!.id;
    expect(client.unwrap(await client.raw.GET('/v1/call-recordings/{callId}', { params: { path: { callId } } })).data).toEqual([]);
    await expect(unwrapped(client.raw.GET('/v1/call-summaries/{callId}', { params: { path: { callId } } }))).rejects.toThrow(NotFoundError);
    await expect(unwrapped(client.raw.GET('/v1/call-transcripts/{id}', { params: { path: { id: callId } } }))).rejects.toThrow(NotFoundError);
  });
});

describe('contacts', () => {
  it('creates a contact (201) with defaults, ids on its entries and typed custom fields', async () => {
    const result = await client.raw.POST('/v1/contacts', {
      body: {
        defaultFields: { firstName: 'Jo', emails: [{ name: 'work', value: 'jo@example.com' }], phoneNumbers: [{ name: 'mobile', value: '+14155550777' }] },
        customFields: [{ key: 'seats', value: 3 }],
        externalId: 'crm-2001',
      },
    });
    expect(result.response.status).toBe(201);
    const contact = client.unwrap(result).data;
    expect(contact).toMatchObject({
      externalId: 'crm-2001',
      source: 'public-api',
      sourceUrl: null,
      createdByUserId: ids.owner.id,
      defaultFields: { firstName: 'Jo', lastName: null, company: null, role: null },
      customFields: [{ key: 'seats', name: 'Seats', type: 'number', value: 3 }],
    });
    expect(contact.defaultFields.emails).toEqual([{ id: expect.any(String), name: 'work', value: 'jo@example.com' }]);
    expect(client.unwrap(await client.raw.GET('/v1/contacts/{id}', { params: { path: { id: contact.id } } })).data).toEqual(contact);
  });

  it('patches a contact: default fields merge, entries update, go or are appended, custom fields are set', async () => {
    const ada = sandbox.store.contacts.find((c) => c.externalId === 'crm-1001')!;
    const [email] = ada.defaultFields.emails;
    const [phone] = ada.defaultFields.phoneNumbers;
    const { data } = client.unwrap(
      await client.raw.PATCH('/v1/contacts/{id}', {
        params: { path: { id: ada.id } },
        body: {
          defaultFields: {
            role: 'Founder',
            emails: [
              { id: email!.id, name: 'work', value: 'ada@engines.example.com' },
              { name: 'home', value: 'ada@home.example.com' },
            ],
            phoneNumbers: [{ id: phone!.id, name: 'mobile', value: null }],
          },
          customFields: [
            { key: 'tier', value: ['platinum'] },
            { key: 'notes', value: 'Met at the expo' },
          ],
        },
      }),
    );
    expect(data.defaultFields).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', role: 'Founder', phoneNumbers: [] });
    expect(data.defaultFields.emails).toEqual([
      { id: email!.id, name: 'work', value: 'ada@engines.example.com' },
      { id: expect.any(String), name: 'home', value: 'ada@home.example.com' },
    ]);
    expect(data.customFields.map((f) => [f.key, f.value])).toEqual([
      ['inbound-lead', true],
      ['tier', ['platinum']],
      ['seats', 12],
      ['notes', 'Met at the expo'],
    ]);
    expect(data.updatedAt > ada.updatedAt).toBe(true);
    const fetched = client.unwrap(await client.raw.GET('/v1/contacts/{id}', { params: { path: { id: ada.id } } })).data;
    expect(fetched.defaultFields).toEqual(data.defaultFields);
  });

  it('deletes a contact with 204, after which it is not found', async () => {
    const { id } = sandbox.store.contacts[0]!;
    const result = await client.raw.DELETE('/v1/contacts/{id}', { params: { path: { id } } });
    expect(result.response.status).toBe(204);
    await expect(unwrapped(client.raw.GET('/v1/contacts/{id}', { params: { path: { id } } }))).rejects.toThrow(NotFoundError);
    await expect(unwrapped(client.raw.DELETE('/v1/contacts/{id}', { params: { path: { id } } }))).rejects.toThrow(NotFoundError);
  });

  it('lists contacts by external id, narrowed by source', async () => {
    const list = async (sources?: string[]) =>
      client
        .unwrap(await client.raw.GET('/v1/contacts', { params: { query: { externalIds: ['crm-1001', 'crm-1003', 'crm-none'], maxResults: 10, ...(sources && { sources }) } } }))
        .data.map((c) => c.externalId);
    expect(await list()).toEqual(['crm-1001', 'crm-1003']);
    expect(await list(['crm-sync'])).toEqual(['crm-1003']);
  });

  it('lists the workspace custom fields', async () => {
    const { data } = client.unwrap(await client.raw.GET('/v1/contact-custom-fields'));
    expect(data.map((f) => f.type).sort()).toEqual(['address', 'boolean', 'date', 'multi-select', 'number', 'string', 'url']);
  });
});

describe('conversations', () => {
  it('lists conversations most recent first, by number, by user, and without inactive ones', async () => {
    const list = async (query: Record<string, unknown> = {}) => client.unwrap(await client.raw.GET('/v1/conversations', { params: { query: { maxResults: 100, ...query } } })).data;
    const all = await list();
    expect(all).toHaveLength(5);
    expect(all.map((c) => c.lastActivityAt)).toEqual([...all.map((c) => c.lastActivityAt)].sort().reverse());
    expect((await list({ phoneNumbers: [SEEDED_NUMBERS.support] })).map((c) => c.phoneNumberId)).toEqual([ids.support.id, ids.support.id]);
    expect(await list({ phoneNumbers: [ids.support.id] })).toEqual(await list({ phoneNumber: SEEDED_NUMBERS.support }));
    expect((await list({ userId: ids.admin.id })).every((c) => c.phoneNumberId === ids.support.id)).toBe(true);
    const active = await list({ excludeInactive: true });
    expect(active).toEqual(all.filter((c) => c.deletedAt === null));
    expect(all.filter((c) => c.deletedAt !== null).map((c) => c.participants)).toEqual([[SEEDED_UNKNOWN_NUMBER]]);
  });
});

describe('webhooks', () => {
  const url = 'https://example.com/openphone';

  it('creates one webhook of each kind (201) with a key, enabled, for every number by default', async () => {
    const created = [
      client.unwrap(await client.raw.POST('/v1/webhooks/messages', { body: { url, events: ['message.received', 'message.delivered'] } })).data,
      client.unwrap(await client.raw.POST('/v1/webhooks/calls', { body: { url, events: ['call.completed'] } })).data,
      client.unwrap(await client.raw.POST('/v1/webhooks/call-summaries', { body: { url, events: ['call.summary.completed'] } })).data,
      client.unwrap(await client.raw.POST('/v1/webhooks/call-transcripts', { body: { url, events: ['call.transcript.completed'], label: 'Transcripts' } })).data,
    ];
    for (const webhook of created) {
      expect(webhook).toMatchObject({ url, status: 'enabled', resourceIds: ['*'], userId: ids.owner.id, deletedAt: null });
      expect(webhook.id).toMatch(/^WH/);
      expect(Buffer.from(webhook.key, 'base64')).toHaveLength(32);
    }
    expect(created[3]!.label).toBe('Transcripts');
    expect(new Set(created.map((w) => w.key)).size).toBe(4);
    const listed = client.unwrap(await client.raw.GET('/v1/webhooks')).data;
    expect(listed).toEqual(created);
  });

  it('gets and deletes a webhook (204), after which it is gone', async () => {
    const webhook = client.unwrap(await client.raw.POST('/v1/webhooks/calls', { body: { url, events: ['call.ringing'] } })).data;
    expect(client.unwrap(await client.raw.GET('/v1/webhooks/{id}', { params: { path: { id: webhook.id } } })).data).toEqual(webhook);
    const deleted = await client.raw.DELETE('/v1/webhooks/{id}', { params: { path: { id: webhook.id } } });
    expect(deleted.response.status).toBe(204);
    await expect(unwrapped(client.raw.GET('/v1/webhooks/{id}', { params: { path: { id: webhook.id } } }))).rejects.toThrow(NotFoundError);
    expect(client.unwrap(await client.raw.GET('/v1/webhooks')).data).toEqual([]);
  });

  it("lists the owner's webhooks by default, and another user's with userId", async () => {
    const theirs = client.unwrap(await client.raw.POST('/v1/webhooks/messages', { body: { url, events: ['message.received'], userId: ids.admin.id, status: 'disabled' } })).data;
    expect(client.unwrap(await client.raw.GET('/v1/webhooks')).data).toEqual([]);
    expect(client.unwrap(await client.raw.GET('/v1/webhooks', { params: { query: { userId: ids.admin.id } } })).data).toEqual([theirs]);
  });
});

async function unwrapped<Data>(pending: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  return client.unwrap(await pending);
}
