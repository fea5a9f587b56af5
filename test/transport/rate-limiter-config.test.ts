import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitStoreError, ValidationError } from '../../src/index.js';
import { RateLimiter, type Slot } from '../../src/internal/transport/rate-limit.js';
import { InProcessRateLimitStore, type RateLimitStore } from '../../src/internal/transport/rate-limit-store.js';

let keyCounter = 0;
const freshKey = () => `limiter-config-${process.pid}-${++keyCounter}`;
const operation = { method: 'GET', path: '/v1/test' };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function refusal(options: ConstructorParameters<typeof RateLimiter>[1]) {
  try {
    new RateLimiter(freshKey(), options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  return expect.unreachable('expected a ValidationError');
}

describe('RateLimiter options', () => {
  it.each([
    [{ limit: 0, interval: 1000 }, 'rateLimit.limit', 0, 'minimum', '0 must be a positive integer'],
    [{ limit: '2' as unknown as number, interval: 1000 }, 'rateLimit.limit', '2', 'minimum', '"2" must be a positive integer'],
    [{ limit: 1, interval: -5 }, 'rateLimit.interval', -5, 'minimum', '-5 must be a positive number of milliseconds'],
    [{ limit: 1, interval: '1000' as unknown as number }, 'rateLimit.interval', '1000', 'minimum', '"1000" must be a positive number of milliseconds'],
    [{ limit: 1, interval: Infinity }, 'rateLimit.interval', Infinity, 'minimum', 'Infinity must be a positive number of milliseconds'],
    [{ limit: 1, interval: Number.NaN }, 'rateLimit.interval', Number.NaN, 'minimum', 'NaN must be a positive number of milliseconds'],
    [{ limit: 1, interval: 1000, onStoreError: 'retry' as 'fail' }, 'rateLimit.onStoreError', 'retry', 'enum', `"retry" must be 'fail' or 'local'`],
    [{ limit: 1, interval: 1000, onStoreFallback: 1 as unknown as () => void }, 'rateLimit.onStoreFallback', 1, 'type', 'must be a function'],
  ])('refuses %o, naming %s', (options, field, value, rule, message) => {
    expect(refusal(options)).toEqual([{ field, value, rule, message }]);
  });

  const storeIssue = {
    field: 'rateLimit.store',
    value: '[not a store]',
    rule: 'type',
    message: 'must be a RateLimitStore (with acquire, release, withdraw, pause)',
  };
  const methods: RateLimitStore = { acquire: async () => ({ granted: false, retryInMs: 1 }), release: async () => {}, withdraw: async () => {}, pause: async () => {} };

  it.each(['acquire', 'release', 'withdraw', 'pause'])('refuses a store without %s', (missing) => {
    const store = { ...methods, [missing]: undefined } as unknown as RateLimitStore;
    expect(refusal({ limit: 1, interval: 1000, store })).toEqual([storeIssue]);
  });

  it.each([null, 'redis://localhost'])('refuses a store that is not an object: %j', (store) => {
    expect(refusal({ limit: 1, interval: 1000, store: store as unknown as RateLimitStore })).toEqual([storeIssue]);
  });

  it('accepts a store with the four methods, and the fallback options', () => {
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 1000, store: methods, onStoreError: 'local', onStoreFallback: () => {} });
    expect(limiter.config).toMatchObject({ limit: 1, interval: 1000, store: methods, onStoreError: 'local' });
    expect(new RateLimiter(freshKey(), { limit: 1, interval: 1000 }).config.onStoreError).toBe('fail');
    expect(new RateLimiter(freshKey(), { limit: 1, interval: 1000, onStoreError: 'fail' }).config.onStoreError).toBe('fail');
  });

  it('says which store conflicts when a second client brings another one for the key', () => {
    const apiKey = freshKey();
    new RateLimiter(apiKey, { limit: 1, interval: 1000 });
    let issues: readonly unknown[] = [];
    try {
      new RateLimiter(apiKey, { limit: 1, interval: 1000, store: new InProcessRateLimitStore() });
    } catch (error) {
      issues = (error as ValidationError).issues;
    }
    expect(issues).toEqual([
      {
        field: 'rateLimit.store',
        value: '[a different store]',
        rule: 'conflict',
        message: 'another client in this process uses a different store for this API key; give every client of a key the same store',
      },
    ]);
  });
});

