import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueueWaitError, RateLimitStoreError, ValidationError } from '../../src/index.js';
import { RateLimiter, type Slot } from '../../src/internal/transport/rate-limit.js';
import { InProcessRateLimitStore, type RateLimitStore } from '../../src/internal/transport/rate-limit-store.js';
import { settlesWithin } from '../helpers/settles-within.js';

let keyCounter = 0;
const freshKey = () => `limiter-unit-${process.pid}-${++keyCounter}`;
const operation = { method: 'GET', path: '/v1/test' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function limiterFor(limit: number, interval: number, apiKey = freshKey()) {
  return new RateLimiter(apiKey, { limit, interval });
}
const acquire = (limiter: RateLimiter, extra: { signal?: AbortSignal; maxQueueWait?: number; timeout?: number } = {}) => limiter.acquire({ operation, timeout: 5000, ...extra });

/** Whether `promise` settles within the pending microtasks. */
async function settledWithin(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return settled;
}

/**
 * A slot that is free still waits for the key's hash, which the runtime computes off the main thread,
 * so "is not held back" gets a generous bound and "waits" a short one.
 */
const settledSoon = (promise: Promise<unknown>, ms = 5) => settlesWithin(promise, ms);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Fake timers and a fake monotonic clock, so the timers the limiter sets can be counted and run. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });

describe('one budget per key', () => {
  it('different keys have separate budgets', async () => {
    const first = limiterFor(1, 60_000);
    const second = limiterFor(1, 60_000);
    await acquire(first);
    expect(await settledSoon(acquire(second), 2_000)).toBe(true);
    expect(await settledSoon(acquire(first))).toBe(false);
  });

  it('clients on one key share one limiter whatever their options: the smallest limit over the longest interval', async () => {
    const apiKey = freshKey();
    const lax = limiterFor(3, 100, apiKey);
    const strict = limiterFor(2, 300, apiKey);
    expect(lax.status).toMatchObject({ limit: 2, interval: 300 });
    await acquire(lax);
    await acquire(strict);
    expect(await settledSoon(acquire(lax))).toBe(false);
    expect(lax.status.queued).toBe(1);
    expect(strict.status.queued).toBe(1);
  });

  it('every copy of the module in the process uses the same registry', async () => {
    const apiKey = freshKey();
    const here = limiterFor(1, 60_000, apiKey);
    await acquire(here);
    vi.resetModules();
    const copy = await import('../../src/internal/transport/rate-limit.js');
    const there = new copy.RateLimiter(apiKey, { limit: 1, interval: 60_000 });
    expect(there).not.toBeInstanceOf(RateLimiter);
    expect(await settledSoon(there.acquire({ operation, timeout: 5000 }))).toBe(false);
    expect(here.status.queued).toBe(1);
  });

  it('a client with a different store for a key already in use is refused, naming the option', () => {
    const apiKey = freshKey();
    limiterFor(1, 1000, apiKey);
    expect(() => new RateLimiter(apiKey, { limit: 1, interval: 1000, store: new InProcessRateLimitStore() })).toThrow(
      expect.objectContaining({ name: 'ValidationError', message: expect.stringMatching(/rateLimit\.store/) }),
    );
  });

  it.each([
    [{ limit: 0, interval: 1000 }, /rateLimit\.limit/],
    [{ limit: 1.5, interval: 1000 }, /rateLimit\.limit/],
    [{ limit: 1, interval: 0 }, /rateLimit\.interval/],
    [{ limit: 1, interval: Number.NaN }, /rateLimit\.interval/],
    [{ limit: 1, interval: 1000, store: {} as RateLimitStore }, /rateLimit\.store/],
    [{ limit: 1, interval: 1000, onStoreError: 'ignore' as 'fail' }, /rateLimit\.onStoreError/],
    [{ limit: 1, interval: 1000, onStoreFallback: 'log' as unknown as () => void }, /rateLimit\.onStoreFallback/],
  ])('rejects %o with a ValidationError naming the field', (options, field) => {
    expect(() => new RateLimiter(freshKey(), options)).toThrow(ValidationError);
    expect(() => new RateLimiter(freshKey(), options)).toThrow(field);
  });
});

