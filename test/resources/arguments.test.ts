/**
 * Resource methods given arguments a JavaScript caller can pass despite the
 * types: every one is refused with a ValidationError naming the argument or
 * field, as a rejection of the returned promise, before any request.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';
import { withThrowingGetter } from '../helpers/throwing-getter.js';
import { message } from '../fixtures/models.js';

interceptApi();

/** The issues of the ValidationError `call` rejects with; fails if it throws synchronously or rejects with anything else. */
async function issuesOf(call: () => PromiseLike<unknown>): Promise<unknown> {
  const error = await rejection(call());
  expect(error, String(error)).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}

describe('list parameters that are not an object', () => {
  it.each([null, 'PN1', 3, [['+15555550123']]])('%j is a rejection naming the parameters', async (params) => {
    const { client, requests } = apiClient();
    for (const list of [
      () => client.messages.list(params as never),
      () => client.calls.list(params as never),
      () => client.contacts.list(params as never),
      () => client.conversations.list(params as never),
      () => client.phoneNumbers.list(params as never),
      () => client.legacyWebhooks.list(params as never),
      () => client.users.list(params as never),
    ]) {
      expect(await issuesOf(list)).toEqual([expect.objectContaining({ field: 'params', value: params, rule: 'type' })]);
    }
    expect(await issuesOf(() => client.webhooks.deliveries('WH1', params as never))).toEqual([expect.objectContaining({ field: 'params', value: params, rule: 'type' })]);
    expect(requests).toEqual([]);
  });

  it('left out, are the required filters the spec names', async () => {
    const { client, requests } = apiClient();
    expect(await issuesOf(() => client.v1.messages.list(undefined as never))).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'phoneNumberId', rule: 'required' })]));
    expect(requests).toEqual([]);
  });

  it('with a getter that throws, name the field', async () => {
    const { client, requests } = apiClient();
    expect(await issuesOf(() => client.messages.list(withThrowingGetter('from', { phoneNumberId: 'PN1' }) as never))).toEqual([expect.objectContaining({ field: 'from', rule: 'readable' })]);
    expect(await issuesOf(() => client.users.list(withThrowingGetter('limit')))).toEqual([expect.objectContaining({ field: 'limit', rule: 'readable' })]);
    expect(requests).toEqual([]);
  });
});

describe('call options', () => {
  it.each([null, 'fast', 5])('that are not an object (%j) are a rejection naming options', async (options) => {
    const { client, requests } = apiClient();
    for (const call of [
      () => client.contacts.get('CT1', options as never),
      () => client.contacts.customFields(options as never),
      () => client.webhooks.list(options as never),
      () => client.messages.send({ from: 'PN1', to: '+15555550123', content: 'hi' }, options as never),
    ]) {
      expect(await issuesOf(call)).toEqual([expect.objectContaining({ field: 'options', value: options, rule: 'type' })]);
    }
    expect(requests).toEqual([]);
  });

  it('with a getter that throws name the option', async () => {
    const { client, requests } = apiClient();
    expect(await issuesOf(() => client.contacts.delete('CT1', withThrowingGetter('timeout')))).toEqual([expect.objectContaining({ field: 'timeout', rule: 'readable' })]);
    expect(await issuesOf(() => client.phoneNumbers.list({}, withThrowingGetter('maxItems')))).toEqual([expect.objectContaining({ field: 'maxItems', rule: 'readable' })]);
    expect(await issuesOf(() => client.messages.send({ from: 'PN1', to: '+15555550123', content: 'hi' }, withThrowingGetter('maxSegments')))).toEqual([
      expect.objectContaining({ field: 'maxSegments', rule: 'readable' }),
    ]);
    expect(requests).toEqual([]);
  });

  it('that a method does not take are refused by name, without being read, with the nearest known name', async () => {
    const { client, requests } = apiClient();
    expect(await issuesOf(() => client.contacts.delete('CT1', withThrowingGetter('unrelated') as never))).toEqual([expect.objectContaining({ field: 'unrelated', rule: 'unknown' })]);
    expect(await issuesOf(() => client.contacts.delete('CT1', { timout: 5 } as never))).toEqual([
      expect.objectContaining({ field: 'timout', rule: 'unknown', message: 'unknown option `timout`: did you mean `timeout`?' }),
    ]);
    expect(await issuesOf(() => client.contacts.list({ externalIds: ['e1'] }, { maxItem: 5 } as never))).toEqual([
      expect.objectContaining({ field: 'maxItem', message: 'unknown option `maxItem`: did you mean `maxItems`?' }),
    ]);
    expect(await issuesOf(() => client.messages.send({ from: '+15555550100', to: '+15555550123', content: 'x' }, { maxCost: 1 } as never))).toEqual([
      expect.objectContaining({ field: 'maxCost', message: 'unknown option `maxCost`: did you mean `maxCostUsd`?' }),
    ]);
    expect(requests).toEqual([]);
  });

  it("that only some methods take are accepted where they are: send's guard beside the options every call takes", async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/v1/messages', 202, { data: message });
    await client.messages.send({ from: '+15555550100', to: '+15555550123', content: 'x' }, { maxSegments: 1, timeout: 5_000 });
    expect(requests).toHaveLength(1);
  });
});