describe('RateLimiter status', () => {
  it('counts the calls queued and holding a slot, under the strictest options of the key', async () => {
    const apiKey = freshKey();
    const limiter = new RateLimiter(apiKey, { limit: 2, interval: 60_000 });
    expect(limiter.status).toEqual({ queued: 0, inFlight: 0, limit: 2, interval: 60_000, paused: null });
    const slots = [await limiter.acquire({ operation, timeout: 5000 }), await limiter.acquire({ operation, timeout: 5000 })];
    const waiting = limiter.acquire({ operation, timeout: 5000 });
    new RateLimiter(apiKey, { limit: 5, interval: 90_000 });
    expect(limiter.status).toEqual({ queued: 1, inFlight: 2, limit: 2, interval: 90_000, paused: null });
    slots[0]!.cancel();
    const third = await waiting;
    expect(limiter.status).toEqual({ queued: 0, inFlight: 2, limit: 2, interval: 90_000, paused: null });
    slots[1]!.cancel();
    third.cancel();
    expect(limiter.status.inFlight).toBe(0);
  });
});

describe('after a 429, the slots in use', () => {
  it('halve at most once per interval, then grow back by a tenth of the limit per interval', async () => {
    const limiter = new RateLimiter(freshKey(), { limit: 20, interval: 100 });
    // The first call waits for the key's hash, which no fake timer drives.
    (await limiter.acquire({ operation, timeout: 5000 })).cancel();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.spyOn(Math, 'random').mockReturnValue(0);
    /** How many slots can be held at once now. */
    const capacity = async () => {
      const controller = new AbortController();
      const granted: Slot[] = [];
      const calls = Array.from({ length: 25 }, () =>
        limiter.acquire({ operation, timeout: 5000, signal: controller.signal }).then(
          (slot) => granted.push(slot),
          () => undefined,
        ),
      );
      await vi.advanceTimersByTimeAsync(0);
      controller.abort();
      await Promise.all(calls);
      for (const slot of granted) slot.cancel();
      await vi.advanceTimersByTimeAsync(0);
      return granted.length;
    };

    expect(await capacity()).toBe(20);
    limiter.throttled(0);
    limiter.throttled(0);
    expect(await capacity()).toBe(10);
    await vi.advanceTimersByTimeAsync(99);
    expect(await capacity()).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    expect(await capacity()).toBe(12);
    limiter.throttled(0);
    expect(await capacity()).toBe(6);
    await vi.advanceTimersByTimeAsync(300);
    expect(await capacity()).toBe(12);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await capacity()).toBe(20);
  });
});

describe('when the store fails', () => {
  const brokenStore = (calls: string[]): RateLimitStore => ({
    acquire: async () => {
      calls.push('acquire');
      throw new Error('store down');
    },
    release: async () => undefined,
    withdraw: async () => undefined,
    pause: async () => undefined,
  });

  it('fails each call that may not fall back with an error naming its operation and the cause', async () => {
    const calls: string[] = [];
    const store = brokenStore(calls);
    const apiKey = freshKey();
    const strict = new RateLimiter(apiKey, { limit: 1, interval: 1000, store });
    const lenient = new RateLimiter(apiKey, { limit: 1, interval: 1000, store, onStoreError: 'local' });
    const refused = strict.acquire({ operation: { method: 'POST', path: '/v1/messages' }, timeout: 5000 });
    const fallen = lenient.acquire({ operation, timeout: 5000 });
    const error = (await refused.catch((e: unknown) => e)) as RateLimitStoreError;
    expect(error).toBeInstanceOf(RateLimitStoreError);
    expect(error.message).toBe('POST /v1/messages: the rate-limit store failed (store down); the request was not sent');
    expect(error.cause).toEqual(new Error('store down'));
    (await fallen).cancel();
    expect(calls).toEqual(['acquire']);
  });

  it('serves fallen-back calls from the local budget for 5 s before asking the store again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const calls: string[] = [];
    const fallbacks: string[] = [];
    const limiter = new RateLimiter(freshKey(), {
      limit: 5,
      interval: 100,
      store: brokenStore(calls),
      onStoreError: 'local',
      onStoreFallback: (error) => fallbacks.push(error.message),
    });
    const take = async () => (await limiter.acquire({ operation, timeout: 5000 })).cancel();
    await take();
    expect([calls.length, fallbacks]).toEqual([1, ['GET /v1/test: the rate-limit store failed (store down); the request was not sent']]);
    await vi.advanceTimersByTimeAsync(4_900);
    await take();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await take();
    expect([calls.length, fallbacks.length]).toEqual([2, 2]);
  });
});
