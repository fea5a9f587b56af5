import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, ConnectionError, OpenPhone, RateLimitError, TimeoutError, type RetryEvent } from '../../src/index.js';
import { retryAfterMs } from '../../src/internal/transport/http-errors.js';
import { RateLimiter } from '../../src/internal/transport/rate-limit.js';
import { MAX_RETRY_AFTER_MS, type FetchFn } from '../../src/internal/transport/transport.js';
import { reply, resetMidBody, startRawServer, stallBody, type RawServer } from '../server/raw.js';

const PAGE = JSON.stringify({ data: [], totalItems: 0, nextPageToken: null });
let keyCounter = 0;

let server: RawServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

function client(options: ConstructorParameters<typeof OpenPhone>[0] = {}) {
  return new OpenPhone({ apiKey: `hardening-key-${++keyCounter}`, baseUrl: server?.url, rateLimit: false, ...options });
}

const rejection = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => undefined,
    (error: unknown) => error,
  );

describe("the caller's own code fails as itself", () => {
  it('a throwing onRetry surfaces as the exception it threw, from the raw client and a resource method', async () => {
    server = await startRawServer((_req, res) => reply(res, 503, '{}'));
    const own = new Error('logger failed');
    const onRetry = () => {
      throw own;
    };
    expect(await rejection(client({ onRetry }).raw.GET('/v1/phone-numbers'))).toBe(own);
    expect(await rejection(client().phoneNumbers.list({}, { onRetry }))).toBe(own);
  });

  it('a throwing logger surfaces as the exception it threw', async () => {
    server = await startRawServer((_req, res) => reply(res, 200, PAGE));
    const own = new RangeError('log sink full');
    const logger = {
      debug: () => {
        throw own;
      },
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    expect(await rejection(client({ logger, logLevel: 'debug' }).phoneNumbers.list())).toBe(own);
  });
});

describe('Retry-After', () => {
  it.each(['-5', '-0.5', '+5', '1e3', '5s', ' 12 34'])('%j is neither seconds nor a date', (value) => {
    expect(retryAfterMs(new Headers({ 'retry-after': value }), Date.parse('2025-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('a 429 with Retry-After: -5 is retried after the usual backoff, not at once', async () => {
    server = await startRawServer((_req, res, index) => (index === 0 ? reply(res, 429, '{}', { 'retry-after': '-5' }) : reply(res, 200, PAGE)));
    const events: RetryEvent[] = [];
    await client({ onRetry: (e) => events.push(e) }).phoneNumbers.list();
    expect(events).toHaveLength(1);
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(250);
  });

  it(`exactly ${MAX_RETRY_AFTER_MS / 1000} s is waited for; one second more is not`, async () => {
    server = await startRawServer((_req, res, index) => reply(res, 429, '{}', { 'retry-after': index === 0 ? '60' : '61' }));
    const controller = new AbortController();
    const events: RetryEvent[] = [];
    const waited = await rejection(client({ onRetry: (e) => (events.push(e), controller.abort()) }).raw.GET('/v1/phone-numbers', { signal: controller.signal }));
    expect(waited).toBeInstanceOf(AbortError);
    expect(events).toHaveLength(1);
    // Never sooner than asked; the jitter on top is at most half the rate-limit interval.
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(MAX_RETRY_AFTER_MS);
    expect(events[0]!.delayMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS + 500);
    const given = await rejection(client({ onRetry: (e) => events.push(e) }).phoneNumbers.list());
    expect(given).toBeInstanceOf(RateLimitError);
    expect(given).toMatchObject({ retryAfterMs: 61_000 });
    expect(events).toHaveLength(1);
  });
});

describe('connection errors keep their reason', () => {
  it('a port fetch refuses names the port problem, and keeps the chain of causes', async () => {
    const error = await rejection(new OpenPhone({ apiKey: 'k-bad-port', baseUrl: 'http://127.0.0.1:1', rateLimit: false, maxRetries: 0 }).raw.GET('/v1/phone-numbers'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe('GET /v1/phone-numbers: connection failed (bad port)');
    const cause = (error as Error).cause as Error;
    expect(cause.message).toBe('fetch failed');
    expect((cause.cause as Error).message).toBe('bad port');
  });

  it('a host that does not resolve is named, with its code', async () => {
    // The shape Node's fetch gives for a DNS failure, raised here so the test stays on loopback.
    const fetch: FetchFn = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.nowhere.test'), { code: 'ENOTFOUND', hostname: 'api.nowhere.test' }),
      });
    };
    const error = await rejection(new OpenPhone({ apiKey: 'k-dns', rateLimit: false, fetch }).raw.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550123'], content: 'x' } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    expect((error as Error).message).toBe('POST /v1/messages: connection failed (getaddrinfo ENOTFOUND api.nowhere.test)');
    expect(((error as Error).cause as Error & { code?: string }).cause).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('which responses pause the key', () => {
  it.each([
    [429, { 'retry-after': '2' }, [2000]],
    [429, { 'retry-after': '3600' }, [MAX_RETRY_AFTER_MS]],
    [429, {}, [1000]],
    [503, { 'retry-after': '2' }, []],
    [500, {}, []],
    [200, { 'retry-after': '2' }, []],
  ])('%i with %o pauses for %o', async (status, headers, pauses) => {
    server = await startRawServer((_req, res) => reply(res, status, status === 200 ? PAGE : '{}', { 'content-type': 'application/json', ...headers }));
    const throttled = vi.spyOn(RateLimiter.prototype, 'throttled').mockImplementation(() => ({ until: new Date(), reason: '429' }));
    await client({ rateLimit: { limit: 10, interval: 1000 }, maxRetries: 0 }).raw.GET('/v1/phone-numbers');
    expect(throttled.mock.calls.map(([ms]) => ms)).toEqual(pauses);
  });
});

describe('what an abort says about a call that already reached the API', () => {
  async function abortOnFirstRetry(handle: Parameters<typeof startRawServer>[0], timeout = 30_000) {
    server = await startRawServer(handle);
    const controller = new AbortController();
    return rejection(client({ timeout, onRetry: () => controller.abort() }).raw.GET('/v1/phone-numbers', { signal: controller.signal }));
  }

  it.each([
    ['a 5xx', (_req, res) => reply(res, 503, '{}')],
    ['a reset mid-body', (_req, res) => resetMidBody(res, 200)],
    ['a timeout', (_req, res) => stallBody(res)],
  ] satisfies [string, Parameters<typeof startRawServer>[0]][])('after %s it is flagged as possibly processed', async (_, handle) => {
    const error = await abortOnFirstRetry(handle, 200);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true });
  });

  it('after a 429 it is not: the API refused the request', async () => {
    const error = await abortOnFirstRetry((_req, res) => reply(res, 429, '{}', { 'retry-after': '1' }));
    expect(error).toMatchObject({ name: 'AbortError', mayHaveBeenProcessed: false });
  });
});

describe('a custom fetch', () => {
  it("receives each attempt's own signal, which the attempt's timeout aborts", async () => {
    server = await startRawServer((_req, res, index) => (index === 0 ? stallBody(res) : reply(res, 200, PAGE)));
    const signals: AbortSignal[] = [];
    const requestSignals: AbortSignal[] = [];
    const fetch: FetchFn = (request, init) => {
      signals.push(init!.signal!);
      requestSignals.push(request.signal);
      return globalThis.fetch(request, init);
    };
    const result = await client({ fetch, timeout: 200 }).raw.GET('/v1/phone-numbers');
    expect(result.response.status).toBe(200);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
    expect(requestSignals.every((signal) => !signal.aborted && !signals.includes(signal))).toBe(true);
  });

  it('a timed-out attempt is a TimeoutError even when the custom fetch rejects with its own error', async () => {
    server = await startRawServer((_req, res) => stallBody(res));
    const fetch: FetchFn = async (request, init) => {
      try {
        return await globalThis.fetch(request, init);
      } catch {
        throw new Error('wrapped by the custom fetch');
      }
    };
    expect(await rejection(client({ fetch, timeout: 100, maxRetries: 0 }).raw.GET('/v1/phone-numbers'))).toBeInstanceOf(TimeoutError);
  });
});
