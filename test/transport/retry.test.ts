import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, InternalServerError, OpenPhone, RateLimitError, TimeoutError, type RetryEvent } from '../../src/index.js';
import { retryAfterMs } from '../../src/internal/transport/http-errors.js';
import { backoffMs, MAX_RETRY_AFTER_MS } from '../../src/internal/transport/transport.js';
import type { FaultRule } from '../../src/sandbox/index.js';
import { startInProcess, type TestServer } from '../server/index.js';

let server: TestServer;
let keyCounter = 0;
const freshKey = () => `retry-test-key-${++keyCounter}`;
let sendCounter = 0;
/** A send with unique content, so the server's record of it can be counted exactly. */
const uniqueSend = () => ({ from: '+15555550100', to: ['+15555550123'], content: `Hello ${++sendCounter}` });

function client(options: ConstructorParameters<typeof OpenPhone>[0] = {}) {
  return new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, rateLimit: false, ...options });
}

const withFaults = (rules: FaultRule[]) => server.setFaults(rules);

async function timesProcessed(send: { content: string }) {
  const { processed } = await server.stats();
  return processed.filter((p) => (p.body as { content?: string } | undefined)?.content === send.content).length;
}

beforeAll(async () => {
  server = await startInProcess({ rateLimit: false });
});
afterAll(() => server.close());
afterEach(() => server.setFaults([]));

