import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  APIError,
  APIPromise,
  NotFoundError,
  type PagePromise,
  ValidationError,
  type Message,
  type Page,
  type SendMessageOptions,
  type SentMessage,
  type SentMessageWithEstimate,
  type WithResponse,
} from '../../src/index.js';
import { contact, datedMessage, message, messages } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

const listParams = { phoneNumberId: 'PN0001', participants: '+15555550123' };
const sendParams = { from: '+15555550100', to: '+15555550123', content: 'Hi' };

describe('APIPromise: what every single-result method returns', () => {
  it('is a real Promise: then, catch and finally, typed', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/messages/AC0001', 200, { data: datedMessage });
    const pending = client.messages.get('AC0001');
    expect(pending).toBeInstanceOf(Promise);
    expect(pending).toBeInstanceOf(APIPromise);
    expectTypeOf(pending).toEqualTypeOf<APIPromise<Message>>();
    expectTypeOf(pending.catch(() => null)).toEqualTypeOf<Promise<Message | null>>();
    let settled = false;
    const found = await pending.finally(() => (settled = true));
    expect(found).toEqual(datedMessage);
    expect(settled).toBe(true);

    const caught = await client.messages.get('not-an-id').catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ValidationError);
  });

  it('sends without being awaited, as an async function would', async () => {
    const { client, requests, reply } = apiClient();
    reply('DELETE', `/contacts/${contact.id}`, 204);
    const pending = client.contacts.delete(contact.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(1);
    await pending;
  });

  it('withResponse() gives the data, the response and the trace id the body carries', async () => {
    const { client, reply } = apiClient();
    reply('POST', '/v1/messages', 202, { data: message, trace: '6897907457496870895' });
    const result = await client.messages.send(sendParams).withResponse();
    expectTypeOf(result).toEqualTypeOf<WithResponse<SentMessage>>();
    expect(result.data).toEqual(message);
    expect(result.response.status).toBe(202);
    expect(result.response.headers.get('content-type')).toMatch(/json/);
    expect(result.trace).toBe('6897907457496870895');
  });

  it('withResponse() on a 204 has no data and the response', async () => {
    const { client, reply } = apiClient();
    reply('DELETE', `/contacts/${contact.id}`, 204);
    const { data, response, trace } = await client.contacts.delete(contact.id).withResponse();
    expectTypeOf(data).toEqualTypeOf<void>();
    expect([data, response.status, trace]).toEqual([undefined, 204, undefined]);
  });

  it('asResponse() gives the response with its body unread', async () => {
    const { client, reply } = apiClient();
    reply('GET', `/contacts/${contact.id}`, 200, { data: contact });
    const response = await client.contacts.get(contact.id).asResponse();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ data: contact });
  });

  it('asResponse() still rejects an error status with the typed error, naming the operation', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/messages/AC0404', 404, { message: 'Message not found', code: '0401404' });
    const error = await rejection(client.messages.get('AC0404').asResponse());
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).operation).toMatchObject({ operationId: 'getMessageById' });
  });

  it('a validation failure rejects withResponse() and asResponse() too, before any request', async () => {
    const { client, requests } = apiClient();
    expect(await rejection(client.messages.get('PN1').withResponse())).toBeInstanceOf(ValidationError);
    expect(await rejection(client.messages.get('PN1').asResponse())).toBeInstanceOf(ValidationError);
    expect(requests).toEqual([]);
  });
});

