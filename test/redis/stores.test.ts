import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import type { createClient } from 'redis';
import { redisDedupeStore, redisRateLimitStore, type RedisClient } from '../../src/redis/index.js';
import type { AcquireResult } from '../../src/internal/transport/rate-limit-store.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { CLIENTS, type TestClient } from './clients.js';

const API_KEY = 'sk-test-0123456789abcdef';

function granted(result: AcquireResult): string {
  if (!result.granted) throw new Error(`refused, retry in ${result.retryInMs} ms`);
  return result.lease;
}

function refusal(result: AcquireResult): number {
  if (result.granted) throw new Error('granted');
  return result.retryInMs;
}

it('accepts ioredis and node-redis clients as they are typed', () => {
  expectTypeOf<Redis>().toExtend<RedisClient>();
  expectTypeOf<ReturnType<typeof createClient>>().toExtend<RedisClient>();
});

it('refuses anything that is not a Redis client, naming what it expects', () => {
  expect(() => redisRateLimitStore({} as RedisClient)).toThrow(/ioredis client .* or a node-redis client/);
});

// Each client has a server of its own, so the two run side by side; within one, tests run in order.
describe.skipIf(!hasRedisServer).concurrent.each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])('on %s', (name) => {
  let server: RedisServer;
  let redis: TestClient;
  let keyCounter = 0;
  /** A fresh API key per test, so tests never share a budget. */
  const nextKey = () => `${API_KEY}-${name}-${++keyCounter}`;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await CLIENTS[name](server.url);
  });
  afterAll(async () => {
    await redis?.close();
    await server?.kill();
  });

  describe.sequential('redisRateLimitStore', () => {
    it('grants up to the limit, then refuses and asks to poll while every slot is in flight', async () => {
      const store = redisRateLimitStore(redis.client, { pollMs: 40 });
      const key = nextKey();
      const request = (waiter: string) => store.acquire(key, { waiter, limit: 2, leaseMs: 10_000 });

      granted(await request('a'));
      granted(await request('b'));
      const retry = refusal(await request('c'));

      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(40);
    });

    it('frees a released slot after its hold, on the store’s clock, and at once with no hold', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      const request = (waiter: string) => store.acquire(key, { waiter, limit: 1, leaseMs: 10_000 });

      await store.release(key, granted(await request('a')), 800);
      const retry = refusal(await request('b'));
      expect(retry).toBeGreaterThan(500);
      expect(retry).toBeLessThanOrEqual(801);
      await sleep(retry);
      granted(await request('b'));

      const short = nextKey();
      await store.release(short, granted(await store.acquire(short, { waiter: 'a', limit: 1, leaseMs: 10_000 })), 0);
      granted(await store.acquire(short, { waiter: 'b', limit: 1, leaseMs: 10_000 }));
    });

    it('tells a refused waiter to ask again within a second, so its place in the queue stays live', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      await store.release(key, granted(await store.acquire(key, { waiter: 'a', limit: 1, leaseMs: 60_000 })), 30_000);

      expect(refusal(await store.acquire(key, { waiter: 'b', limit: 1, leaseMs: 60_000 }))).toBe(1000);
    });

    it('frees the slot of a lease never released once leaseMs has passed since its grant', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      granted(await store.acquire(key, { waiter: 'crashed', limit: 1, leaseMs: 150 }));
      refusal(await store.acquire(key, { waiter: 'b', limit: 1, leaseMs: 150 }));

      await sleep(300);

      granted(await store.acquire(key, { waiter: 'b', limit: 1, leaseMs: 150 }));
    });

    it('serves waiters first come, first served, whatever order they ask in', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      const request = (waiter: string) => store.acquire(key, { waiter, limit: 1, leaseMs: 10_000 });
      const first = granted(await request('holder'));
      refusal(await request('early'));
      refusal(await request('late'));

      await store.release(key, first, 0);

      refusal(await request('late'));
      const early = granted(await request('early'));
      refusal(await request('late'));
      await store.release(key, early, 0);
      granted(await request('late'));
    });

    it('lets a waiter that withdraws out of the queue', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      const request = (waiter: string) => store.acquire(key, { waiter, limit: 1, leaseMs: 10_000 });
      const first = granted(await request('holder'));
      refusal(await request('gave-up'));
      refusal(await request('next'));

      await store.withdraw(key, 'gave-up');
      await store.release(key, first, 0);

      granted(await request('next'));
    });

    it('drops a waiter not heard from again, so a dead process cannot hold the queue', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      const first = granted(await store.acquire(key, { waiter: 'holder', limit: 1, leaseMs: 10_000 }));
      refusal(await store.acquire(key, { waiter: 'dead', limit: 1, leaseMs: 200 }));
      await store.release(key, first, 0);
      refusal(await store.acquire(key, { waiter: 'alive', limit: 1, leaseMs: 10_000 }));

      await sleep(300);

      granted(await store.acquire(key, { waiter: 'alive', limit: 1, leaseMs: 10_000 }));
    });

    it('pauses the key for everyone, keeping the longer of two pauses', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      await store.pause(key, 5000);
      await store.pause(key, 100);

      const retry = refusal(await store.acquire(key, { waiter: 'a', limit: 10, leaseMs: 10_000 }));
      expect(retry).toBe(1000);

      const brief = nextKey();
      await store.pause(brief, 150);
      expect(refusal(await store.acquire(brief, { waiter: 'a', limit: 10, leaseMs: 10_000 }))).toBeLessThanOrEqual(151);
      await sleep(250);
      granted(await store.acquire(brief, { waiter: 'a', limit: 10, leaseMs: 10_000 }));
    });

    it('names its keys by a hash of the API key, never the key, and lets them expire', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      const lease = granted(await store.acquire(key, { waiter: 'a', limit: 1, leaseMs: 10_000 }));
      refusal(await store.acquire(key, { waiter: 'b', limit: 1, leaseMs: 10_000 }));
      await store.release(key, lease, 2000);
      await store.pause(key, 3000);

      const names = (await redis.command('KEYS', 'openphone-sdk:rate-limit:*')) as string[];
      expect(names.length).toBeGreaterThan(0);
      expect(names.join(' ')).not.toContain(API_KEY);
      for (const name of names) expect(Number(await redis.command('PTTL', name))).toBeGreaterThan(0);
    });

    it('loads its scripts again after Redis forgot them', async () => {
      const store = redisRateLimitStore(redis.client);
      const key = nextKey();
      granted(await store.acquire(key, { waiter: 'a', limit: 2, leaseMs: 10_000 }));
      await redis.command('SCRIPT', 'FLUSH');

      granted(await store.acquire(key, { waiter: 'b', limit: 2, leaseMs: 10_000 }));
    });
  });

  describe.sequential('redisDedupeStore', () => {
    it('claims a delivery once, reports it in progress to others, and processed once completed', async () => {
      const store = redisDedupeStore(redis.client);
      expect(await store.claim('d1', 'one', 10_000)).toBe('claimed');
      expect(await store.claim('d1', 'two', 10_000)).toBe('in_progress');
      await store.complete('d1', 10_000);
      expect(await store.claim('d1', 'two', 10_000)).toBe('processed');
      expect(Number(await redis.command('PTTL', 'openphone-sdk:webhook:d1'))).toBeGreaterThan(9000);
    });

    it('releases and extends only for the holder, and lets a lapsed claim be taken', async () => {
      const store = redisDedupeStore(redis.client);
      await store.claim('d2', 'one', 150);
      await store.release('d2', 'two');
      await store.extend('d2', 'two', 10_000);
      expect(await store.claim('d2', 'two', 150)).toBe('in_progress');
      await sleep(250);
      expect(await store.claim('d2', 'two', 150)).toBe('claimed');
      await store.extend('d2', 'two', 10_000);
      await sleep(250);
      expect(await store.claim('d2', 'three', 150)).toBe('in_progress');
      await store.release('d2', 'two');
      expect(await store.claim('d2', 'three', 150)).toBe('claimed');
    });
  });
});

