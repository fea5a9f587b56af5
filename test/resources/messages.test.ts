import { describe, expect, expectTypeOf, it } from 'vitest';
import { AbortError, PaginationError, ValidationError, type CostEstimate, type CursorPage, type Message, type Page, type SendMessageParams, type SentMessage } from '../../src/index.js';
import { operations } from '../../generated/v1.operations.js';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { datedMessage, datedMessages, message, messages } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

describe('messages.send', () => {
  it('sends one recipient as the list the API takes and returns the unwrapped message', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/v1/messages', 202, { data: message });
    const sent = await client.messages.send({ from: '+15555550100', to: '+15555550123', content: 'Hello', setInboxStatus: 'done' });
    expect(sent).toEqual(message);
    expectTypeOf(sent).toEqualTypeOf<SentMessage>();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      body: { from: '+15555550100', to: ['+15555550123'], content: 'Hello', setInboxStatus: 'done' },
    });
  });

  it('accepts a PN… id as the sender', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/v1/messages', 202, { data: message });
    await client.messages.send({ from: 'PN0001', to: ['+15555550123'], content: 'Hi' });
    expect((requests[0]!.body as { from: string }).from).toBe('PN0001');
  });

  it('refuses 555-1234 with a ValidationError and sends nothing', async () => {
    const { client, requests } = apiClient();
    const error = await rejection(client.messages.send({ from: '+15555550100', to: '555-1234', content: 'Hi' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'to[0]', value: '555-1234', rule: 'pattern' })]);
    expect((error as Error).message).toMatch(/to\[0\]: "555-1234" must be a phone number in E\.164 format/);
    expect(requests).toEqual([]);
  });

  it('lists every problem at once: sender, recipient with an unknown country code, blank content', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.messages.send({ from: 'not-a-number', to: ['+9991234567'], content: '   ', userId: 'XX1' }))) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['content', 'pattern'],
      ['from', 'anyOf'],
      ['userId', 'pattern'],
      ['to[0]', 'e164'],
    ]);
    expect(error.issues.find((i) => i.field === 'from')!.message).toMatch(/phone number id starting with PN, or a phone number in E\.164/);
    expect(error.operation).toEqual({ method: 'POST', path: '/v1/messages', operationId: 'sendMessage_v1' });
    expect(requests).toEqual([]);
  });

  it('takes its limits from the spec: content length and recipients', async () => {
    const { client, requests } = apiClient();
    const { content, to } = operations.sendMessage_v1.requestBody.schema.properties;
    const recipients = Array.from({ length: to.maxItems + 1 }, (_, i) => `+1555555${1000 + i}`);
    const error = (await rejection(client.messages.send({ from: '+15555550100', to: recipients, content: 'x'.repeat(content.maxLength + 1) }))) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['content', 'maxLength'],
      ['to', 'maxItems'],
    ]);
    expect(error.message).toContain(`at most ${content.maxLength} characters (it has ${content.maxLength + 1})`);
    expect(requests).toEqual([]);
  });

  it('refuses empty content', async () => {
    const { client } = apiClient();
    const error = (await rejection(client.messages.send({ from: '+15555550100', to: '+15555550123', content: '' }))) as ValidationError;
    expect(error.issues.map((i) => i.rule)).toContain('minLength');
  });

  it('does not offer the deprecated phoneNumberId, and never sends it (it still works through raw)', async () => {
    expectTypeOf<SendMessageParams>().not.toHaveProperty('phoneNumberId');
    const { client, requests, reply } = apiClient();
    reply('POST', '/v1/messages', 202, { data: message });
    // A JavaScript caller can pass it anyway: the body is built from the offered fields only.
    const params = { phoneNumberId: 'PN1', from: '+15555550100', to: '+15555550123', content: 'x' };
    await client.messages.send(params);
    expect(requests[0]!.body).toEqual({ from: '+15555550100', to: ['+15555550123'], content: 'x' });
  });

  describe('cost guard', () => {
    it('refuses before sending when the message takes more segments than allowed', async () => {
      const { client, requests } = apiClient();
      const content = `Don’t miss our sale 🎉 ${'x'.repeat(70)}`;
      const error = (await rejection(client.messages.send({ from: '+15555550100', to: '+15555550123', content }, { maxSegments: 1 }))) as ValidationError;
      expect(error.issues).toEqual([expect.objectContaining({ field: 'content', rule: 'maxSegments' })]);
      expect(error.message).toMatch(/2 UCS-2 segments, more than maxSegments 1; 🎉 make it UCS-2/);
      expect(requests).toEqual([]);
    });

    it('refuses when the cost exceeds maxCostUsd', async () => {
      const { client, requests } = apiClient();
      const error = (await rejection(client.messages.send({ from: '+15555550100', to: '+442079460958', content: 'Hello' }, { maxCostUsd: 0.04, rates: { GB: 0.04 } }))) as ValidationError;
      expect(error.message).toMatch(/would cost \$0\.05 \(1 segment\), more than maxCostUsd \$0\.04/);
      expect(requests).toEqual([]);
    });

    it('refuses when the cost cannot be known: an unknown rate is never zero', async () => {
      const { client, requests } = apiClient();
      const error = (await rejection(client.messages.send({ from: '+15555550100', to: '+442079460958', content: 'Hello' }, { maxCostUsd: 1 }))) as ValidationError;
      expect(error.issues).toEqual([expect.objectContaining({ field: 'maxCostUsd', rule: 'maxCostUsd' })]);
      expect(error.message).toMatch(/no rate for \+442079460958/);
      expect(requests).toEqual([]);
    });

    it('sends when within the limits and can return the estimate with the message', async () => {
      const { client, requests, reply } = apiClient();
      reply('POST', '/v1/messages', 202, { data: message });
      const result = await client.messages.send({ from: '+15555550100', to: '+15555550123', content: 'Don’t forget!' }, { maxSegments: 1, maxCostUsd: '0.01', includeEstimate: true });
      expectTypeOf(result).toEqualTypeOf<{ readonly message: SentMessage; readonly estimate: CostEstimate }>();
      expect(result.message).toEqual(message);
      expect(result.estimate.message).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(result.estimate.total).toEqual({ micros: 10_000, usd: '0.01' });
      // The text goes out exactly as written: smart encoding is the API's business.
      expect((requests[0]!.body as { content: string }).content).toBe('Don’t forget!');
    });
  });
});

