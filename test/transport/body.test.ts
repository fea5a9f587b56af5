import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ConnectionError, InvalidResponseError, OpenPhone, type OpenPhoneError, TimeoutError } from '../../src/index.js';
import { reply, resetMidBody, stallBody, startRawServer, type RawServer } from '../server/raw.js';

const SEND = { from: '+15555550100', to: '+15555550123', content: 'Hi Zed' } as const;
const PAGE = JSON.stringify({ data: [], totalItems: 0, nextPageToken: null });

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, options: ConstructorParameters<typeof OpenPhone>[0] = {}) {
  return new OpenPhone({ apiKey: 'body-test-key', baseUrl: url, rateLimit: false, ...options });
}

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

/** Each way a processed 2xx can lose its body on the way back. */
const LOST_BODIES: [string, (response: ServerResponse, status: number) => void, typeof OpenPhoneError][] = [
  ['the connection resets mid-body', resetMidBody, ConnectionError],
  ['the body is HTML', (res, status) => reply(res, status, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }), InvalidResponseError],
  ['the body is empty', (res, status) => reply(res, status, ''), InvalidResponseError],
  ['the body is empty with content-length 0', (res, status) => reply(res, status, '', { 'content-type': 'application/json', 'content-length': '0' }), InvalidResponseError],
  ['the body is null', (res, status) => reply(res, status, 'null'), InvalidResponseError],
  ['the body is cut JSON', (res, status) => reply(res, status, '{"data":{"id":'), InvalidResponseError],
  ['the body is JSON cut just after a nested object', (res, status) => reply(res, status, '{"data":{"id":"MS1"}'), InvalidResponseError],
];

describe('a processed 2xx whose body is lost', () => {
  it.each(LOST_BODIES)('messages.send when %s: typed, flagged, sent once', async (_, fault, ErrorClass) => {
    server = await startRawServer((_req, res) => fault(res, 202));
    const error = await rejection(client(server.url).messages.send(SEND));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true, status: 202, operation: { method: 'POST', path: '/v1/messages' } });
    expect((error as Error).message).toMatch(/may have been processed by the API, so it was not retried/);
    expect(server.requests).toHaveLength(1);
  });

  it.each(LOST_BODIES)('raw.POST and unwrap when %s: typed, flagged, sent once', async (_, fault, ErrorClass) => {
    server = await startRawServer((_req, res) => fault(res, 202));
    const c = client(server.url);
    const error = await rejection(c.raw.POST('/v1/messages', { body: { from: SEND.from, to: [SEND.to], content: SEND.content } }).then((result) => c.unwrap(result)));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true, status: 202 });
    expect(server.requests).toHaveLength(1);
  });

  it.each(LOST_BODIES)('a GET when %s is retried and then succeeds', async (_, fault) => {
    server = await startRawServer((_req, res, index) => (index === 0 ? fault(res, 200) : reply(res, 200, PAGE)));
    const page = await client(server.url).phoneNumbers.list();
    expect(page.data).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('a GET whose body is always HTML fails typed once retries are spent', async () => {
    server = await startRawServer((_req, res) => reply(res, 200, '<html></html>', { 'content-type': 'text/html' }));
    const error = await rejection(client(server.url, { maxRetries: 1 }).phoneNumbers.list());
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/GET \/phone-numbers: the API answered 200, but its body is not JSON \(text\/html/);
    expect((error as Error).message).not.toMatch(/<html>/);
    expect(server.requests).toHaveLength(2);
  });

  it('a 204 without a body is a success', async () => {
    server = await startRawServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(client(server.url).contacts.delete('CT1')).resolves.toBeUndefined();
  });
});

describe('timeout and abort cover the body', () => {
  const stalls: [string, (c: OpenPhone, options: { timeout?: number; signal?: AbortSignal }) => PromiseLike<unknown>][] = [
    ['phoneNumbers.list', (c, options) => c.phoneNumbers.list({}, options)],
    ['messages.send', (c, options) => c.messages.send(SEND, options)],
    ['raw.GET', (c, options) => c.raw.GET('/v1/phone-numbers', options.signal ? { signal: options.signal } : {})],
  ];

  it.each(stalls)(
    '%s: headers then a stalled body ends with TimeoutError at the timeout',
    async (_, call) => {
      server = await startRawServer((_req, res) => stallBody(res));
      const error = await rejection(call(client(server.url, { timeout: 300, maxRetries: 0 }), { timeout: 300 }));
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ mayHaveBeenProcessed: true, timeoutMs: 300 });
      expect((error as Error).message).toMatch(/no complete response within 300 ms/);
    },
    5_000,
  );

  it.each(stalls)(
    '%s: headers then a stalled body ends with AbortError when the caller aborts',
    async (_, call) => {
      server = await startRawServer((_req, res) => stallBody(res));
      const error = await rejection(call(client(server.url, { maxRetries: 0 }), { signal: AbortSignal.timeout(300) }));
      expect(error).toBeInstanceOf(AbortError);
      expect(error).toMatchObject({ mayHaveBeenProcessed: true });
    },
    5_000,
  );

  it('a custom fetch whose body ignores the signal still cannot outlive the timeout', async () => {
    const neverEnding = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"data":')) });
    const c = new OpenPhone({
      apiKey: 'body-test-key',
      rateLimit: false,
      maxRetries: 0,
      timeout: 200,
      fetch: async () => new Response(neverEnding, { status: 200, headers: { 'content-type': 'application/json' } }),
    });
    await expect(c.raw.GET('/v1/phone-numbers')).rejects.toBeInstanceOf(TimeoutError);
  }, 5_000);

  it('a stalled GET is retried with a fresh timeout per attempt, and the next attempt succeeds', async () => {
    server = await startRawServer((_req, res, index) => (index === 0 ? stallBody(res) : reply(res, 200, PAGE)));
    const page = await client(server.url, { timeout: 300 }).phoneNumbers.list();
    expect(page.data).toEqual([]);
    expect(server.requests).toHaveLength(2);
  }, 5_000);
});

describe('a success body is parsed once', () => {
  const MESSAGE_BODY = JSON.stringify({ data: { id: 'AC1', text: 'parsed once' } });

  const answers: [string, (res: ServerResponse) => void][] = [
    ['with Content-Length', (res) => reply(res, 200, MESSAGE_BODY, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(MESSAGE_BODY)) })],
    ['sent in chunks, without Content-Length', (res) => res.writeHead(200, { 'content-type': 'application/json' }).write(MESSAGE_BODY.slice(0, 10), () => res.end(MESSAGE_BODY.slice(10)))],
  ];
  const calls: [string, (c: OpenPhone) => PromiseLike<unknown>][] = [
    ['v1.messages.get', (c) => c.v1.messages.get('AC1')],
    ['messages.send', (c) => c.messages.send(SEND)],
  ];

  it.each(answers.flatMap(([answered, answer]) => calls.map(([method, call]) => [method, answered, answer, call] as const)))('%s, %s', async (_, _answered, answer, call) => {
    server = await startRawServer((_req, res) => answer(res));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      await expect(call(client(server.url))).resolves.toMatchObject({ id: 'AC1', text: 'parsed once' });
      expect(parse.mock.calls.filter(([text]) => text === MESSAGE_BODY)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });
});
