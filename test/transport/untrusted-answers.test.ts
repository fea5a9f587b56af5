import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, OpenPhone, PaginationError, RedirectError, ResponseTooLargeError, type OpenPhoneError, type OpenPhoneOptions } from '../../src/index.js';
import { MAX_EMPTY_PAGES } from '../../src/core/pagination.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

/** Answers the API never documents: redirects, huge bodies, `data` of the wrong shape, endless empty pages. */

const KEY = 'sk_live_untrusted_answers_41aa';
const MESSAGE = { id: 'AC1', text: 'hi', to: ['+15555550123'], from: '+15555550100' };
const SEND = { from: '+15555550100', to: '+15555550123', content: 'hi' } as const;

const servers: RawServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handle: Parameters<typeof startRawServer>[0]): Promise<RawServer> {
  const server = await startRawServer(handle);
  servers.push(server);
  return server;
}

const client = (url: string, options: OpenPhoneOptions = {}) => new OpenPhone({ apiKey: KEY, baseUrl: url, rateLimit: false, ...options });

async function rejection(promise: PromiseLike<unknown>): Promise<OpenPhoneError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as OpenPhoneError,
  );
}

describe('redirects are never followed', () => {
  it.each([307, 308, 301, 302, 303])('a %i to POST /v1/messages: RedirectError, may have been processed, the second server never called', async (status) => {
    const elsewhere = await serve((_req, res) => reply(res, 202, JSON.stringify({ data: MESSAGE })));
    const first = await serve((_req, res) => reply(res, status, '', { location: `${elsewhere.url}/v1/messages` }));
    const error = await rejection(client(first.url).messages.send(SEND));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ status, mayHaveBeenProcessed: true });
    expect(error.message).toMatch(/may have been processed/);
    expect(first.requests).toHaveLength(1);
    expect(elsewhere.requests).toEqual([]);
  });

  it('a redirect on a GET is not retried nor followed either, and the raw client gets the same error', async () => {
    const elsewhere = await serve((_req, res) => reply(res, 200, JSON.stringify({ data: MESSAGE })));
    const first = await serve((_req, res) => reply(res, 307, '', { location: `${elsewhere.url}/v1/messages/AC1` }));
    const c = client(first.url);
    expect(await rejection(c.messages.get('AC1'))).toBeInstanceOf(RedirectError);
    expect(await rejection(c.raw.GET('/v1/messages/{id}', { params: { path: { id: 'AC1' } } }))).toBeInstanceOf(RedirectError);
    expect(first.requests).toHaveLength(2);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('response bodies are capped', () => {
  /** Streams `megabytes` of a JSON string without a content-length, so only counting as it arrives can stop it. */
  const streamed = (megabytes: number) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.write('{"data":{"id":"AC1","text":"');
    let sent = 0;
    const chunk = 'x'.repeat(64 * 1024);
    const more = () => {
      while (sent < megabytes * 16) {
        sent += 1;
        if (!res.write(chunk)) return void res.once('drain', more);
      }
      res.end('"}}');
    };
    res.on('error', () => undefined);
    more();
  };

  it('a success body over maxResponseBytes fails typed, may have been processed for a send', async () => {
    const server = await serve(streamed(64));
    const error = await rejection(client(server.url, { maxResponseBytes: 1024 * 1024 }).messages.send(SEND));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 202, mayHaveBeenProcessed: true, limitBytes: 1024 * 1024 });
    expect(server.requests).toHaveLength(1);
  });

  it('a declared content-length over the cap fails before reading, and an idempotent call is not retried for it', async () => {
    const server = await serve((_req, res) => reply(res, 200, JSON.stringify({ data: { ...MESSAGE, text: 'y'.repeat(5000) } })));
    const error = await rejection(client(server.url, { maxResponseBytes: 1000 }).messages.get('AC1'));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests).toHaveLength(1);
  });

  it('a compressed body within the cap on the wire but over it once decompressed fails typed', async () => {
    const body = gzipSync(JSON.stringify({ data: { ...MESSAGE, text: 'z'.repeat(100_000) } }));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.byteLength }).end(body);
    });
    expect(body.byteLength).toBeLessThan(1000);
    const error = await rejection(client(server.url, { maxResponseBytes: 1000 }).messages.get('AC1'));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ status: 200, limitBytes: 1000 });
  });

  it('a body within the cap is read as usual', async () => {
    const server = await serve((_req, res) => reply(res, 200, JSON.stringify({ data: MESSAGE })));
    await expect(client(server.url, { maxResponseBytes: 1000 }).messages.get('AC1')).resolves.toEqual(MESSAGE);
  });
});

describe('2xx bodies whose data has the wrong shape', () => {
  const wrong: readonly [string, unknown][] = [
    ['text', 'x'],
    ['a number', 7],
    ['a list', []],
    ['true', true],
  ];

  it.each(wrong)('a send answered with data as %s is a spoiled 2xx: may have been processed', async (_what, data) => {
    const server = await serve((_req, res) => reply(res, 202, JSON.stringify({ data })));
    const error = await rejection(client(server.url).messages.send(SEND));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 202, mayHaveBeenProcessed: true });
  });

  it.each(wrong)('a get answered with data as %s is refused', async (_what, data) => {
    const server = await serve((_req, res) => reply(res, 200, JSON.stringify({ data })));
    expect(await rejection(client(server.url).messages.get('AC1'))).toBeInstanceOf(APIError);
  });

  it('a whole list answered with an object is refused, and a list is read', async () => {
    const server = await serve((_req, res, index) => reply(res, 200, JSON.stringify({ data: index === 0 ? { id: 'x' } : [{ key: 'k', name: 'n', type: 'string' }] })));
    const c = client(server.url);
    expect(await rejection(c.contacts.customFields())).toBeInstanceOf(APIError);
    await expect(c.contacts.customFields()).resolves.toHaveLength(1);
  });
});

describe('endless empty pages', () => {
  it(`stop after ${MAX_EMPTY_PAGES} empty pages in a row with a PaginationError`, async () => {
    const server = await serve((_req, res, index) => reply(res, 200, JSON.stringify({ data: [], nextPageToken: `fresh-${index}` })));
    const list = client(server.url).v1.messages.list({ phoneNumberId: 'PN0001', participants: '+15555550123' });
    const error = await rejection(list.toArray());
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.message).toMatch(/empty pages in a row/);
    expect(server.requests).toHaveLength(MAX_EMPTY_PAGES);
  });

  it('empty pages between full ones are followed', async () => {
    const message = (id: string) => ({ ...MESSAGE, id });
    // Empty runs one short of the bound, then items, then the end.
    const pages = [...Array.from({ length: MAX_EMPTY_PAGES - 1 }, () => []), [message('AC1')], ...Array.from({ length: MAX_EMPTY_PAGES - 1 }, () => []), [message('AC2')]];
    const server = await serve((_req, res, index) => reply(res, 200, JSON.stringify({ data: pages[index], nextPageToken: index + 1 < pages.length ? `p${index + 1}` : null })));
    const items = await client(server.url).v1.messages.list({ phoneNumberId: 'PN0001', participants: '+15555550123' }).toArray();
    expect(items.map((item) => item.id)).toEqual(['AC1', 'AC2']);
  });
});
