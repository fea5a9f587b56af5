import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenPhone, RateLimitStoreError } from '../../src/index.js';
import { RateLimiter, type Slot } from '../../src/internal/transport/rate-limit.js';
import { InProcessRateLimitStore, type AcquireResult, type RateLimitStore } from '../../src/internal/transport/rate-limit-store.js';
import { recordingStore } from '../helpers/recording-store.js';

let keyCounter = 0;
const freshKey = () => `limiter-edges-${process.pid}-${++keyCounter}`;
const operation = { method: 'GET', path: '/v1/test' };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });

/** Lets the limiter's pending promise callbacks (store answers, releases) run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Without `subscribe`, the limiter learns of changes only by asking again. */
const storeWithoutSubscribe = (answer: (waiter: string) => Promise<AcquireResult>) => recordingStore(answer, { subscribe: false });

const refuse = async (): Promise<AcquireResult> => ({ granted: false, retryInMs: 60_000 });
const failing = async (): Promise<AcquireResult> => {
  throw new Error('store down');
};

describe('waking the front of the queue', () => {
  it('a new caller behind a refused one does not make the front ask again before its retry time', async () => {
    const { store, asked } = storeWithoutSubscribe(refuse);
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 500, store });
    const controller = new AbortController();
    limiter.acquire({ operation, timeout: 1000, signal: controller.signal }).catch(() => undefined);
    await vi.waitFor(() => expect(asked()).toHaveLength(1));
    limiter.acquire({ operation, timeout: 1000, signal: controller.signal }).catch(() => undefined);
    await flush();
    expect(asked()).toHaveLength(1);
    controller.abort();
  });

  it('when the front waiter leaves, the next asks at once; when another leaves, nobody asks', async () => {
    const { store, asked } = storeWithoutSubscribe(refuse);
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 500, store });
    const controllers = [1, 2, 3, 4].map(() => new AbortController());
    const calls = controllers.map((controller) => limiter.acquire({ operation, timeout: 1000, signal: controller.signal }).catch(() => undefined));
    await vi.waitFor(() => expect(asked()).toHaveLength(1));
    controllers[2]!.abort();
    await flush();
    expect(asked()).toHaveLength(1);
    controllers[0]!.abort();
    await flush();
    expect(asked()).toHaveLength(2);
    controllers[1]!.abort();
    await flush();
    expect(asked()).toHaveLength(3);
    expect(new Set(asked()).size).toBe(3);
    controllers[3]!.abort();
    await Promise.all(calls);
  });

  it('a front waiter that left while its store call was out lets the next one ask as soon as the answer comes', async () => {
    let answer: (result: AcquireResult) => void = () => undefined;
    const { store, asked } = storeWithoutSubscribe((waiter) => (asked()[0] === waiter && asked().length === 1 ? new Promise((resolve) => (answer = resolve)) : refuse()));
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 500, store });
    const first = new AbortController();
    const second = new AbortController();
    const calls = [first, second].map((controller) => limiter.acquire({ operation, timeout: 1000, signal: controller.signal }).catch(() => undefined));
    await vi.waitFor(() => expect(asked()).toHaveLength(1));
    first.abort();
    await flush();
    answer({ granted: false, retryInMs: 60_000 });
    await flush();
    expect(asked()).toHaveLength(2);
    second.abort();
    await Promise.all(calls);
  });

  it('a slot released to a store that cannot notify wakes the next waiter', async () => {
    const shared = new InProcessRateLimitStore();
    const store: RateLimitStore = {
      acquire: (key, request) => shared.acquire(key, request),
      release: (key, lease, holdMs) => shared.release(key, lease, holdMs),
      withdraw: (key, waiter) => shared.withdraw(key, waiter),
      pause: (key, ms) => shared.pause(key, ms),
    };
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 60_000, store });
    const held = await limiter.acquire({ operation, timeout: 60_000 });
    let next: Slot | undefined;
    const waiting = limiter.acquire({ operation, timeout: 60_000 }).then((slot) => (next = slot));
    await flush();
    expect(next).toBeUndefined();
    held.cancel();
    await flush();
    expect(next).toBeDefined();
    (await waiting).cancel();
  });

  it('a signal shared by queued calls still aborts those left after one of them is served', async () => {
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 60_000 });
    const held = await limiter.acquire({ operation, timeout: 1000 });
    const controller = new AbortController();
    const served = limiter.acquire({ operation, timeout: 1000, signal: controller.signal });
    const left = limiter.acquire({ operation, timeout: 1000, signal: controller.signal });
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    held.cancel();
    await served;
    expect(remove).not.toHaveBeenCalled();
    controller.abort(new Error('stop'));
    await expect(left).rejects.toThrow('stop');
  });
});

