/**
 * One of the workspace's numbers in E.164 where a `phoneNumberId` is asked,
 * against a loopback API whose `GET /phone-numbers` lists numbers the test
 * can add to. Every request is recorded, so what is looked up and what is
 * sent can be told apart.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { operations as v1Operations } from '../../generated/v1.operations.js';
import { OpenPhone, ValidationError } from '../../src/index.js';
import { withPhoneNumberIds } from '../../src/resources/phone-number-ids.js';
import { datedPhoneNumber, phoneNumber } from '../fixtures/models.js';

const MAIN = '+15555550100';
const ADDED = '+15555550200';
const NOT_OURS = '+15555550999';
const PARTICIPANT = '+15555550111';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function fakeApi(options: { readonly stallPhoneNumbers?: boolean } = {}) {
  const numbers = new Map([[MAIN, 'PN0001']]);
  const requests: URL[] = [];
  server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    requests.push(url);
    request.resume();
    request.on('end', () => {
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/phone-numbers') {
        if (options.stallPhoneNumbers) return; // never answered
        return json(200, { data: [...numbers].map(([number, id]) => ({ ...datedPhoneNumber, id, number })), nextCursor: null });
      }
      if (url.pathname.startsWith('/v1/phone-numbers/')) return json(200, { data: { ...phoneNumber, id: url.pathname.split('/').pop() } });
      if (url.pathname === '/v1/messages' || url.pathname === '/v1/calls') return json(200, { data: [], nextPageToken: null });
      json(404, { message: 'not found' });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new OpenPhone({ apiKey: 'test-key-phone-number-ids', baseUrl, timeout: 2_000, maxRetries: 0 });
  const sent = (pathname: string) => requests.filter((url) => url.pathname === pathname);
  return { client, numbers, requests, sent, lookups: () => sent('/phone-numbers').length };
}

const listMessages = (client: OpenPhone, phoneNumberId: string, options = {}) => client.v1.messages.list({ phoneNumberId, participants: PARTICIPANT }, options);

describe('a workspace number where a phoneNumberId is asked', () => {
  it('is sent as its PN id, after one phone-numbers request', async () => {
    const { client, requests, sent } = await fakeApi();
    await listMessages(client, MAIN);
    expect(requests.map((url) => url.pathname)).toEqual(['/phone-numbers', '/v1/messages']);
    expect(sent('/v1/messages')[0]!.searchParams.get('phoneNumberId')).toBe('PN0001');
  });

  it('is looked up once per client: later calls, other methods and withOptions clients of the key use the cache', async () => {
    const { client, sent, lookups } = await fakeApi();
    await listMessages(client, MAIN);
    await listMessages(client, MAIN);
    await client.v1.calls.list({ phoneNumberId: MAIN, participants: PARTICIPANT });
    await listMessages(client.withOptions({ timeout: 1_000 }), MAIN);
    expect(lookups()).toBe(1);
    expect(sent('/v1/calls')[0]!.searchParams.get('phoneNumberId')).toBe('PN0001');
    expect(sent('/v1/messages').map((url) => url.searchParams.get('phoneNumberId'))).toEqual(['PN0001', 'PN0001', 'PN0001']);
    // Another key is another workspace: its numbers are its own.
    await listMessages(client.withOptions({ apiKey: 'another-key' }), MAIN);
    expect(lookups()).toBe(2);
  });

  it('given by calls at the same time is looked up once for all of them', async () => {
    const { client, sent, lookups } = await fakeApi();
    await Promise.all([listMessages(client, MAIN), client.v1.calls.list({ phoneNumberId: MAIN, participants: PARTICIPANT }), listMessages(client, MAIN)]);
    expect(lookups()).toBe(1);
    expect([...sent('/v1/messages'), ...sent('/v1/calls')].map((url) => url.searchParams.get('phoneNumberId'))).toEqual(['PN0001', 'PN0001', 'PN0001']);
  });

  it('added after the first lookup is found by listing the numbers again', async () => {
    const { client, numbers, sent, lookups } = await fakeApi();
    await listMessages(client, MAIN);
    numbers.set(ADDED, 'PN0002');
    await listMessages(client, ADDED);
    expect(lookups()).toBe(2);
    expect(sent('/v1/messages').map((url) => url.searchParams.get('phoneNumberId'))).toEqual(['PN0001', 'PN0002']);
  });

  it('that is not one of the workspace numbers is a ValidationError naming the field, and the call is never sent', async () => {
    const { client, sent, lookups } = await fakeApi();
    await listMessages(client, MAIN);
    const error = await listMessages(client, NOT_OURS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((issue) => [issue.field, issue.value, issue.rule])).toEqual([['phoneNumberId', NOT_OURS, 'workspaceNumber']]);
    expect(issues[0]!.message).toContain("is not one of the workspace's phone numbers");
    expect(issues[0]!.message).toContain('phoneNumbers.list()');
    // Listed again once, in case it was added since; the messages request itself never went out.
    expect(lookups()).toBe(2);
    expect(sent('/v1/messages')).toHaveLength(1);
  });

  it('as a PN id is sent as it is, without any lookup', async () => {
    const { client, requests, sent } = await fakeApi();
    await listMessages(client, 'PN0001');
    await client.v1.calls.list({ phoneNumberId: 'PN0009', participants: PARTICIPANT });
    expect(requests.map((url) => url.pathname)).toEqual(['/v1/messages', '/v1/calls']);
    expect(sent('/v1/calls')[0]!.searchParams.get('phoneNumberId')).toBe('PN0009');
  });

  it('in a path is resolved too', async () => {
    const { client, requests } = await fakeApi();
    expect((await client.v1.phoneNumbers.get(MAIN)).id).toBe('PN0001');
    expect(requests.map((url) => url.pathname)).toEqual(['/phone-numbers', '/v1/phone-numbers/PN0001']);
  });

  it("is looked up within the call's timeout and signal", async () => {
    const { client, sent } = await fakeApi({ stallPhoneNumbers: true });
    await expect(listMessages(client, MAIN, { timeout: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
    const controller = new AbortController();
    const aborted = listMessages(client, MAIN, { signal: controller.signal }).catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(), 50);
    expect(await aborted).toMatchObject({ name: expect.stringMatching(/Abort/) });
    expect(sent('/v1/messages')).toEqual([]);
  });

  it('is the same for every field of every operation the table gives a phone number id, lists included', async () => {
    const table = { ...v1Operations, ...datedOperations } as const;
    const cases = Object.values(table).flatMap((operation) => {
      const parameters = operation.parameters
        .filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
        .filter((parameter) => parameter.name === 'phoneNumberId' || parameter.name.startsWith('phoneNumberId['))
        .map((parameter) => ({ operation, location: parameter.in as 'path' | 'query', name: parameter.name, list: 'type' in parameter.schema && parameter.schema.type === 'array' }));
      const body = operation.requestBody?.schema && 'properties' in operation.requestBody.schema ? operation.requestBody.schema.properties : {};
      const bodyFields = 'phoneNumberId' in (body ?? {}) ? [{ operation, location: 'body' as const, name: 'phoneNumberId', list: false }] : [];
      return [...parameters, ...bodyFields];
    });
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.some((entry) => entry.list)).toBe(true);
    const idsOf = async (numbers: readonly string[]) => new Map(numbers.filter((number) => number === MAIN).map((number) => [number, 'PN0001']));
    for (const { operation, location, name, list } of cases) {
      const request = { [location]: { [name]: list ? [MAIN, 'PN0007'] : MAIN } };
      const resolved = await withPhoneNumberIds(operation as never, request, idsOf);
      expect([operation.operationId, resolved[location]]).toEqual([operation.operationId, { [name]: list ? ['PN0001', 'PN0007'] : 'PN0001' }]);
      const refused = await withPhoneNumberIds(operation as never, { [location]: { [name]: list ? ['PN0007', NOT_OURS] : NOT_OURS } }, idsOf).catch((caught: unknown) => caught);
      expect((refused as ValidationError).issues.map((issue) => issue.field)).toEqual([list ? `${name}[1]` : name]);
    }
  });
});
