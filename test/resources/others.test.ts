import nock from 'nock';
import { afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError, type Conversation, type Page, type PhoneNumber, type LegacyWebhook } from '../../src/index.js';
import { conversation, phoneNumber, webhook } from '../fixtures/models.js';
import { apiClient, rejection } from '../helpers/nock-api.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('conversations', () => {
  it('list filters by numbers given as E.164 or PN ids, dates as ISO text', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/conversations', 200, { data: [conversation], nextPageToken: null, totalItems: 1 });
    const page = await client.conversations.list({
      phoneNumbers: ['+15555550100', 'PN0002'],
      updatedAfter: new Date('2025-01-02T03:04:05Z'),
      excludeInactive: true,
    });
    expectTypeOf(page).toEqualTypeOf<Page<Conversation>>();
    expect(page.data).toEqual([conversation]);
    expect(requests[0]!.path).toBe(
      '/v1/conversations?phoneNumbers=%2B15555550100&phoneNumbers=PN0002&excludeInactive=true&updatedAfter=2025-01-02T03%3A04%3A05.000Z&maxResults=100',
    );
  });

  it('list refuses a number that is neither, and an invalid date', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.conversations.list({ phoneNumbers: '+999123', createdAfter: new Date('nope') }))) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['phoneNumbers[0]', 'e164'],
      ['createdAfter', 'format'],
    ]);
    expect(requests).toEqual([]);
  });
});

describe('phoneNumbers', () => {
  it('list returns one page with every number, iterable like the others', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/phone-numbers', 200, { data: [phoneNumber] });
    reply('GET', '/v1/phone-numbers', 200, { data: [phoneNumber] });
    const page = await client.phoneNumbers.list({ userId: 'US0001' });
    expectTypeOf(page).toEqualTypeOf<Page<PhoneNumber>>();
    expect(page.data).toEqual([phoneNumber]);
    expect(page.nextPageToken).toBeNull();
    const all: PhoneNumber[] = [];
    for await (const number of client.phoneNumbers.list()) all.push(number);
    expect(all).toEqual([phoneNumber]);
    expect(requests.map((r) => r.path)).toEqual(['/v1/phone-numbers?userId=US0001', '/v1/phone-numbers']);
  });
});

describe('legacyWebhooks', () => {
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
