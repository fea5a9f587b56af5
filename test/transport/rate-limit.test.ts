import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AbortError, OpenPhone, QueueWaitError } from '../../src/index.js';
import { RateLimiter } from '../../src/internal/transport/rate-limit.js';
import { startCpuLoad } from '../helpers/load.js';
import { startInChildProcess, startInProcess, type TestServer } from '../server/index.js';

let keyCounter = 0;
/** A fresh key per test: limits are per key, so tests must not share one. */
const freshKey = () => `rate-limit-test-key-${process.pid}-${++keyCounter}`;

async function listPhoneNumbers(client: OpenPhone) {
  const result = await client.raw.GET('/v1/phone-numbers');
  return result.response.status;
}

describe('against a server enforcing 10 requests per sliding second, in another process', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startInChildProcess({ rateLimit: { limit: 10, interval: 1000 } });
  });
  afterAll(() => server.close());

  // Past the first 20 answers (before round trips are trusted), every slot is reused on learnt round trips:
  // 80 calls are four rounds of it, and keep the load (a spinning core) short.
  it('80 concurrent GETs through one client under CPU load draw zero 429s', async () => {
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, maxRetries: 0 });
    const before = await server.stats();
    const stopLoad = startCpuLoad();
    let statuses: number[];
    try {
      statuses = await Promise.all(Array.from({ length: 80 }, () => listPhoneNumbers(client)));
    } finally {
      await stopLoad();
    }
    const after = await server.stats();
    expect(after.rateLimited - before.rateLimited).toBe(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(80);
  }, 120_000);

  it('two clients holding the same key share one budget', async () => {
    const apiKey = freshKey();
    const first = new OpenPhone({ apiKey, baseUrl: server.url, maxRetries: 0 });
    const second = new OpenPhone({ apiKey, baseUrl: server.url, maxRetries: 0 });
    const before = await server.stats();
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => listPhoneNumbers(i % 2 === 0 ? first : second)));
    const after = await server.stats();
    expect(after.rateLimited - before.rateLimited).toBe(0);
    expect(statuses.every((s) => s === 200)).toBe(true);
  }, 60_000);

  it('the server really enforces the limit: without client-side limiting the same burst draws 429s', async () => {
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, maxRetries: 0, rateLimit: false });
    const statuses = await Promise.all(Array.from({ length: 30 }, () => listPhoneNumbers(client)));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  });
});

