import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError, type Conversation, type CursorPage, type PhoneNumber, type LegacyWebhook } from '../../src/index.js';
import { conversation, datedPhoneNumber, phoneNumber, webhook } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

describe('conversations (dated API)', () => {
  it('list filters by numbers given as PN ids, a comma-separated `phoneNumberId[in]`, dates as ISO text', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/conversations', 200, { data: [], nextCursor: null });
    const page = await client.conversations.list({ 'phoneNumberId[in]': ['PN0001', 'PN0002'], 'updatedAt[gt]': new Date('2025-01-02T03:04:05Z') });
    expectTypeOf(page).toEqualTypeOf<CursorPage<Conversation>>();
    expect(page.data).toEqual([]);
    expect(requests[0]!.query.get('phoneNumberId[in]')).toBe('PN0001,PN0002');
    expect(requests[0]!.query.get('updatedAt[gt]')).toBe('2025-01-02T03:04:05.000Z');
  });

  it('list refuses an invalid date, and v1 filters by naming client.v1.conversations.list', async () => {
    const { client, requests } = apiClient();
    const invalid = (await rejection(client.conversations.list({ 'createdAt[gt]': new Date('nope') }))) as ValidationError;
    expect(invalid.issues.map((i) => [i.field, i.rule])).toEqual([['createdAt[gt]', 'format']]);
    const v1 = (await rejection(client.conversations.list({ phoneNumbers: '+15555550100', excludeInactive: true } as never))) as ValidationError;
    expect(v1.issues.map((i) => [i.field, i.rule])).toEqual([
      ['phoneNumbers', 'v1Field'],
      ['excludeInactive', 'v1Field'],
    ]);
    expect(v1.message).toContain('client.v1.conversations.list');
    expect(requests).toEqual([]);
  });

  it('client.v1.conversations.list keeps the v1 filters: numbers as E.164 or PN ids', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/conversations', 200, { data: [conversation], nextPageToken: null, totalItems: 1 });
    const page = await client.v1.conversations.list({ phoneNumbers: ['+15555550100', 'PN0002'], updatedAfter: new Date('2025-01-02T03:04:05Z'), excludeInactive: true });
    expect(page.data).toEqual([conversation]);
    expect(requests[0]!.path).toBe('/v1/conversations?phoneNumbers=%2B15555550100&phoneNumbers=PN0002&excludeInactive=true&updatedAfter=2025-01-02T03%3A04%3A05.000Z&maxResults=100');
  });
});

describe('phoneNumbers (dated API)', () => {
  it('list pages by cursor, iterable like the others', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/phone-numbers', 200, { data: [datedPhoneNumber], nextCursor: null });
    reply('GET', '/phone-numbers', 200, { data: [datedPhoneNumber], nextCursor: null });
    const page = await client.phoneNumbers.list();
    expectTypeOf(page).toEqualTypeOf<CursorPage<PhoneNumber>>();
    expect(page.data).toEqual([datedPhoneNumber]);
    expect(page.nextCursor).toBeNull();
    const all: PhoneNumber[] = [];
    for await (const number of client.phoneNumbers.list()) all.push(number);
    expect(all).toEqual([datedPhoneNumber]);
    expect(requests.map((r) => r.path.split('?')[0])).toEqual(['/phone-numbers', '/phone-numbers']);
  });

  it('v1.phoneNumbers.list keeps the v1 `userId` filter', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/phone-numbers', 200, { data: [phoneNumber] });
    expect((await client.v1.phoneNumbers.list({ userId: 'US0001' })).data).toEqual([phoneNumber]);
    expect(requests.map((r) => r.path)).toEqual(['/v1/phone-numbers?userId=US0001']);
  });
});

describe('legacyWebhooks', () => {
  it('is client.v1.webhooks under the name it had in 0.2', () => {
    const { client } = apiClient();
    expect(client.legacyWebhooks).toBe(client.v1.webhooks);
  });

  it('list, get and delete', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/webhooks', 200, { data: [webhook] });
    reply('GET', '/v1/webhooks/WH0001', 200, { data: webhook });
    reply('DELETE', '/v1/webhooks/WH0001', 204);
    expect((await client.legacyWebhooks.list()).data).toEqual([webhook]);
    const found = await client.legacyWebhooks.get('WH0001');
    expectTypeOf(found).toEqualTypeOf<LegacyWebhook>();
    expect(found).toEqual(webhook);
    expect(await client.legacyWebhooks.delete('WH0001')).toBeUndefined();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/webhooks', 'GET /v1/webhooks/WH0001', 'DELETE /v1/webhooks/WH0001']);
  });

  it.each([
    ['createForMessages', '/v1/webhooks/messages', 'message.received'],
    ['createForCalls', '/v1/webhooks/calls', 'call.completed'],
    ['createForCallSummaries', '/v1/webhooks/call-summaries', 'call.summary.completed'],
    ['createForCallTranscripts', '/v1/webhooks/call-transcripts', 'call.transcript.completed'],
  ] as const)('%s posts to %s', async (method, path, event) => {
    const { client, requests, reply } = apiClient();
    reply('POST', path, 201, { data: webhook });
    const body = { url: 'https://example.com/hooks', events: [event], label: 'test' };
    const created = await (client.legacyWebhooks[method] as (b: typeof body) => Promise<unknown>)(body);
    expect(created).toEqual(webhook);
    expect(requests[0]).toMatchObject({ method: 'POST', path, body });
  });

  it('refuses an event the endpoint does not send and a URL that is not one', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(
      // @ts-expect-error call.completed is not a message event
      client.legacyWebhooks.createForMessages({ url: 'not a url', events: ['call.completed'] }),
    )) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['events[0]', 'enum'],
      ['url', 'format'],
    ]);
    expect(requests).toEqual([]);
  });

  it('refuses a webhook id that is not one', async () => {
    const { client } = apiClient();
    expect(await rejection(client.legacyWebhooks.get('AC1'))).toBeInstanceOf(ValidationError);
    expect(await rejection(client.legacyWebhooks.delete('AC1'))).toBeInstanceOf(ValidationError);
  });
});