describe('timers left behind', () => {
  it('a call granted at once keeps neither its maxQueueWait timer nor the store-call timeout', async () => {
    const { store } = storeWithoutSubscribe(async () => ({ granted: true, lease: 'L' }));
    const limiter = new RateLimiter(freshKey(), { limit: 2, interval: 500, store });
    (await limiter.acquire({ operation, timeout: 1000 })).cancel();
    fakeClock();
    const slot = await limiter.acquire({ operation, timeout: 1000, maxQueueWait: 1000 });
    expect(vi.getTimerCount()).toBe(0);
    slot.cancel();
  });
});

describe('after a 429', () => {
  it('round trips trusted before are trusted no more: the slot is held the full interval after a response', async () => {
    fakeClock();
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 100 });
    const holdAfterResponse = async (slot: Slot) => {
      await vi.advanceTimersByTimeAsync(40);
      slot.responded();
      const respondedAt = performance.now();
      const next = limiter.acquire({ operation, timeout: 5000 });
      let granted = false;
      void next.then(() => (granted = true));
      while (!granted) await vi.advanceTimersByTimeAsync(1);
      return { gap: performance.now() - respondedAt, next: await next };
    };
    let slot = await limiter.acquire({ operation, timeout: 5000 });
    let gap = 0;
    for (let i = 0; i < 20; i++) ({ gap, next: slot } = await holdAfterResponse(slot));
    // Every round trip took 40 ms: no spread, so the margin is the 1 ms least.
    expect(gap).toBe(61);
    limiter.throttled(0);
    ({ gap, next: slot } = await holdAfterResponse(slot));
    expect(gap).toBe(100);
    slot.cancel();
  });

  it('a 429 before the key is hashed pauses no store', async () => {
    const { store, calls } = storeWithoutSubscribe(async () => ({ granted: true, lease: 'L' }));
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 100, store });
    limiter.throttled(1000);
    await flush();
    expect(calls).toEqual([]);
  });
});

describe('when the store fails', () => {
  it('a client that may not fall back is not told about a fallback', async () => {
    const fallbacks: unknown[] = [];
    const { store } = storeWithoutSubscribe(failing);
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 100, store, onStoreFallback: (error) => fallbacks.push(error) });
    await expect(limiter.acquire({ operation, timeout: 1000 })).rejects.toBeInstanceOf(RateLimitStoreError);
    expect(fallbacks).toEqual([]);
  });

  it('the waiter that falls back withdraws from the store it asked', async () => {
    const { store, calls, asked } = storeWithoutSubscribe(failing);
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 100, store, onStoreError: 'local' });
    (await limiter.acquire({ operation, timeout: 1000 })).cancel();
    expect(calls.filter(([name]) => name === 'withdraw')).toEqual([['withdraw', expect.any(String), asked()[0]]]);
  });

  it("a client that may not fall back still asks the store while another one's fallback lasts, and the fallback ends at 5 s", async () => {
    fakeClock();
    const { store, asked } = storeWithoutSubscribe(failing);
    const apiKey = freshKey();
    const lenient = new RateLimiter(apiKey, { limit: 5, interval: 100, store, onStoreError: 'local' });
    const strict = new RateLimiter(apiKey, { limit: 5, interval: 100, store });
    (await lenient.acquire({ operation, timeout: 1000 })).cancel();
    expect(asked()).toHaveLength(1);
    await expect(strict.acquire({ operation, timeout: 1000 })).rejects.toBeInstanceOf(RateLimitStoreError);
    expect(asked()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    (await lenient.acquire({ operation, timeout: 1000 })).cancel();
    expect(asked()).toHaveLength(3);
  });
});

describe('defaults', () => {
  it("a client without rateLimit options takes the API's budget of 10 requests a second", () => {
    expect(new OpenPhone({ apiKey: freshKey() }).rateLimit).toMatchObject({ limit: 10, interval: 1000 });
  });
});
