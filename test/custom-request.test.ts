import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { surfaces } from '../generated/operations.js';
import { AuthenticationError, InternalServerError, NotFoundError, OpenPhone, TimeoutError, UnprocessableEntityError, ValidationError, type OpenPhoneOptions, type RetryEvent } from '../src/index.js';

const KEY = 'custom-request-key-0123456789';
/** The version every dated operation of the committed spec fixes, read from the table rather than written here. */
const VERSION = Object.values(surfaces.v2026_03_30.operations)
  .map((op) => (op as { fixedHeaders?: Record<string, string> }).fixedHeaders?.['Quo-Api-Version'])
  .find((value) => value !== undefined)!;

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

type Answer = (seen: Seen, response: ServerResponse) => void;

let url: string;
let seen: Seen[] = [];
let answers: Answer[] = [];
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_seen, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const record = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString() };
    seen.push(record);
    (answers.shift() ?? json(200, { data: { echoed: true } }))(record, response);
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
  answers = [];
});

let keys = 0;
const client = (options: OpenPhoneOptions = {}) => new OpenPhone({ apiKey: `${KEY}-${++keys}`, baseUrl: url, rateLimit: false, ...options });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => error,
  );
}

describe('client.get/post/put/patch/delete and client.request', () => {
  it('send the raw key, the query and the JSON body, and resolve to the body as sent', async () => {
    const sdk = client({ apiKey: KEY });
    answers.push(json(200, { data: [{ id: 'TK1' }], nextCursor: null }));
    await expect(sdk.get('/tasks', { query: { limit: 5, status: ['open', 'done'], createdAt: new Date('2026-01-02T03:04:05Z'), skipped: undefined } })).resolves.toEqual({
      data: [{ id: 'TK1' }],
      nextCursor: null,
    });
    expect(seen[0]!.headers.authorization).toBe(KEY);
    expect(seen[0]!.url).toBe('/tasks?limit=5&status=open&status=done&createdAt=2026-01-02T03%3A04%3A05.000Z');

    answers.push(json(201, { data: { id: 'TK2' } }));
    await expect(sdk.post('/tasks', { body: { title: 'Call back' } })).resolves.toEqual({ data: { id: 'TK2' } });
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/tasks', body: '{"title":"Call back"}' });
    expect(seen[1]!.headers['content-type']).toBe('application/json');
  });

  it('every verb goes out as itself, and a 204 resolves to undefined', async () => {
    const sdk = client();
    for (let i = 0; i < 3; i++) answers.push((_seen, response) => response.writeHead(204).end());
    await expect(sdk.put('/v1/things/T1', { body: { a: 1 } })).resolves.toBeUndefined();
    await expect(sdk.patch('/v1/things/T1', { body: { a: 2 } })).resolves.toBeUndefined();
    await expect(sdk.delete('/v1/things/T1')).resolves.toBeUndefined();
    await sdk.request({ method: 'GET', path: '/v1/things/T1' });
    expect(seen.map((request) => request.method)).toEqual(['PUT', 'PATCH', 'DELETE', 'GET']);
  });

  it('withResponse() gives the response and the trace, asResponse() the response', async () => {
    const sdk = client();
    answers.push(json(200, { data: { id: 'X' }, trace: 'tr-1' }, { 'x-extra': 'yes' }));
    const { data, response, trace } = await sdk.get('/anything').withResponse();
    expect(data).toEqual({ data: { id: 'X' }, trace: 'tr-1' });
    expect([response.status, response.headers.get('x-extra'), trace]).toEqual([200, 'yes', 'tr-1']);
    answers.push(json(200, { data: 1 }));
    const raw = await sdk.get('/anything').asResponse();
    await expect(raw.json()).resolves.toEqual({ data: 1 });
  });
});

describe('the API version header', () => {
  it("an unprefixed path gets the SDK's Quo-Api-Version by itself; a /v1 path gets none", async () => {
    const sdk = client();
    await sdk.get('/brand-new-resource');
    await sdk.get('/v1/brand-new-resource');
    expect(seen[0]!.headers['quo-api-version']).toBe(VERSION);
    expect(seen[1]!.headers['quo-api-version']).toBeUndefined();
  });

  it('the caller may choose another version on an unprefixed path, in any case of the name', async () => {
    const sdk = client();
    await sdk.get('/brand-new-resource', { headers: { 'quo-api-version': '2027-01-01', 'X-Trace-Me': '1' } });
    await sdk.request({ method: 'POST', path: '/users', body: {}, headers: { 'Quo-Api-Version': '2027-02-02' } });
    expect(seen.map((request) => request.headers['quo-api-version'])).toEqual(['2027-01-01', '2027-02-02']);
    expect(seen[0]!.headers['x-trace-me']).toBe('1');
  });

  it("is refused on a /v1 path, and everywhere else it was refused before (the client's headers, Authorization)", async () => {
    const sdk = client();
    const onV1 = await failure(sdk.get('/v1/contacts', { headers: { 'Quo-Api-Version': VERSION } }));
    expect(onV1).toBeInstanceOf(ValidationError);
    expect((onV1 as ValidationError).message).toMatch(/a \/v1 path takes none/);
    expect(await failure(sdk.get('/users', { headers: { Authorization: 'other-key' } }))).toBeInstanceOf(ValidationError);
    expect(() => client({ headers: { 'Quo-Api-Version': VERSION } })).toThrow(ValidationError);
    expect(seen).toEqual([]);
  });
});