describe('messages.get', () => {
  it('fetches by id from the dated API and unwraps', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/messages/AC0001', 200, { data: datedMessage });
    const found = await client.messages.get('AC0001');
    expectTypeOf(found).toEqualTypeOf<Message>();
    expect(found).toEqual(datedMessage);
    expect(requests[0]!.method).toBe('GET');
  });

  it('v1.messages.get keeps the v1 path and shape', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/messages/AC0001', 200, { data: message });
    expect(await client.v1.messages.get('AC0001')).toEqual(message);
  });

  it('refuses an id that cannot be a message id', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.messages.get('PN123'))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'messageId', rule: 'pattern', value: 'PN123' })]);
    expect(requests).toEqual([]);
  });
});

describe('messages.list (dated API)', () => {
  it('sends the filters as the dated API expects: dates as ISO text, `to[all]` comma-separated', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/messages', 200, { data: datedMessages(2), nextCursor: null });
    const page = await client.messages.list({
      phoneNumberId: 'PN0001',
      'to[all]': ['+15555550123', '+15555550124'],
      direction: 'outgoing',
      'createdAt[gt]': new Date('2025-03-01T12:00:00Z'),
    });
    expectTypeOf(page).toEqualTypeOf<CursorPage<Message>>();
    expect(page.data).toEqual(datedMessages(2));
    expect(page.nextCursor).toBeNull();
    expect(requests[0]!.path.split('?')[0]).toBe('/messages');
    expect(requests[0]!.query.get('to[all]')).toBe('+15555550123,+15555550124');
    expect(requests[0]!.query.get('createdAt[gt]')).toBe('2025-03-01T12:00:00.000Z');
    expect(requests[0]!.query.get('direction')).toBe('outgoing');
  });

  it('refuses a field only v1 takes, naming the v1 method, before any request', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.messages.list({ phoneNumberId: 'PN0001', participants: '+15555550123' } as never))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: 'participants', value: '+15555550123', rule: 'v1Field' })]);
    expect(error.message).toContain('client.v1.messages.list');
    expect(requests).toEqual([]);
  });

  it('names the v1 method for every field v1 takes and the dated list does not, as the two operation tables say', async () => {
    const { client } = apiClient();
    const dated = new Set<string>(datedOperations.listMessages.parameters.map((parameter) => parameter.name));
    const v1Only = operations.listMessages_v1.parameters.filter((parameter) => parameter.in === 'query' && !dated.has(parameter.name));
    expect(v1Only.length).toBeGreaterThan(0);
    for (const parameter of v1Only) {
      const error = (await rejection(client.messages.list({ [parameter.name]: 'x' } as never))) as ValidationError;
      expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([[parameter.name, 'v1Field']]);
      expect(error.message).toContain('client.v1.messages.list');
    }
  });
});

