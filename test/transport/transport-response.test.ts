import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

const PAGE = { data: [{ id: 'PN1' }], totalItems: 1, nextPageToken: null };
let keyCounter = 0;
let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client() {
  return new OpenPhone({ apiKey: `response-key-${++keyCounter}`, baseUrl: server?.url, rateLimit: false, maxRetries: 0 });
}

async function answered(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }) {
  server = await startRawServer((_req, res) => reply(res, status, body, headers));
  return (await client().raw.GET('/v1/phone-numbers')).response;
}

describe('the response the transport hands back, its body already read', () => {
  it('reads again as text, JSON, bytes, a buffer, a blob and a stream, as often as asked', async () => {
    const text = JSON.stringify(PAGE);
    const response = await answered(200, text);
    expect(response.bodyUsed).toBe(false);
    expect(await response.text()).toBe(text);
    expect(await response.text()).toBe(text);
    expect(await response.json()).toEqual(PAGE);
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe(text);
    // Response.bytes() is newer than the TypeScript DOM library this project builds against.
    const { bytes } = response as Response & { bytes(): Promise<Uint8Array> };
    expect(new TextDecoder().decode(await bytes.call(response))).toBe(text);
    const blob = await response.blob();
    expect([blob.type, await blob.text()]).toEqual(['application/json; charset=utf-8', text]);
    expect(await new Response(response.body).text()).toBe(text);
    expect(await new Response(response.body).text()).toBe(text);
  });

  it('gives each later json() reader its own copy of the document', async () => {
    const response = await answered(200, JSON.stringify(PAGE));
    const first = (await response.json()) as typeof PAGE;
    first.data.length = 0;
    expect(await response.json()).toEqual(PAGE);
    expect(await response.json()).not.toBe(await response.json());
  });

  it('clones into a response with the same status, headers and body', async () => {
    const response = await answered(200, JSON.stringify(PAGE));
    const copy = response.clone();
    expect([copy.status, copy.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    expect(await copy.json()).toEqual(PAGE);
    expect(await copy.clone().text()).toBe(JSON.stringify(PAGE));
  });

  it('keeps an empty body for a 204, and a blob without a content type when the API sent none', async () => {
    server = await startRawServer((_req, res) => reply(res, 204, '', {}));
    const { response } = await client().raw.DELETE('/v1/webhooks/{id}', { params: { path: { id: 'WH1' } } });
    expect([response.status, response.body, await response.text()]).toEqual([204, null, '']);
    expect((await response.blob()).type).toBe('');
    expect(response.clone().body).toBeNull();
  });
});

describe('the operation a request is matched to', () => {
  it('is found from the path alone, whatever the query', async () => {
    server = await startRawServer((_req, res, index) => (index === 0 ? reply(res, 503, '{}') : reply(res, 200, JSON.stringify(PAGE))));
    const operations: unknown[] = [];
    const retrying = new OpenPhone({ apiKey: `response-key-${++keyCounter}`, baseUrl: server.url, rateLimit: false, onRetry: (event) => operations.push(event.operation) });
    await retrying.raw.GET('/v1/phone-numbers', { params: { query: { userId: 'US1' } } });
    expect(operations).toEqual([{ method: 'GET', path: '/v1/phone-numbers', operationId: 'listPhoneNumbers_v1' }]);
    expect(server.requests.map((request) => request.url)).toEqual(['/v1/phone-numbers?userId=US1', '/v1/phone-numbers?userId=US1']);
  });
});

describe('a 2xx that is not the JSON object the API documents', () => {
  const rejection = (promise: PromiseLike<unknown>) =>
    Promise.resolve(promise).then(
      () => undefined,
      (error: unknown) => error,
    );

  it.each([
    ['', { 'content-type': 'application/json' }, 'its body is empty'],
    [' \n ', { 'content-type': 'application/json' }, 'its body is empty'],
    ['5', { 'content-type': 'application/json' }, 'its body is 5, not an object'],
    ['"ok"', { 'content-type': 'application/json' }, 'its body is "ok", not an object'],
    ['ok!', { 'content-type': 'text/plain' }, 'its body is not JSON (text/plain, 3 characters)'],
    ['ok!', {}, 'its body is not JSON (no content type, 3 characters)'],
  ])('%j (%o) fails a GET saying why, without the note a send gets', async (body, headers, problem) => {
    server = await startRawServer((_req, res) => reply(res, 200, body, headers));
    const error = await rejection(client().raw.GET('/v1/phone-numbers'));
    expect(error).toMatchObject({ name: 'InvalidResponseError', status: 200, mayHaveBeenProcessed: true });
    expect((error as Error).message).toBe(`GET /v1/phone-numbers: the API answered 200, but ${problem}`);
  });

  it('keeps the debug line of an error response with the trace the API sent, and none for a success', async () => {
    const lines: string[] = [];
    const logger = { debug: (line: string) => lines.push(line), info: () => {}, warn: () => {}, error: () => {} };
    server = await startRawServer((_req, res, index) => (index === 0 ? reply(res, 400, '{"message":"bad","trace":"t-400"}') : reply(res, 200, JSON.stringify({ ...PAGE, trace: 't-200' }))));
    const logging = new OpenPhone({ apiKey: `response-key-${++keyCounter}`, baseUrl: server.url, rateLimit: false, logger, logLevel: 'debug' });
    await rejection(logging.phoneNumbers.list());
    await logging.raw.GET('/v1/phone-numbers');
    expect(lines.map((line) => /trace=(\S+)/.exec(line)?.[1] ?? null)).toEqual(['t-400', null]);
  });

  it('leaves the restored methods of a response open to redefinition, as those of any Response are', async () => {
    const response = await answered(200, JSON.stringify(PAGE));
    for (const name of ['bodyUsed', 'body', 'text', 'json', 'arrayBuffer', 'bytes', 'blob', 'clone']) {
      Object.defineProperty(response, name, { value: 'replaced' });
      expect(response[name as keyof Response]).toBe('replaced');
    }
  });
});