describe('a 2xx without the data the spec promises', () => {
  it('a 202 {} from messages.send is a typed error saying the message may have been sent, never undefined', async () => {
    const { client, reply } = apiClient();
    reply('POST', '/v1/messages', 202, {});
    const error = await rejection(client.messages.send(sendParams));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 202, mayHaveBeenProcessed: true, operation: { operationId: 'sendMessage_v1' } });
    expect((error as Error).message).toMatch(/answered 202 without the `data`.*may have been processed.*check before sending it again/);
  });

  it('the same body from a GET is a typed error that nothing was changed by', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/messages/AC0001', 200, { data: null });
    const error = await rejection(client.messages.get('AC0001'));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, mayHaveBeenProcessed: false });
  });

  it('a list page without its data list is a typed error', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { nextPageToken: null });
    const error = await rejection(client.v1.messages.list(listParams));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/GET \/v1\/messages: the API answered 200 without the `data` list/);
  });

  it('asResponse() hands over the 202 as it came, for callers who read it themselves', async () => {
    const { client, reply } = apiClient();
    reply('POST', '/v1/messages', 202, {});
    const response = await client.messages.send(sendParams).asResponse();
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({});
  });
});

describe('messages.send types its result by includeEstimate', () => {
  it('is the message, the message with its estimate, or either when the options are not literal', () => {
    const { client } = apiClient();
    const options: SendMessageOptions = { includeEstimate: true };
    // Type-level only: never called.
    const sends = () => ({
      plain: client.messages.send(sendParams),
      guarded: client.messages.send(sendParams, { maxSegments: 1 }),
      literal: client.messages.send(sendParams, { includeEstimate: true }),
      declined: client.messages.send(sendParams, { includeEstimate: false }),
      variable: client.messages.send(sendParams, options),
    });
    expectTypeOf<ReturnType<typeof sends>['plain']>().toEqualTypeOf<APIPromise<SentMessage>>();
    expectTypeOf<ReturnType<typeof sends>['guarded']>().toEqualTypeOf<APIPromise<SentMessage>>();
    expectTypeOf<ReturnType<typeof sends>['literal']>().toEqualTypeOf<APIPromise<SentMessageWithEstimate>>();
    expectTypeOf<ReturnType<typeof sends>['declined']>().toEqualTypeOf<APIPromise<SentMessage>>();
    expectTypeOf<ReturnType<typeof sends>['variable']>().toEqualTypeOf<APIPromise<SentMessage | SentMessageWithEstimate>>();
  });

  it('resolves a variable holding includeEstimate: true to the message with its estimate', async () => {
    const { client, reply } = apiClient();
    reply('POST', '/v1/messages', 202, { data: message });
    const options: SendMessageOptions = { includeEstimate: true };
    const result = await client.messages.send(sendParams, options);
    expect('estimate' in result && result.estimate.total).toEqual({ micros: 10_000, usd: '0.01' });
  });
});

describe('PagePromise: what every list method returns', () => {
  it('is a real Promise of the first page, with catch and finally, and fetches nothing until used', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(2), nextPageToken: null });
    const pending = client.v1.messages.list(listParams);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
    expect(pending instanceof Promise).toBe(true);
    expectTypeOf(pending).toEqualTypeOf<PagePromise<SentMessage>>();
    expectTypeOf(pending.catch(() => null)).toEqualTypeOf<Promise<Page<SentMessage> | null>>();
    let settled = false;
    const page = await pending.finally(() => (settled = true));
    expect(page.data).toHaveLength(2);
    expect(settled).toBe(true);
    const caught = await client.v1.messages.list({ ...listParams, participants: 'nope' }).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(ValidationError);
  });

  it('each page exposes its response; withResponse() gives the first page with it', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/messages', 200, { data: messages(1, 0), nextPageToken: 'p2' });
    reply('GET', '/v1/messages', 200, { data: messages(1, 1), nextPageToken: null });
    const { data: page, response } = await client.v1.messages.list(listParams).withResponse();
    // Compared by identity: printing a Response whose body was read fails in the matcher.
    expect(page.response === response).toBe(true);
    expect(response.status).toBe(200);
    const next = await page.nextPage();
    expect(next!.response instanceof Response && next!.response !== response).toBe(true);
  });

  it('asResponse() gives the first page response', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/phone-numbers', 200, { data: [], nextCursor: null });
    expect((await client.phoneNumbers.list().asResponse()).status).toBe(200);
  });
});