describe('v1.messages.list and pagination', () => {
  const params = { phoneNumberId: 'PN0001', participants: '+15555550123' };

  it('sends the filters in the form the spec declares, dates as ISO text, the largest page by default', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2), nextPageToken: null, totalItems: 999 });
    const page = await client.v1.messages.list({ ...params, createdAfter: new Date('2025-03-01T12:00:00Z'), userId: 'US0001' });
    expectTypeOf(page).toEqualTypeOf<Page<SentMessage>>();
    expect(page.data).toHaveLength(2);
    expect(page.nextPageToken).toBeNull();
    expect('totalItems' in page).toBe(false);
    // In the order the spec declares the parameters, which is no part of the contract.
    const expected = new URLSearchParams('phoneNumberId=PN0001&participants=%2B15555550123&userId=US0001&createdAfter=2025-03-01T12%3A00%3A00.000Z&maxResults=100');
    expect([...requests[0]!.query].sort()).toEqual([...expected].sort());
    expect(await page.nextPage()).toBeNull();
  });

  it('iterates every item across pages, fetching each page only when needed', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2, 0), nextPageToken: 'p2', totalItems: 1 });
    reply('GET', '/v1/messages', 200, { data: messages(2, 2), nextPageToken: 'p3', totalItems: 1 });
    reply('GET', '/v1/messages', 200, { data: messages(1, 4), nextPageToken: null, totalItems: 1 });
    const ids: string[] = [];
    for await (const item of client.v1.messages.list({ ...params, maxResults: 2 })) {
      ids.push(item.id);
      // Lazy: the second page is fetched only after the first is used up.
      if (ids.length === 1) expect(requests).toHaveLength(1);
    }
    expect(ids).toEqual(['AC0000', 'AC0001', 'AC0002', 'AC0003', 'AC0004']);
    expect(requests.map((r) => r.query.get('pageToken'))).toEqual([null, 'p2', 'p3']);
    expect(requests.every((r) => r.query.get('maxResults') === '2')).toBe(true);
  });

  it('stops with a PaginationError when the API repeats a page token', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(1, 0), nextPageToken: 'same' });
    reply('GET', '/v1/messages', 200, { data: messages(1, 1), nextPageToken: 'same' });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of client.v1.messages.list(params)) seen.push(item.id);
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as Error).message).toMatch(/repeated nextPageToken "same"/);
    expect(seen).toEqual(['AC0000']);
  });

  it('caps the total with maxItems, asking the last page only for what is still needed', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2, 0), nextPageToken: 'p2' });
    reply('GET', '/v1/messages', 200, { data: messages(1, 2), nextPageToken: 'p3' });
    const items = await client.v1.messages.list({ ...params, maxResults: 2 }, { maxItems: 3 }).toArray();
    expect(items.map((m) => m.id)).toEqual(['AC0000', 'AC0001', 'AC0002']);
    expect(requests.map((r) => r.query.get('maxResults'))).toEqual(['2', '1']);
  });

  it('honours an AbortSignal between pages', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2, 0), nextPageToken: 'p2' });
    const controller = new AbortController();
    const error = await rejection(
      (async () => {
        for await (const _ of client.v1.messages.list(params, { signal: controller.signal })) controller.abort();
      })(),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(1);
  });

  it('validates before the first request: participants must be E.164, maxResults within the spec', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.v1.messages.list({ phoneNumberId: 'PN0001', participants: ['555 0100'], maxResults: 500 }))) as ValidationError;
    expect(error.issues.map((i) => [i.field, i.rule])).toEqual([
      ['participants[0]', 'pattern'],
      ['maxResults', 'maximum'],
    ]);
    expect(requests).toEqual([]);
  });
});

describe('the README example', () => {
  it('reports blank content and a local number together, as shown', async () => {
    const { client, requests } = apiClient();
    const error = await rejection(client.messages.send({ from: 'PN123abc', to: '555-1234', content: '   ' }));
    expect((error as Error).message).toBe(
      [
        '2 invalid fields:',
        '  - content: "   " must be text that is not only whitespace',
        '  - to[0]: "555-1234" must be a phone number in E.164 format, like +15555555555 (normalizePhoneNumber from "openphone-sdk/phone" converts numbers as people write them)',
      ].join('\n'),
    );
    expect(requests).toEqual([]);
  });
});