describe('what is retried', () => {
  it.each([500, 502, 503, 504])('a GET answered %i is retried and then succeeds', async (status) => {
    await withFaults([{ method: 'GET', times: 2, fault: { type: 'status', status } }]);
    const events: RetryEvent[] = [];
    const result = await client({ onRetry: (e) => events.push(e) }).raw.GET('/v1/phone-numbers');
    expect(result.response.status).toBe(200);
    expect(events.map((e) => [e.attempt, e.status])).toEqual([
      [1, status],
      [2, status],
    ]);
    expect(events[0]!.operation).toEqual({ method: 'GET', path: '/v1/phone-numbers', operationId: 'listPhoneNumbers_v1' });
  });

  it('a 429 is retried on any method, POST included, and the send happens once', async () => {
    await withFaults([{ method: 'POST', times: 1, fault: { type: 'status', status: 429, headers: { 'retry-after': '0' } } }]);
    const events: RetryEvent[] = [];
    const c = client({ onRetry: (e) => events.push(e) });
    const send = uniqueSend();
    const message = c.unwrap(await c.raw.POST('/v1/messages', { body: send }));
    expect(message.data.text).toBe(send.content);
    expect(events).toHaveLength(1);
    // Retry-After plus jitter of up to half the default interval, never less than the header says.
    expect(events[0]).toMatchObject({ status: 429 });
    expect(events[0]!.delayMs).toBeGreaterThanOrEqual(0);
    expect(events[0]!.delayMs).toBeLessThan(500);
    expect(await timesProcessed(send)).toBe(1);
  });

  it('a DELETE answered 503 is retried (idempotent)', async () => {
    await withFaults([{ method: 'DELETE', times: 1, fault: { type: 'status', status: 503 } }]);
    const events: RetryEvent[] = [];
    const result = await client({ onRetry: (e) => events.push(e) }).raw.DELETE('/v1/webhooks/{id}', {
      params: { path: { id: 'WH1' } },
    });
    expect(events.map((e) => e.status)).toEqual([503]);
    expect(result.response.status).toBe(404);
  });

  it('a POST answered 500 after processing is not retried and is flagged mayHaveBeenProcessed', async () => {
    await withFaults([{ method: 'POST', fault: { type: 'process-then-status', status: 500 } }]);
    const events: RetryEvent[] = [];
    const c = client({ onRetry: (e) => events.push(e) });
    const send = uniqueSend();
    const result = await c.raw.POST('/v1/messages', { body: send });
    expect(result.response.status).toBe(500);
    expect(events).toEqual([]);
    expect(await timesProcessed(send)).toBe(1);
    let error: unknown;
    try {
      c.unwrap(result);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({
      status: 500,
      mayHaveBeenProcessed: true,
      operation: { method: 'POST', path: '/v1/messages', operationId: 'sendMessage_v1' },
    });
    expect((error as Error).message).toMatch(/may have been processed by the API, so it was not retried/);
  });

  it('a POST whose connection is reset after processing is not retried and is flagged', async () => {
    await withFaults([{ method: 'POST', fault: { type: 'process-then-reset' } }]);
    const send = uniqueSend();
    const error = await client()
      .raw.POST('/v1/messages', { body: send })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true, operation: { method: 'POST', path: '/v1/messages' } });
    expect(await timesProcessed(send)).toBe(1);
  });

  it('a GET whose connection is reset is retried', async () => {
    await withFaults([{ method: 'GET', times: 1, fault: { type: 'reset' } }]);
    const events: RetryEvent[] = [];
    const result = await client({ onRetry: (e) => events.push(e) }).raw.GET('/v1/phone-numbers');
    expect(result.response.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]!.error).toBeInstanceOf(ConnectionError);
  });

  it.each([400, 401, 403, 404, 409, 422])('a %i is the caller’s to fix: never retried', async (status) => {
    await withFaults([{ method: 'GET', times: 1, fault: { type: 'status', status } }]);
    const events: RetryEvent[] = [];
    const result = await client({ onRetry: (e) => events.push(e) }).raw.GET('/v1/phone-numbers');
    expect(result.response.status).toBe(status);
    expect(events).toEqual([]);
  });

  it('gives up after maxRetries and returns the last response to the raw caller', async () => {
    await withFaults([{ method: 'GET', fault: { type: 'status', status: 503 } }]);
    const events: RetryEvent[] = [];
    const result = await client({ maxRetries: 3, onRetry: (e) => events.push(e) }).raw.GET('/v1/phone-numbers');
    expect(result.response.status).toBe(503);
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
  });

  it('does not wait for a Retry-After longer than the cap: it fails with RateLimitError instead', async () => {
    await withFaults([{ method: 'GET', fault: { type: 'status', status: 429, headers: { 'retry-after': String(MAX_RETRY_AFTER_MS / 1000 + 1) } } }]);
    const events: RetryEvent[] = [];
    const c = client({ onRetry: (e) => events.push(e) });
    const result = await c.raw.GET('/v1/phone-numbers');
    expect(events).toEqual([]);
    expect(() => c.unwrap(result)).toThrow(RateLimitError);
    expect(() => c.unwrap(result)).toThrow(expect.objectContaining({ retryAfterMs: MAX_RETRY_AFTER_MS + 1000 }));
  });

  it('can be turned off per client', async () => {
    await withFaults([{ method: 'GET', times: 1, fault: { type: 'status', status: 503 } }]);
    const result = await client().withOptions({ maxRetries: 0 }).raw.GET('/v1/phone-numbers');
    expect(result.response.status).toBe(503);
  });
});