describe('through the pipeline', () => {
  it('a GET answered 5xx is retried; a POST is not, and says it may have been processed', async () => {
    const events: RetryEvent[] = [];
    const sdk = client({ maxRetries: 1, onRetry: (event) => events.push(event) });
    answers.push(json(503, { message: 'busy' }, { 'retry-after': '0' }));
    await expect(sdk.get('/brand-new-resource')).resolves.toEqual({ data: { echoed: true } });
    expect(events.map((event) => [event.attempt, event.status, event.operation.path])).toEqual([[1, 503, '/brand-new-resource']]);

    answers.push(json(500, { message: 'oops' }));
    const error = await failure(sdk.post('/brand-new-resource', { body: { n: 1 } }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, mayHaveBeenProcessed: true, operation: { method: 'POST', path: '/brand-new-resource' } });
    expect(seen.map((request) => request.method)).toEqual(['GET', 'GET', 'POST']);
    expect(events).toHaveLength(1);
  });

  it('an attempt with no complete answer within the timeout fails with TimeoutError', async () => {
    answers.push(() => undefined);
    const error = await failure(client({ maxRetries: 0 }).get('/slow', { timeout: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50, operation: { method: 'GET', path: '/slow' } });
  });

  it("an error status is the typed error, with the API's message, code, trace and field errors", async () => {
    const sdk = client({ maxRetries: 0 });
    answers.push(json(401, { message: 'bad key' }));
    expect(await failure(sdk.get('/v1/new-thing'))).toBeInstanceOf(AuthenticationError);
    answers.push(json(404, { error: { message: 'no such thing', key: 'not_found', trace: 'tr-404' } }));
    const notFound = await failure(sdk.get('/v1/new-thing/N1'));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).toMatchObject({ status: 404, trace: 'tr-404', message: expect.stringContaining('no such thing') });
    answers.push(json(422, { title: 'Invalid', message: 'bad field', errors: [{ path: '/name', message: 'too long' }] }));
    const unprocessable = await failure(sdk.post('/tasks', { body: { name: 'x' } }));
    expect(unprocessable).toBeInstanceOf(UnprocessableEntityError);
    expect((unprocessable as UnprocessableEntityError).errors).toEqual([{ path: '/name', message: 'too long' }]);
  });

  it('a path the spec has is named by its operation in errors', async () => {
    const [operationId, op] = Object.entries(surfaces.v1.operations).find(([, candidate]) => candidate.method === 'get' && !candidate.path.includes('{'))!;
    answers.push(json(404, { message: 'gone' }));
    expect(await failure(client({ maxRetries: 0 }).get(op.path))).toMatchObject({ operation: { operationId, path: op.path } });
  });

  it('a dated path to a host that serves only v1 is refused before it is sent', async () => {
    const sdk = new OpenPhone({ apiKey: KEY, baseUrl: 'https://api.openphone.com', rateLimit: false });
    const error = await failure(sdk.get('/brand-new-resource'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/GET \/brand-new-resource is part of the/);
  });
});

describe('bad input is refused before anything is sent', () => {
  it.each([
    ['a path without a leading slash', (sdk: OpenPhone) => sdk.get('v1/contacts'), /must be a path starting with "\/"/],
    ['a query in the path', (sdk: OpenPhone) => sdk.get('/v1/contacts?x=1'), /pass query parameters as `query`/],
    ['dot segments', (sdk: OpenPhone) => sdk.get('/v1/../admin'), /not a plain path/],
    ['a body on a GET', (sdk: OpenPhone) => sdk.request({ method: 'GET', path: '/x', body: {} }), /a GET request has no body/],
    ['an unknown method', (sdk: OpenPhone) => sdk.request({ method: 'PTACH' as 'PATCH', path: '/x' }), /did you mean PATCH\?/],
    ['an unknown init option', (sdk: OpenPhone) => sdk.get('/x', { timout: 5 } as never), /unknown option `timout`: did you mean `timeout`\?/],
    ['an unknown request field', (sdk: OpenPhone) => sdk.request({ method: 'GET', path: '/x', params: {} } as never), /unknown option `params`/],
    ['a query value that is an object', (sdk: OpenPhone) => sdk.get('/x', { query: { filter: {} as never } }), /query\.filter/],
    ['a body JSON cannot carry', (sdk: OpenPhone) => sdk.post('/x', { body: { n: 1n } }), /cannot be sent as JSON/],
  ])('%s', async (_name, call, message) => {
    const error = await failure(call(client()));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(message);
    expect(seen).toEqual([]);
  });
});