describe('the key-wide queue', () => {
  it('a 429 pauses every call on the key until the server’s Retry-After', async () => {
    const server = await startInProcess({
      rateLimit: false,
      faults: [{ operationId: 'listPhoneNumbers_v1', times: 1, fault: { type: 'status', status: 429, headers: { 'retry-after': '1' } } }],
    });
    try {
      const followers: Promise<number>[] = [];
      const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url });
      const first = client.withOptions({
        // As soon as the 429 is seen, more calls arrive; none may reach the server before the pause ends.
        onRetry: () => {
          for (let i = 0; i < 9; i++) followers.push(listPhoneNumbers(client));
        },
      });
      expect(await listPhoneNumbers(first)).toBe(200);
      expect(await Promise.all(followers)).toEqual(Array(9).fill(200));
      const stats = await server.stats();
      expect(stats.faults).toHaveLength(1);
      const pausedUntil = stats.faults[0]!.receivedAt + 1000;
      expect(stats.processed).toHaveLength(10);
      for (const request of stats.processed) expect(request.receivedAt).toBeGreaterThanOrEqual(pausedUntil);
    } finally {
      await server.close();
    }
  });

  it('a call aborted while queued leaves the queue and rejects at once', async () => {
    const server = await startInProcess({ rateLimit: false });
    try {
      const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, rateLimit: { limit: 1, interval: 60_000 } });
      expect(await listPhoneNumbers(client)).toBe(200);
      const controller = new AbortController();
      const queued = client.raw.GET('/v1/phone-numbers', { signal: controller.signal });
      const settled = queued.then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      const error = await settled;
      expect(error).toBeInstanceOf(AbortError);
      expect((error as AbortError).mayHaveBeenProcessed).toBe(false);
      expect((await server.stats()).processed).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

const operation = { method: 'GET', path: '/v1/test' };
const limiterFor = (limit: number, interval: number) => new RateLimiter(freshKey(), { limit, interval });
const acquireFrom = (limiter: RateLimiter, signal?: AbortSignal) => limiter.acquire({ operation, timeout: 5000, signal });

describe('RateLimiter', () => {
  it('hands out slots first come, first served, skipping aborted waiters', async () => {
    const limiter = limiterFor(1, 30);
    const order: string[] = [];
    const first = await acquireFrom(limiter);
    const controller = new AbortController();
    const aborted = acquireFrom(limiter, controller.signal).then(
      () => order.push('aborted-one-ran'),
      () => order.push('aborted'),
    );
    const second = acquireFrom(limiter).then((slot) => {
      order.push('second');
      return slot;
    });
    expect(limiter.status.queued).toBe(2);
    controller.abort();
    await aborted;
    expect(limiter.status.queued).toBe(1);
    first.release();
    (await second).release();
    expect(order).toEqual(['aborted', 'second']);
  });

  it('frees a slot an interval after its response, not after its start', async () => {
    const limiter = limiterFor(1, 50);
    const slot = await acquireFrom(limiter);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const releasedAt = performance.now();
    slot.responded();
    await acquireFrom(limiter);
    expect(performance.now() - releasedAt).toBeGreaterThanOrEqual(49);
  });

  it('rejects nonsensical limits', () => {
    expect(() => limiterFor(0, 1000)).toThrow(/limit.*must be a positive integer/);
    expect(() => limiterFor(10, -1)).toThrow(/interval.*must be a positive number/);
  });
});

describe('back-pressure and bounded queueing through the client', () => {
  it('client.rateLimit counts the queue; maxQueueWait, per client or per call, fails fast with QueueWaitError and sends nothing', async () => {
    const server = await startInProcess({ rateLimit: false });
    try {
      const apiKey = freshKey();
      const client = new OpenPhone({ apiKey, baseUrl: server.url, rateLimit: { limit: 1, interval: 60_000 }, maxQueueWait: 40 });
      expect(await listPhoneNumbers(client)).toBe(200);
      expect(client.rateLimit).toMatchObject({ queued: 0, limit: 1, interval: 60_000 });

      const perClient = client.raw.GET('/v1/phone-numbers').catch((error: unknown) => error);
      const perCall = client.phoneNumbers
        .list({}, { maxQueueWait: 10 })
        .toArray()
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(client.rateLimit?.queued).toBe(2);
      // Another client on the key sees the same queue.
      expect(new OpenPhone({ apiKey, baseUrl: server.url }).rateLimit?.queued).toBe(2);

      const [clientError, callError] = await Promise.all([perClient, perCall]);
      expect(callError).toBeInstanceOf(QueueWaitError);
      expect(callError).toMatchObject({ maxQueueWait: 10, mayHaveBeenProcessed: false });
      expect(clientError).toBeInstanceOf(QueueWaitError);
      expect((clientError as QueueWaitError).message).toMatch(/GET \/v1\/phone-numbers: no rate-limit slot within maxQueueWait \(40 ms\); the request was not sent/);
      expect(client.rateLimit?.queued).toBe(0);
      expect((await server.stats()).processed).toHaveLength(1);
      expect(new OpenPhone({ apiKey, rateLimit: false }).rateLimit).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('the main entry imports, and the limiter works, without WeakRef or FinalizationRegistry', async () => {
    vi.stubGlobal('WeakRef', undefined);
    vi.stubGlobal('FinalizationRegistry', undefined);
    vi.resetModules();
    let sdk: typeof import('../../src/index.js');
    let slot: Awaited<ReturnType<RateLimiter['acquire']>>;
    try {
      sdk = await import('../../src/index.js');
      const limit = await import('../../src/internal/transport/rate-limit.js');
      slot = await new limit.RateLimiter(freshKey(), { limit: 1, interval: 10 }).acquire({ operation: { method: 'GET', path: '/' }, timeout: 100 });
    } finally {
      // Node's own fetch needs WeakRef; the runtimes that lack it bring their own fetch.
      vi.unstubAllGlobals();
    }
    slot.cancel();
    const server = await startInProcess({ rateLimit: false });
    try {
      const client = new sdk.OpenPhone({ apiKey: freshKey(), baseUrl: server.url });
      expect((await client.raw.GET('/v1/phone-numbers')).response.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