describe('the queue', () => {
  it('serves waiters first come, first served, one per freed slot', async () => {
    const limiter = limiterFor(1, 1);
    const order: number[] = [];
    const held = await acquire(limiter);
    const waiters = [1, 2, 3].map((n) =>
      acquire(limiter).then((slot) => {
        order.push(n);
        slot.cancel();
      }),
    );
    expect(limiter.status.queued).toBe(3);
    held.cancel();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
  });

  it('a caller arriving as a slot frees waits behind those already queued', async () => {
    const limiter = limiterFor(1, 60_000);
    const order: string[] = [];
    const held = await acquire(limiter);
    const queued = acquire(limiter).then((slot) => (order.push('queued'), slot));
    held.cancel();
    const late = acquire(limiter).then((slot) => (order.push('late'), slot));
    (await queued).cancel();
    await late;
    expect(order).toEqual(['queued', 'late']);
  });

  it('a slot freed twice frees once: the second call changes nothing', async () => {
    const limiter = limiterFor(2, 60_000);
    const first = await acquire(limiter);
    await acquire(limiter);
    first.release();
    first.cancel();
    first.responded();
    expect(limiter.status.inFlight).toBe(1);
    expect(await settledSoon(acquire(limiter))).toBe(false);
  });

  it('holds a slot a full interval after an attempt without a response, and frees it at once when nothing was sent', async () => {
    const limiter = limiterFor(1, 60_000);
    (await acquire(limiter)).release();
    expect(await settledSoon(acquire(limiter))).toBe(false);
    const other = limiterFor(1, 60_000);
    (await acquire(other)).cancel();
    expect(await settledSoon(acquire(other), 2_000)).toBe(true);
  });

  it('holds a slot for the interval after a response until round trips are trusted, then for the interval less the fastest, less the spread of the ten fastest', async () => {
    fakeClock();
    const limiter = limiterFor(1, 100);
    const gaps: number[] = [];
    let slot: Slot = await acquire(limiter);
    for (let i = 0; i < 29; i++) {
      await vi.advanceTimersByTimeAsync(i === 5 || i >= 20 ? 34 : 40);
      slot.responded();
      const respondedAt = performance.now();
      const next = acquire(limiter);
      while (!(await settledWithin(next))) await vi.advanceTimersByTimeAsync(1);
      gaps.push(performance.now() - respondedAt);
      slot = await next;
    }
    slot.cancel();
    expect(gaps.slice(0, 19)).toEqual(Array(19).fill(100));
    // The ten fastest are 34 ms and nine of 40: from the 20th response on, the hold is 100 - (34 - 6) ms,
    // until nine more of 34 ms leave no spread and the margin is the 1 ms least: 100 - (34 - 1).
    expect(gaps.slice(19)).toEqual([...Array(9).fill(72), 67]);
  });

  it('an aborted waiter leaves at once, with the signal’s reason, and the next one moves up', async () => {
    const limiter = limiterFor(1, 30);
    const held = await acquire(limiter);
    const controller = new AbortController();
    const aborted = acquire(limiter, { signal: controller.signal });
    const next = acquire(limiter);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(limiter.status.queued).toBe(1);
    held.responded();
    (await next).cancel();
  });

  it('an abort while the slot is held after a response rejects at once and leaves no timer behind', async () => {
    fakeClock();
    const limiter = limiterFor(1, 60_000);
    (await acquire(limiter)).responded();
    const controller = new AbortController();
    const waiting = acquire(limiter, { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(1);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already-aborted signal rejects before queueing', async () => {
    const limiter = limiterFor(1, 1000);
    await expect(acquire(limiter, { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
    expect(limiter.status.queued).toBe(0);
  });

  it('an idle limiter keeps no timer: none while slots are held, none once the queue has drained', async () => {
    fakeClock();
    const limiter = limiterFor(2, 20);
    const slots = await Promise.all([acquire(limiter), acquire(limiter)]);
    for (const slot of slots) slot.responded();
    expect(vi.getTimerCount()).toBe(0);
    const more = Promise.all([acquire(limiter), acquire(limiter)]);
    await vi.advanceTimersByTimeAsync(1);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    for (const slot of await more) slot.responded();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('maxQueueWait fails the call with QueueWaitError, saying it was never sent', async () => {
    const limiter = limiterFor(1, 60_000);
    await acquire(limiter);
    const error = await acquire(limiter, { maxQueueWait: 20 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueWaitError);
    expect(error).toMatchObject({ maxQueueWait: 20, mayHaveBeenProcessed: false, operation });
    expect((error as Error).message).toMatch(/maxQueueWait \(20 ms\).*not sent/);
    expect(limiter.status.queued).toBe(0);
  });

  it('maxQueueWait does not fail a call that gets its slot in time', async () => {
    const limiter = limiterFor(1, 5);
    (await acquire(limiter)).release();
    (await acquire(limiter, { maxQueueWait: 1000 })).cancel();
  });

  it('does not depend on the wall clock: a step back of an hour changes nothing', async () => {
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() - 3_600_000);
    const limiter = limiterFor(5, 20);
    const slots: Slot[] = [];
    for (let i = 0; i < 20; i++) {
      const slot = await acquire(limiter);
      slot.responded();
      slots.push(slot);
    }
    expect(slots).toHaveLength(20);
  });

  it('aborting N queued calls is linear in N', async () => {
    const timeAborts = async (count: number) => {
      const limiter = limiterFor(1, 60_000);
      const held = await acquire(limiter);
      const controller = new AbortController();
      const queued = Array.from({ length: count }, () => acquire(limiter, { signal: controller.signal }).catch(() => 'aborted'));
      const started = performance.now();
      controller.abort();
      await Promise.all(queued);
      const elapsed = performance.now() - started;
      held.cancel();
      return elapsed;
    };
    await timeAborts(2000);
    const small = Math.min(await timeAborts(5000), await timeAborts(5000));
    const large = Math.min(await timeAborts(40_000), await timeAborts(40_000));
    // Quadratic work would grow 64-fold (exponent 2); allow generous noise, as on a loaded machine, around the linear 8-fold.
    const exponent = Math.log(large / small) / Math.log(8);
    expect(exponent).toBeLessThan(1.5);
  }, 60_000);
});

describe('after a 429', () => {
  it('pauses the key for at least Retry-After, with jitter on top, and uses half the slots', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const limiter = limiterFor(4, 200);
    (await acquire(limiter)).cancel();
    const throttledAt = performance.now();
    limiter.throttled(30);
    const slot = await acquire(limiter);
    const waited = performance.now() - throttledAt;
    expect(waited).toBeGreaterThanOrEqual(30 + 0.999 * 100 - 1);
    const second = await acquire(limiter);
    expect(await settledSoon(acquire(limiter))).toBe(false);
    slot.cancel();
    second.cancel();
  });
});

describe('with a store', () => {
  it('fails fast with RateLimitStoreError when the store throws, and the call is never sent', async () => {
    const broken: RateLimitStore = {
      acquire: () => Promise.reject(new Error('connection refused')),
      release: async () => undefined,
      withdraw: async () => undefined,
      pause: async () => undefined,
    };
    const limiter = new RateLimiter(freshKey(), { limit: 2, interval: 1000, store: broken });
    const results = await Promise.allSettled([acquire(limiter), acquire(limiter)]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as RateLimitStoreError;
      expect(error).toBeInstanceOf(RateLimitStoreError);
      expect(error.mayHaveBeenProcessed).toBe(false);
      expect(error.message).toMatch(/connection refused.*not sent/);
    }
  });

  it('gives up on a store that does not answer within the timeout', async () => {
    const hanging: RateLimitStore = {
      acquire: () => new Promise(() => undefined),
      release: async () => undefined,
      withdraw: async () => undefined,
      pause: async () => undefined,
    };
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 1000, store: hanging });
    await expect(acquire(limiter, { timeout: 30 })).rejects.toThrow(/no answer within 30 ms/);
  });

  it("with onStoreError: 'local', falls back to this process's budget and says so once per failure", async () => {
    const fallbacks: RateLimitStoreError[] = [];
    const broken: RateLimitStore = {
      acquire: () => Promise.reject(new Error('down')),
      release: async () => undefined,
      withdraw: async () => undefined,
      pause: async () => undefined,
    };
    const limiter = new RateLimiter(freshKey(), {
      limit: 2,
      interval: 60_000,
      store: broken,
      onStoreError: 'local',
      onStoreFallback: (error) => fallbacks.push(error),
    });
    const slots = await Promise.all([acquire(limiter), acquire(limiter)]);
    expect(slots).toHaveLength(2);
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toBeInstanceOf(RateLimitStoreError);
    expect(await settledSoon(acquire(limiter))).toBe(false);
  });

  it('uses the store it is given, under a hash of the key, and releases with hold durations', async () => {
    const store = new InProcessRateLimitStore();
    const calls: string[] = [];
    const spy: RateLimitStore = {
      acquire: (key, request) => (calls.push(`acquire ${key} ${request.limit} ${request.leaseMs}`), store.acquire(key, request)),
      release: (key, lease, hold) => (calls.push(`release ${hold}`), store.release(key, lease, hold)),
      withdraw: (key, waiter) => store.withdraw(key, waiter),
      pause: (key, ms) => (calls.push(`pause ${Math.floor(ms)}`), store.pause(key, ms)),
    };
    const apiKey = freshKey();
    const limiter = new RateLimiter(apiKey, { limit: 3, interval: 500, store: spy });
    (await acquire(limiter, { timeout: 2000 })).release();
    await sleep(1);
    expect(calls[0]).toMatch(/^acquire [0-9a-f]{64} 3 2500$/);
    expect(calls.join(' ')).not.toContain(apiKey);
    expect(calls[1]).toBe('release 500');
  });
});
