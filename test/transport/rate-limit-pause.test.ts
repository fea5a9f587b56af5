import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone, QueueWaitError, RateLimitError, type Logger } from '../../src/index.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

let keyCounter = 0;
/** A fresh key per test: a pause belongs to the key, so tests must not share one. */
const freshKey = () => `rate-limit-pause-key-${process.pid}-${++keyCounter}`;
const PAGE = JSON.stringify({ data: [], totalItems: 0, nextPageToken: null });

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A loopback API that answers its first request 429 with `Retry-After: retryAfter` seconds, and every other one 200. */
async function rateLimitedOnce(retryAfter: string): Promise<RawServer> {
  server = await startRawServer((_req, res, index) =>
    index === 0
      ? reply(res, 429, JSON.stringify({ message: 'Too many requests', trace: 'trace-429' }), { 'content-type': 'application/json', 'retry-after': retryAfter })
      : reply(res, 200, PAGE, { 'content-type': 'application/json' }),
  );
  return server;
}

function warnings(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const ignore = () => undefined;
  return { lines, debug: ignore, info: ignore, warn: (line: string) => void lines.push(line), error: ignore };
}

describe('a 429 with Retry-After: 90', () => {
  it('shows the pause in client.rateLimit, the RateLimitError and a warn line; a call that cannot wait it out fails at once, unsent', async () => {
    const api = await rateLimitedOnce('90');
    const logger = warnings();
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: api.url, logger });
    expect(client.rateLimit?.paused).toBeNull();

    const before = Date.now();
    const error = await client.phoneNumbers
      .list()
      .toArray()
      .catch((e: unknown) => e);
    // Retry-After beyond the 60 s the SDK waits: not retried, and the key is held back 60 s (plus jitter).
    expect(error).toBeInstanceOf(RateLimitError);
    const { pausedUntil } = error as RateLimitError;
    expect(pausedUntil!.getTime() - before).toBeGreaterThanOrEqual(60_000);
    expect((error as Error).message).toContain(`calls on this API key are paused until ${pausedUntil!.toISOString()}`);

    expect(client.rateLimit?.paused).toEqual({ until: pausedUntil, reason: '429 on GET /phone-numbers, Retry-After 90' });
    expect(logger.lines).toEqual([
      `openphone: GET /phone-numbers was rate limited: pausing this API key operationId=listPhoneNumbers status=429 retryAfter=90 pausedUntil=${pausedUntil!.toISOString()}`,
    ]);

    // The default maxQueueWait is the call's timeout: a pause longer than it fails the call now, never sent.
    const started = performance.now();
    const waited = await client.phoneNumbers
      .list({}, { timeout: 5_000 })
      .toArray()
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(waited).toBeInstanceOf(QueueWaitError);
    expect(waited).toMatchObject({ maxQueueWait: 5_000, pausedUntil, mayHaveBeenProcessed: false });
    expect((waited as Error).message).toBe(
      `GET /phone-numbers: the API key is paused until ${pausedUntil!.toISOString()} (429 on GET /phone-numbers, Retry-After 90), beyond maxQueueWait (5000 ms); the request was not sent`,
    );
    expect(api.requests).toHaveLength(1);
  });
});

describe('a short pause', () => {
  it('a call allowed to wait it out is sent after it, and the pause then clears from client.rateLimit', async () => {
    const api = await rateLimitedOnce('1');
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: api.url, maxRetries: 0, logLevel: 'off' });
    await expect(client.phoneNumbers.list().toArray()).rejects.toBeInstanceOf(RateLimitError);
    const { until } = client.rateLimit!.paused!;

    await expect(client.phoneNumbers.list({}, { maxQueueWait: 100 }).toArray()).rejects.toMatchObject({ name: 'QueueWaitError', pausedUntil: until });
    expect(api.requests).toHaveLength(1);

    await expect(client.phoneNumbers.list().toArray()).resolves.toEqual([]);
    expect(api.requests).toHaveLength(2);
    expect(client.rateLimit?.paused).toBeNull();
  });
});

describe('maxQueueWait', () => {
  it("defaults to the call's timeout: a call queued behind a full budget fails with QueueWaitError, never sent", async () => {
    server = await startRawServer((_req, res) => reply(res, 200, PAGE, { 'content-type': 'application/json' }));
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, rateLimit: { limit: 1, interval: 60_000 }, timeout: 2_000 });
    await client.phoneNumbers.list().toArray();
    const error = await client.phoneNumbers
      .list()
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueWaitError);
    expect(error).toMatchObject({ maxQueueWait: 2_000, mayHaveBeenProcessed: false, pausedUntil: undefined });
    expect((error as Error).message).toBe('GET /phone-numbers: no rate-limit slot within maxQueueWait (2000 ms); the request was not sent');
    expect(server.requests).toHaveLength(1);
  }, 10_000);

  it('Infinity on the client means no bound; a finite value below zero is refused', async () => {
    server = await startRawServer((_req, res) => reply(res, 200, PAGE, { 'content-type': 'application/json' }));
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, rateLimit: { limit: 1, interval: 2_000 }, timeout: 1_000, maxQueueWait: Infinity });
    await Promise.all([client.phoneNumbers.list().toArray(), client.phoneNumbers.list().toArray()]);
    expect(server.requests).toHaveLength(2);
    expect(() => new OpenPhone({ apiKey: 'k', maxQueueWait: -1 })).toThrow(/maxQueueWait.*must be a number of ms from 0/);
  });
});