describe('request bodies', () => {
  it('missing or null are a rejection naming the body', async () => {
    const { client, requests } = apiClient();
    expect(await issuesOf(() => client.contacts.create(undefined as never))).toEqual([expect.objectContaining({ field: 'body', rule: 'required' })]);
    expect(await issuesOf(() => client.contacts.create(null as never))).toEqual([expect.objectContaining({ field: 'params', value: null, rule: 'type' })]);
    expect(await issuesOf(() => client.messages.send(null as never))).toEqual([expect.objectContaining({ field: 'params', value: null, rule: 'type' })]);
    expect(requests).toEqual([]);
  });

  it('left out of a send, are the fields a send requires', async () => {
    const { client, requests } = apiClient();
    const fields = ((await issuesOf(() => client.messages.send(undefined as never))) as { field: string }[]).map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['content', 'from', 'to']));
    expect(requests).toEqual([]);
  });

  it('that cannot be read as JSON are a rejection naming the body, never half sent', async () => {
    const { client, requests } = apiClient();
    const withGetter = withThrowingGetter('externalId', { firstName: 'Ada' });
    // A field read from the params object names the field; one deeper is read as the body is serialized.
    expect(await issuesOf(() => client.contacts.create(withGetter as never))).toEqual([expect.objectContaining({ field: 'externalId', rule: 'readable' })]);
    const deep = { emails: [withThrowingGetter('value', { name: 'work' })] };
    expect(await issuesOf(() => client.contacts.update('CT1', deep as never))).toEqual([expect.objectContaining({ field: 'body', rule: 'json' })]);
    expect(await issuesOf(() => client.webhooks.create({ url: 'https://example.com/hook', events: ['message.received'], label: 10n } as never))).toEqual([
      expect.objectContaining({ field: 'body', rule: 'json', message: expect.stringMatching(/BigInt/) }),
    ]);
    expect(await issuesOf(() => client.messages.send(withThrowingGetter('content', { from: 'PN1', to: '+15555550123' }) as never))).toEqual([
      expect.objectContaining({ field: 'content', rule: 'readable' }),
    ]);
    expect(requests).toEqual([]);
  });

  it('are sent as they were validated, each getter read once', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/contacts', 201, { data: { id: 'CT1' } });
    let reads = 0;
    const contact = {
      get phoneNumbers() {
        reads++;
        return reads === 1 ? [{ name: 'mobile', value: '+15555550123' }] : [{ name: 'mobile', value: 'changed after validation' }];
      },
    };
    await client.contacts.create(contact as never).catch(() => undefined);
    expect(reads).toBe(1);
    expect(requests[0]!.body).toEqual({ phoneNumbers: [{ name: 'mobile', value: '+15555550123' }] });
  });
});
