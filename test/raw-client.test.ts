import nock from 'nock';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { paths as DatedPaths } from '../generated/2026-03-30.js';
import { surfaces } from '../generated/operations.js';
import { OpenPhone, ValidationError } from '../src/index.js';
import { sharedOperations } from '../src/internal/surfaces.js';
import { OperationMatcher } from '../src/internal/transport/operations.js';
import { interceptApi } from './helpers/nock-api.js';

const API = 'https://api.quo.com';
const V1_ONLY_HOST = 'https://api.openphone.com';
const dated = surfaces.v2026_03_30;
const VERSION = dated.operations.listUsers.fixedHeaders['Quo-Api-Version'];
const KEY = 'test-key-raw-client-0123456789';

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** Replies with `status`/`payload` and records exactly what reached the server. */
function record(scope: nock.Interceptor, status: number, payload?: unknown): Promise<Recorded> {
  return new Promise((resolve) => {
    scope.reply(function (uri, body) {
      resolve({ method: this.req.method, path: uri, headers: { ...this.req.headers }, body });
      return payload === undefined ? [status] : [status, payload];
    });
  });
}

interceptApi();
afterEach(() => vi.unstubAllEnvs());

describe('raw client', () => {
  it('sends a GET with array query parameters exploded and + percent-encoded', async () => {
    const client = new OpenPhone({ apiKey: KEY });
    const seen = record(nock(API).get(/^\/v1\/messages/), 200, { data: [], nextPageToken: null, totalItems: 0 });
    const { data, error, response } = await client.raw.GET('/v1/messages', {
      params: {
        query: {
          phoneNumberId: 'PN123abc',
          participants: ['+15555550100', '+15555550101'],
          maxResults: 10,
        },
      },
    });
    const request = await seen;
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ data: [], nextPageToken: null, totalItems: 0 });
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/v1/messages?phoneNumberId=PN123abc&participants=%2B15555550100&participants=%2B15555550101&maxResults=10');
    expect(request.headers.authorization).toBe(KEY);
  });

  it('sends a POST with a JSON body', async () => {
    const client = new OpenPhone({ apiKey: KEY });
    const message = {
      id: 'AC123',
      to: ['+15555550100'],
      from: '+15555550199',
      text: 'Hello',
      phoneNumberId: 'PN123abc',
      direction: 'outgoing',
      userId: 'US123',
      status: 'queued',
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-01-01T00:00:00Z',
    };
    const seen = record(nock(API).post('/v1/messages'), 202, { data: message });
    const { data } = await client.raw.POST('/v1/messages', {
      body: { from: '+15555550199', to: ['+15555550100'], content: 'Hello' },
    });
    const request = await seen;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ from: '+15555550199', to: ['+15555550100'], content: 'Hello' });
    expect(data?.data.id).toBe('AC123');
  });

  it('resolves a DELETE answered 204 with no data', async () => {
    const client = new OpenPhone({ apiKey: KEY });
    const seen = record(nock(API).delete('/v1/contacts/abc123'), 204);
    const { data, error, response } = await client.raw.DELETE('/v1/contacts/{id}', {
      params: { path: { id: 'abc123' } },
    });
    expect((await seen).method).toBe('DELETE');
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it('puts the API key in Authorization only, raw, never as Bearer', async () => {
    const client = new OpenPhone({ apiKey: KEY });
    const seen = record(nock(API).post('/v1/contacts'), 201, { data: {} });
    await client.raw.POST('/v1/contacts', { body: { defaultFields: { firstName: 'Ada' } } });
    const request = await seen;
    expect(request.headers.authorization).toBe(KEY);
    const elsewhere = { ...request.headers, authorization: undefined };
    expect(JSON.stringify(elsewhere)).not.toContain(KEY);
    expect(request.path).not.toContain(KEY);
    expect(JSON.stringify(request.body)).not.toContain(KEY);
    expect(String(request.headers.authorization)).not.toMatch(/bearer/i);
  });

  it('keeps openapi-fetch’s contract: HTTP errors resolve with `error`, they do not throw', async () => {
    const client = new OpenPhone({ apiKey: KEY });
    nock(API).get('/v1/messages/AC404').reply(404, { message: 'Message not found', code: '0200404', status: 404, docs: 'https://openphone.com/docs', title: 'Not Found' });
    const { data, error, response } = await client.raw.GET('/v1/messages/{id}', { params: { path: { id: 'AC404' } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ code: '0200404', title: 'Not Found' });
  });

  it('reads the key from OPENPHONE_API_KEY and honours a custom base URL', async () => {
    vi.stubEnv('OPENPHONE_API_KEY', 'env-key-abcdef');
    const client = new OpenPhone({ baseUrl: `${V1_ONLY_HOST}/` });
    expect(client.baseUrl).toBe(V1_ONLY_HOST);
    const seen = record(nock(V1_ONLY_HOST).get('/v1/phone-numbers'), 200, { data: [] });
    await client.raw.GET('/v1/phone-numbers');
    expect((await seen).headers.authorization).toBe('env-key-abcdef');
  });
});

const user = {
  id: 'US123abc',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  pictureUrl: null,
  role: 'owner',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('raw client over both surfaces', () => {
  it("defaults to the host that serves every surface, the dated spec's server", () => {
    expect(new OpenPhone({ apiKey: KEY }).baseUrl).toBe(dated.spec.serverUrl);
    expect(dated.spec.serverUrl).toBe('https://api.quo.com');
  });

  it("sends the spec's Quo-Api-Version on a dated call that passes no header, typed by the dated spec", async () => {
    const client = new OpenPhone({ apiKey: KEY });
    const seen = record(nock(API).get('/users').query(true), 200, { data: [user], nextCursor: null });
    const { data } = await client.raw.GET('/users', { params: { query: { limit: 5 } } });
    expectTypeOf(data!.nextCursor).toEqualTypeOf<string | null>();
    expectTypeOf(data!.data[0]!.email).toEqualTypeOf<string>();
    const request = await seen;
    expect(request.path).toBe('/users?limit=5');
    expect(request.headers['quo-api-version']).toBe(VERSION);
    expect(request.headers.authorization).toBe(KEY);
  });

  it('types dated calls without `params.header`: the generated types ask for no header', () => {
    for (const op of Object.values(dated.operations)) expect(Object.keys(op.fixedHeaders), op.operationId).toEqual(['Quo-Api-Version']);
    expectTypeOf<DatedPaths['/users']['get']['parameters']['header']>().toEqualTypeOf<undefined>();
    expectTypeOf<DatedPaths['/webhooks/{webhookId}']['patch']['parameters']['header']>().toEqualTypeOf<undefined>();
    const client = new OpenPhone({ apiKey: KEY, fetch: () => Promise.reject(new Error('never sent')) });
    const calls = [
      () => client.raw.GET('/webhooks'),
      // @ts-expect-error The client sets the version header; callers cannot pass one.
      () => client.raw.GET('/webhooks', { params: { header: { 'Quo-Api-Version': '2026-03-30' } } }),
    ];
    expect(calls).toHaveLength(2);
  });

  it('sends no Quo-Api-Version on v1 calls', async () => {
    const client = new OpenPhone({ apiKey: KEY });
    const seen = record(nock(API).get('/v1/phone-numbers'), 200, { data: [] });
    await client.raw.GET('/v1/phone-numbers');
    expect((await seen).headers['quo-api-version']).toBeUndefined();
  });

  it('refuses a dated call on api.openphone.com before sending it, naming the host to use', async () => {
    const fetch = vi.fn<(request: Request) => Promise<Response>>();
    const client = new OpenPhone({ apiKey: KEY, baseUrl: V1_ONLY_HOST, fetch });
    const error = await client.raw.GET('/users').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ field: 'baseUrl', value: V1_ONLY_HOST, rule: 'surface' });
    expect(String(error)).toMatch(/listUsers \(GET \/users\) is part of the 2026-03-30 API, which api\.openphone\.com does not serve .*use https:\/\/api\.quo\.com/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('names the dated operation in the typed error of a dated call', async () => {
    const client = new OpenPhone({ apiKey: KEY, maxRetries: 0 });
    nock(API).get('/webhooks/123').reply(404, { title: 'Not Found', message: 'Webhook not found', docs: 'https://www.quo.com/docs', errors: [] });
    const error = await client.raw.GET('/webhooks/{webhookId}', { params: { path: { webhookId: '123' } } }).then((result) => {
      try {
        client.unwrap(result);
      } catch (caught) {
        return caught;
      }
      return undefined;
    });
    expect(error).toMatchObject({ status: 404, operation: { operationId: 'getHeaderVersionedWebhookById', path: '/webhooks/{webhookId}' } });
  });
});

describe('matching request paths to operations', () => {
  const operations = Object.values(surfaces).flatMap((surface) => Object.values(surface.operations));

  it('matches the whole path: a dated template never takes a v1 path, nor the reverse', () => {
    const matcher = new OperationMatcher(operations);
    expect(matcher.match('GET', '/v1/webhooks/WH1').operationId).toBe('getWebhookById_v1');
    expect(matcher.match('GET', '/webhooks/123').operationId).toBe('getHeaderVersionedWebhookById');
    expect(matcher.match('GET', '/v2/webhooks/123').operationId).toBeUndefined();
    expect(matcher.match('GET', '/v1/webhooks/WH1/extra').operationId).toBeUndefined();
    expect(matcher.match('POST', '/v1/webhooks/messages').operationId).toBe('createMessageWebhook_v1');
  });

  it("allows the base URL's own path before the template, and only that", async () => {
    const client = new OpenPhone({ apiKey: KEY, baseUrl: 'https://proxy.example.com/openphone/', maxRetries: 0 });
    const operationIdOf = async (result: Promise<unknown>) => {
      const error = await result.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      return (error as { operation?: { operationId?: string } }).operation?.operationId;
    };
    nock('https://proxy.example.com').get(/.*/).times(3).reply(404, {});
    expect(await operationIdOf(client.raw.GET('/v1/webhooks/{id}', { params: { path: { id: 'WH1' } } }).then((result) => client.unwrap(result)))).toBe('getWebhookById_v1');
    expect(await operationIdOf(client.raw.GET('/webhooks/{webhookId}', { params: { path: { webhookId: '123' } } }).then((result) => client.unwrap(result)))).toBe('getHeaderVersionedWebhookById');
    // Under the base path, a path that is a template only after a further prefix is no operation.
    expect(await operationIdOf(client.get('/elsewhere/v1/webhooks/WH1'))).toBeUndefined();
  });

  it('routes a client with a path in its base URL, sending the header there too', async () => {
    const client = new OpenPhone({ apiKey: KEY, baseUrl: 'https://proxy.example.com/quo' });
    const seen = record(nock('https://proxy.example.com').get('/quo/users/US1'), 200, { data: user });
    await client.raw.GET('/users/{userId}', { params: { path: { userId: 'US1' } } });
    expect((await seen).headers['quo-api-version']).toBe(VERSION);
  });
});

describe('who works out the operation', () => {
  it('a resource method names it, so its URL is never matched; a raw call is matched; every client shares one index', async () => {
    const lookup = vi.spyOn(OperationMatcher.prototype, 'lookup');
    try {
      const first = new OpenPhone({ apiKey: KEY, rateLimit: false });
      const second = new OpenPhone({ apiKey: `${KEY}-2`, rateLimit: false });
      const seen = record(nock(API).get('/users/US1'), 200, { data: user });
      await first.users.get('US1');
      expect((await seen).headers['quo-api-version']).toBe(VERSION);
      expect(lookup).not.toHaveBeenCalled();
      nock(API).get('/users/US1').reply(200, { data: user });
      await second.raw.GET('/users/{userId}', { params: { path: { userId: 'US1' } } });
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(lookup.mock.contexts[0]).toBe(sharedOperations());
    } finally {
      lookup.mockRestore();
    }
  });
});

describe('construction', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('fails at once when the key is %s', (_label, apiKey) => {
    vi.stubEnv('OPENPHONE_API_KEY', undefined);
    const build = () => new OpenPhone(apiKey === undefined ? {} : { apiKey });
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(/OPENPHONE_API_KEY/);
  });

  it('refuses a Bearer-prefixed key without echoing it', () => {
    let error: unknown;
    try {
      new OpenPhone({ apiKey: 'Bearer secret-value-123' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ field: 'apiKey', rule: 'format' });
    expect(JSON.stringify(error)).not.toContain('secret-value-123');
    expect(String(error)).not.toContain('secret-value-123');
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => new OpenPhone({ apiKey: KEY, baseUrl: 'ftp://example.com' })).toThrow(/baseUrl: .*http or https/);
    expect(() => new OpenPhone({ apiKey: KEY, baseUrl: 'not a url' })).toThrow(/is not a URL/);
  });

  it('never shows the key when the client is inspected or serialised', async () => {
    const { inspect } = await import('node:util');
    const client = new OpenPhone({ apiKey: KEY });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(client)).not.toContain(KEY);
  });
});
