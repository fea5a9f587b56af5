import { afterEach, describe, expect, it, vi } from 'vitest';
import { InProcessRateLimitStore } from '../../src/internal/transport/rate-limit-store.js';

afterEach(() => vi.useRealTimers());
const fakeClock = () => vi.useFakeTimers({ toFake: ['performance'] });
const request = (waiter: string, limit = 1, leaseMs = 1000) => ({ waiter, limit, leaseMs });

/** The lease `store` grants for `asked` on `key`; fails the test if it refuses. */
async function lease(store: InProcessRateLimitStore, asked: ReturnType<typeof request>, key = 'k'): Promise<string> {
  const answer = await store.acquire(key, asked);
  if (!answer.granted) throw new Error(`expected a grant for ${asked.waiter}, got ${JSON.stringify(answer)}`);
  return answer.lease;
}

describe('InProcessRateLimitStore', () => {
  it('grants up to the limit, then says when the first slot frees', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    expect(await store.acquire('k', request('a', 2))).toMatchObject({ granted: true });
    expect(await store.acquire('k', request('b', 2))).toMatchObject({ granted: true });
    expect(await store.acquire('k', request('c', 2))).toEqual({ granted: false, retryInMs: 1000 });
  });

  it('a lease never released frees itself leaseMs after its grant', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    await store.acquire('k', request('a', 1, 300));
    vi.advanceTimersByTime(299);
    expect(await store.acquire('k', request('b', 1, 300))).toMatchObject({ granted: false });
    vi.advanceTimersByTime(1);
    expect(await store.acquire('k', request('b', 1, 300))).toMatchObject({ granted: true });
  });

  it('a released lease holds its slot holdMs from the release, and an unknown lease is ignored', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    const first = await lease(store, request('a'));
    vi.advanceTimersByTime(50);
    await store.release('k', first, 100);
    await store.release('k', 'no-such-lease', 0);
    expect(await store.acquire('k', request('b'))).toEqual({ granted: false, retryInMs: 100 });
    vi.advanceTimersByTime(100);
    expect(await store.acquire('k', request('b'))).toMatchObject({ granted: true });
  });

  it('a slot released with a shorter hold frees no sooner than one released before it', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    const first = await lease(store, request('a', 2));
    const second = await lease(store, request('b', 2));
    await store.release('k', first, 300);
    await store.release('k', second, 100);
    vi.advanceTimersByTime(100);
    expect(await store.acquire('k', request('c', 2))).toEqual({ granted: false, retryInMs: 200 });
    vi.advanceTimersByTime(200);
    expect(await store.acquire('k', request('c', 2))).toMatchObject({ granted: true });
    expect(await store.acquire('k', request('d', 2))).toMatchObject({ granted: true });
  });

  it('a second release of a lease changes nothing', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    const held = await lease(store, request('a'));
    await store.release('k', held, 100);
    vi.advanceTimersByTime(60);
    await store.release('k', held, 100);
    vi.advanceTimersByTime(40);
    expect(await store.acquire('k', request('b'))).toMatchObject({ granted: true });
  });

  it('a lease that lapses unreleased frees its slot among many released ones', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    const crashed = await store.acquire('k', request('crashed', 3, 500));
    for (const waiter of ['a', 'b']) await store.release('k', await lease(store, request(waiter, 3, 5000)), 0);
    expect(crashed.granted).toBe(true);
    const holder = await store.acquire('k', request('holder', 3, 5000));
    const other = await store.acquire('k', request('other', 3, 5000));
    expect(await store.acquire('k', request('late', 3, 5000))).toMatchObject({ granted: false });
    vi.advanceTimersByTime(500);
    expect([holder.granted, other.granted]).toEqual([true, true]);
    expect(await store.acquire('k', request('late', 3, 5000))).toMatchObject({ granted: true });
  });

  it('serves waiters in the order they first asked, and a withdrawn one gives up its turn', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    const held = await lease(store, request('holder'));
    expect(await store.acquire('k', request('first'))).toMatchObject({ granted: false });
    expect(await store.acquire('k', request('second'))).toMatchObject({ granted: false });
    await store.release('k', held, 0);
    expect(await store.acquire('k', request('second'))).toMatchObject({ granted: false });
    await store.withdraw('k', 'first');
    expect(await store.acquire('k', request('second'))).toMatchObject({ granted: true });
  });

  it('a pause holds every slot; a shorter pause does not shorten it', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    await store.pause('k', 200);
    await store.pause('k', 50);
    expect(await store.acquire('k', request('a', 5))).toEqual({ granted: false, retryInMs: 200 });
    vi.advanceTimersByTime(200);
    expect(await store.acquire('k', request('a', 5))).toMatchObject({ granted: true });
  });

  it('tells subscribers about every release and withdrawal, until they unsubscribe', async () => {
    const store = new InProcessRateLimitStore();
    const heard: string[] = [];
    const unsubscribe = store.subscribe('k', () => heard.push('k'));
    const held = await lease(store, request('a'));
    await store.acquire('k', request('b'));
    await store.release('k', held, 10);
    await store.withdraw('k', 'b');
    unsubscribe();
    await store.withdraw('k', 'b');
    expect(heard).toEqual(['k', 'k']);
  });

  it('keeps nothing for a key once it is idle', async () => {
    fakeClock();
    const store = new InProcessRateLimitStore();
    await store.release('k', await lease(store, request('a')), 0);
    expect(store.size).toBe(0);
    for (let i = 0; i < 1000; i++) await store.release(`key-${i}`, await lease(store, request('a'), `key-${i}`), 10);
    vi.advanceTimersByTime(10);
    // Idle keys are swept when the map has doubled since the last sweep (at 1024 here).
    for (let i = 0; i < 30; i++) await store.acquire(`later-${i}`, request('a'));
    expect(store.size).toBeLessThanOrEqual(30);
  });
});