describe.skipIf(!hasRedisServer).each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])('with Redis down, on %s', (name) => {
  it('fails each command within commandTimeoutMs instead of waiting in the offline queue', async () => {
    const server = await startRedisServer();
    const redis = await CLIENTS[name](server.url);
    try {
      const store = redisRateLimitStore(redis.client, { commandTimeoutMs: 300 });
      granted(await store.acquire('k', { waiter: 'a', limit: 1, leaseMs: 1000 }));
      await server.kill();

      await expect(store.acquire('k', { waiter: 'b', limit: 1, leaseMs: 1000 })).rejects.toThrow('Redis did not answer EVALSHA within 300 ms');
      await expect(redisDedupeStore(redis.client, { commandTimeoutMs: 300 }).claim('d', 'o', 1000)).rejects.toThrow('Redis did not answer EVALSHA within 300 ms');
    } finally {
      await redis.close();
      await server.kill();
    }
  });
});

describe.skipIf(!hasRedisServer).each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])('with a Redis that may evict keys, on %s', (name) => {
  let server: RedisServer;
  let redis: TestClient;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = await CLIENTS[name](server.url);
    await redis.command('CONFIG', 'SET', 'maxmemory', '64mb');
    await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl');
  });
  afterAll(async () => {
    await redis?.close();
    await server?.kill();
  });

  it('warns once, naming the policy, and keeps working', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const store = redisRateLimitStore(redis.client);
      granted(await store.acquire(`${API_KEY}-evict-warn-${name}`, { waiter: 'a', limit: 5, leaseMs: 1000 }));
      granted(await store.acquire(`${API_KEY}-evict-warn-${name}`, { waiter: 'b', limit: 5, leaseMs: 1000 }));

      expect(warn).toHaveBeenCalledOnce();
      expect(String(warn.mock.calls[0]![0])).toMatch(/maxmemory-policy volatile-ttl.*noeviction/);
    } finally {
      warn.mockRestore();
    }
  });

  it("fails every command with evictionCheck: 'fail', naming the policy", async () => {
    const store = redisDedupeStore(redis.client, { evictionCheck: 'fail' });

    await expect(store.claim('delivery', 'owner', 1000)).rejects.toThrow(/volatile-ttl/);
    await expect(store.claim('delivery', 'owner', 1000)).rejects.toThrow(/volatile-ttl/);
  });

  it('says nothing once the policy is noeviction', async () => {
    await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const store = redisDedupeStore(redis.client, { evictionCheck: 'fail' });
      expect(await store.claim('delivery-2', 'owner', 1000)).toBe('claimed');
      granted(await redisRateLimitStore(redis.client).acquire(`${API_KEY}-noeviction-${name}`, { waiter: 'a', limit: 5, leaseMs: 1000 }));
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      await redis.command('CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl');
    }
  });
});
