import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/internal/transport/rate-limit.js';
import type { AcquireResult } from '../../src/internal/transport/rate-limit-store.js';
import { recordingStore } from '../helpers/recording-store.js';

let keyCounter = 0;
const freshKey = () => `limiter-store-calls-${process.pid}-${++keyCounter}`;
const operation = { method: 'GET', path: '/v1/test' };
const HASH = /^[0-9a-f]{64}$/;

afterEach(() => {
  vi.restoreAllMocks();
});

/** A store that answers each acquire with what `answer` returns, and records every call. */
describe('a rate limiter with a store', () => {
  it('asks again as soon as the store says something changed, and stops listening once nobody waits', async () => {
    let answer: AcquireResult = { granted: false, retryInMs: 60_000 };
    const { store, calls, notify, unsubscribed } = recordingStore(async () => answer);
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 500, store });
    const pending = limiter.acquire({ operation, timeout: 1000 });
    await vi.waitFor(() => expect(calls.map(([name]) => name)).toEqual(['acquire', 'subscribe']));
    answer = { granted: true, lease: 'L1' };
    notify();
    const slot = await pending;
    expect(calls.map(([name]) => name)).toEqual(['acquire', 'subscribe', 'acquire']);
    expect(unsubscribed()).toBe(1);
    slot.responded();
    await vi.waitFor(() => expect(calls).toHaveLength(4));
    // A shared store never trusts round trips: the slot is held the whole interval.
    expect(calls.at(-1)).toEqual(['release', expect.stringMatching(HASH), 'L1', 500]);
  });

  it('withdraws a waiter that gives up from the store it asked', async () => {
    const { store, calls } = recordingStore(async () => ({ granted: false, retryInMs: 60_000 }));
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 500, store });
    const controller = new AbortController();
    const pending = limiter.acquire({ operation, timeout: 1000, signal: controller.signal });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
    const [, key, waiter] = calls[0]!;
    expect(calls.slice(1)).toEqual([
      ['subscribe', key],
      ['withdraw', key, waiter],
    ]);
  });

  it('hands back at once a slot granted after its waiter left', async () => {
    let grant: (result: AcquireResult) => void = () => undefined;
    const { store, calls } = recordingStore(() => new Promise((resolve) => (grant = resolve)));
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 500, store });
    const controller = new AbortController();
    const pending = limiter.acquire({ operation, timeout: 1000, signal: controller.signal });
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    grant({ granted: true, lease: 'late' });
    await vi.waitFor(() => expect(calls.filter(([name]) => name === 'release')).toHaveLength(1));
    expect(calls.filter(([name]) => name === 'release')).toEqual([['release', expect.stringMatching(HASH), 'late', 0]]);
  });

  it('pauses the key in the store for the Retry-After plus jitter of up to half the interval', async () => {
    const { store, calls } = recordingStore(async () => ({ granted: true, lease: 'L' }));
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 400, store });
    (await limiter.acquire({ operation, timeout: 1000 })).cancel();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    limiter.throttled(2_000);
    expect(calls.at(-1)).toEqual(['pause', expect.stringMatching(HASH), 2_100]);
  });
});

describe('the registry of limiters', () => {
  const registry = () => (globalThis as { [key: symbol]: { limiters: Map<string, unknown> } })[Symbol.for('openphone-sdk.rate-limit-registry.v1')]!;

  it('forgets idle limiters as keys come and go, but keeps one that holds a slot, has a queue or was throttled', async () => {
    const holdingKey = freshKey();
    const holder = new RateLimiter(holdingKey, { limit: 1, interval: 60_000 });
    const slot = await holder.acquire({ operation, timeout: 1000 });
    const queued = holder.acquire({ operation, timeout: 1000 });
    const throttledKey = freshKey();
    const throttled = new RateLimiter(throttledKey, { limit: 10, interval: 60_000 });
    throttled.throttled(0);
    for (let i = 0; i < 300; i++) new RateLimiter(freshKey(), { limit: 1, interval: 1000 });
    const { limiters } = registry();
    expect(limiters.size).toBeLessThanOrEqual(64);
    expect([limiters.has(holdingKey), limiters.has(throttledKey)]).toEqual([true, true]);
    // The key's budget is still the one its slot and queue are in.
    expect(new RateLimiter(holdingKey, { limit: 1, interval: 60_000 }).status).toMatchObject({ queued: 1, inFlight: 1 });
    slot.cancel();
    (await queued).cancel();
  });
});

describe('waiters and their signals', () => {
  it('listens once to a signal shared by many queued calls, and stops once none of them waits', async () => {
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 1 });
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const held = await limiter.acquire({ operation, timeout: 1000 });
    const queued = [1, 2, 3].map(() => limiter.acquire({ operation, timeout: 1000, signal: controller.signal }));
    expect([add.mock.calls.length, remove.mock.calls.length]).toEqual([1, 0]);
    held.cancel();
    for (const call of queued) (await call).cancel();
    expect(remove.mock.calls.map(([type]) => type)).toEqual(['abort']);
    expect(remove.mock.calls[0]![1]).toBe(add.mock.calls[0]![1]);
  });

  it('keeps one slot for a key of limit 1 after a 429', async () => {
    const limiter = new RateLimiter(freshKey(), { limit: 1, interval: 20 });
    (await limiter.acquire({ operation, timeout: 1000 })).cancel();
    limiter.throttled(0);
    limiter.throttled(0);
    const slot = await limiter.acquire({ operation, timeout: 1000 });
    expect(limiter.status.inFlight).toBe(1);
    slot.cancel();
  });

  it('gives every waiter its own id in the store: a random prefix for the process, then a count', async () => {
    const { store, calls } = recordingStore(async () => ({ granted: true, lease: 'L' }));
    const limiter = new RateLimiter(freshKey(), { limit: 5, interval: 100, store });
    for (let i = 0; i < 3; i++) (await limiter.acquire({ operation, timeout: 1000 })).cancel();
    const ids = calls.filter(([name]) => name === 'acquire').map(([, , waiter]) => waiter);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual(Array(3).fill(expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d+$/)));
    expect(new Set(ids.map((id) => String(id).replace(/-\d+$/, ''))).size).toBe(1);
  });
});