describe('connection refused', () => {
  it('a POST refused before sending is retried: nothing was processed', async () => {
    // A port that refuses until the first retry is scheduled, then serves.
    const late = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(202, { 'content-type': 'application/json' }).end('{"data":{}}'));
    });
    await new Promise<void>((resolve) => late.listen(0, '127.0.0.1', resolve));
    const { port } = late.address() as AddressInfo;
    await new Promise<void>((resolve) => late.close(() => resolve()));
    const events: RetryEvent[] = [];
    const c = new OpenPhone({
      apiKey: freshKey(),
      baseUrl: `http://127.0.0.1:${port}`,
      rateLimit: false,
      onRetry: (e) => {
        events.push(e);
        late.listen(port, '127.0.0.1');
      },
    });
    try {
      const result = await c.raw.POST('/v1/messages', { body: uniqueSend() });
      expect(result.response.status).toBe(202);
      expect(events).toHaveLength(1);
      expect(events[0]!.error).toMatchObject({ name: 'ConnectionError', mayHaveBeenProcessed: false });
    } finally {
      await new Promise<void>((resolve) => late.close(() => resolve()));
    }
  });

  it('fails with ConnectionError (not processed) when the server never comes up', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await new OpenPhone({ apiKey: freshKey(), baseUrl: `http://127.0.0.1:${port}`, rateLimit: false, maxRetries: 1 }).raw.GET('/v1/phone-numbers').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

describe('timeouts and cancellation', () => {
  it('a GET slower than the timeout is retried, then fails with TimeoutError', async () => {
    await withFaults([{ method: 'GET', fault: { type: 'delay', ms: 300 } }]);
    const events: RetryEvent[] = [];
    const error = await client({ timeout: 50, maxRetries: 1, onRetry: (e) => events.push(e) })
      .raw.GET('/v1/phone-numbers')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
    expect(events).toHaveLength(1);
  });

  it('a POST that times out is not retried and says it may have been processed', async () => {
    await withFaults([{ method: 'POST', fault: { type: 'delay', ms: 300 } }]);
    const events: RetryEvent[] = [];
    const send = uniqueSend();
    const error = await client({ timeout: 50, onRetry: (e) => events.push(e) })
      .raw.POST('/v1/messages', { body: send })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: true, operation: { method: 'POST', path: '/v1/messages' } });
    expect(events).toEqual([]);
    // The slow request is still processed by the server after the client gave up: exactly the case to reconcile.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await timesProcessed(send)).toBe(1);
  });

  it('aborting an in-flight call rejects with AbortError, flagged as possibly processed', async () => {
    await withFaults([{ method: 'GET', fault: { type: 'delay', ms: 500 } }]);
    const controller = new AbortController();
    const pending = client().raw.GET('/v1/phone-numbers', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ name: 'AbortError', mayHaveBeenProcessed: true });
  });

  it('aborting while waiting to retry stops at once', async () => {
    await withFaults([{ method: 'GET', fault: { type: 'status', status: 429, headers: { 'retry-after': '30' } } }]);
    const controller = new AbortController();
    const started = performance.now();
    const pending = client({ onRetry: () => setTimeout(() => controller.abort(), 20) }).raw.GET('/v1/phone-numbers', {
      signal: controller.signal,
    });
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ mayHaveBeenProcessed: false });
    // Well short of the 30 s the server asked for.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('delays', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const step = Math.min(8000, 500 * 2 ** (attempt - 1));
      for (let i = 0; i < 50; i++) {
        const value = backoffMs(attempt);
        expect(value).toBeGreaterThanOrEqual(step / 2);
        expect(value).toBeLessThanOrEqual(step);
      }
    }
  });
});

describe('per-call options on resource methods', () => {
  it('retry: false makes a single attempt; the error is typed', async () => {
    await withFaults([{ method: 'GET', times: 1, fault: { type: 'status', status: 503 } }]);
    const events: RetryEvent[] = [];
    const error = await client({ onRetry: (e) => events.push(e) })
      .phoneNumbers.list({}, { retry: false })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(events).toEqual([]);
  });

  it('a retry budget and an onRetry hook for one call', async () => {
    await withFaults([{ method: 'GET', times: 2, fault: { type: 'status', status: 503 } }]);
    const perCall: RetryEvent[] = [];
    const error = await client({ maxRetries: 5 })
      .phoneNumbers.list({}, { retry: { maxRetries: 1 }, onRetry: (e) => perCall.push(e) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(perCall.map((e) => e.attempt)).toEqual([1]);
  });

  it('a timeout for one call', async () => {
    await withFaults([{ method: 'GET', fault: { type: 'delay', ms: 300 } }]);
    const error = await client({ timeout: 10_000 })
      .phoneNumbers.list({}, { timeout: 50, retry: false })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
  });
});
