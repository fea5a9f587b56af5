/**
 * Processes sharing one API key's budget through a real redis-server, against
 * a loopback API (in the test's process, apart from the workers' clients) that
 * enforces the limit over a sliding window. Each test runs the fewest calls that show
 * what it proves; where the rate itself is not measured, a faster limit keeps
 * the run short (no 429s, every call served: neither depends on its size).
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { hashedName } from '../../src/redis/client.js';
import { redisRateLimitStore } from '../../src/redis/index.js';
import type { Bundle } from '../helpers/bundle.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startLimitServerHere, steadyRate, type LimitServer, type LimitServerOptions } from '../server/limit-server.js';
import { CLIENTS, type TestClient } from './clients.js';
import type { WorkerOptions } from './rate-limit-worker.js';
import { bundleWorker, roundTripBound, runWorkers } from './workers.js';

const LIMIT = { limit: 50, interval: 1000 };
/** The real API's limit, for the test that measures the aggregate rate against it. */
const API_LIMIT = { limit: 10, interval: 1000 };

let redisServer: RedisServer;
let redis: TestClient;
let worker: Bundle;
let api: LimitServer | undefined;
let keyCounter = 0;

beforeAll(async () => {
  if (!hasRedisServer) return;
  [redisServer, worker] = await Promise.all([startRedisServer(), bundleWorker()]);
  redis = await CLIENTS.ioredis(redisServer.url);
});
afterAll(async () => {
  await redis?.close();
  await redisServer?.kill();
  await worker?.remove();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** Starts the API (by default answering in 2–4 ms) at the workers' limit, and describes a worker on a fresh key. */
async function workerOptions(
  overrides: Partial<Omit<WorkerOptions, 'baseUrl'>> = {},
  latency: Pick<LimitServerOptions, 'outbound' | 'inbound'> = { outbound: [1, 1], inbound: [1, 3] },
): Promise<WorkerOptions> {
  const { limit, interval } = { ...LIMIT, ...overrides };
  api = await startLimitServerHere({ policy: 'sliding', limit, interval, ...latency });
  return {
    baseUrl: api.url,
    apiKey: `multi-process-${process.pid}-${++keyCounter}`,
    calls: 40,
    ...LIMIT,
    timeout: 5000,
    redisUrl: redisServer.url,
    ...overrides,
  };
}

describe.skipIf(!hasRedisServer)('one budget across processes, through Redis', () => {
  it("4 processes × 50 concurrent calls on one key at the API's 10/s: no 429, at least 0.95 of what their round trips allow, every process a fair share", async () => {
    // Twenty windows of the limit, in about 19 s: with fewer, one stall of a busy machine weighs enough to pull the rate under 0.95.
    const options = await workerOptions({ calls: 50, ...API_LIMIT, timeout: 60_000, maxRetries: 0 });
    const workers = await runWorkers(worker, [options, { ...options, redisClient: 'node-redis' }, options, { ...options, redisClient: 'node-redis' }]);
    const summaries = await Promise.all(workers.map((each) => each.finished));

    const calls = workers.flatMap((each) => each.calls);
    expect((await api!.stats()).rejected).toBe(0);
    expect(calls.filter((call) => call.status === 200)).toHaveLength(4 * options.calls);
    // The queue in Redis hands every freed slot on without idling: the server sees at least 0.95 of what the
    // round trips allow, however loaded the machine (its stalls lengthen the round trips too).
    expect(summaries).not.toContain(undefined);
    expect(steadyRate((await api!.stats()).arrivals, API_LIMIT)).toBeGreaterThanOrEqual(0.95 * roundTripBound(summaries, API_LIMIT.interval));
    // Fairness: by the time the first process is done, each of the others has had at least half its calls served.
    const firstDone = Math.min(...workers.map((each) => Math.max(...each.calls.map((call) => call.end))));
    for (const each of workers) {
      expect(each.calls.filter((call) => call.end <= firstDone).length).toBeGreaterThanOrEqual(options.calls / 2);
    }
  }, 120_000);

  it('kill -9 of one process mid-run: the others finish without a 429, and its leases lapse within the timeout', async () => {
    // Answers slow enough that the victim has requests in flight when it dies.
    const options = await workerOptions({ timeout: 2000, maxRetries: 0 }, { outbound: [1, 1], inbound: [50, 150] });
    const [victim, ...survivors] = await runWorkers(worker, [options, options, options]);
    await victim!.settled(10);
    victim!.kill('SIGKILL');
    await Promise.all(survivors.map((each) => each.finished));
    const finishedAt = performance.now();

    expect(await victim!.finished).toBeUndefined();
    expect((await api!.stats()).rejected).toBe(0);
    for (const each of survivors) expect(each.calls.filter((call) => call.status === 200)).toHaveLength(options.calls);
    // A lease lasts at most timeout + interval from its grant. One lease later than the last grant,
    // the victim's (never released) have lapsed, as has any release a survivor's exit cut short:
    // no slot is held for good (Redis drops lapsed entries at the next ask).
    const leaseMs = options.timeout + options.interval;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, finishedAt + leaseMs - performance.now())));
    const [seconds, micros] = (await redis.command('TIME')) as [string, string];
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const held = `openphone-sdk:rate-limit:{${hashedName(createHash('sha256').update(options.apiKey).digest('hex'))}}:held`;
    expect(await redis.command('ZRANGEBYSCORE', held, `(${redisNow}`, '+inf')).toEqual([]);
  }, 120_000);
});

describe.skipIf(!hasRedisServer)('a 429', () => {
  it('seen by one process pauses the key for every process sharing the store', async () => {
    // A long window, so the pause its Retry-After asks for outlasts the look from the other process however slow.
    api = await startLimitServerHere({ policy: 'sliding', limit: 2, interval: 60_000 });
    const apiKey = `paused-${process.pid}`;
    const store = redisRateLimitStore(redis.client);
    const client = new OpenPhone({ apiKey, baseUrl: api.url, maxRetries: 0, logLevel: 'off', rateLimit: { store } });
    // Something outside the store spends the window, so the client's call draws a 429.
    for (let i = 0; i < 2; i++) await fetch(`${api.url}/v1/phone-numbers`, { headers: { authorization: apiKey } });

    expect((await client.raw.GET('/v1/phone-numbers')).response.status).toBe(429);

    // Another process's view of the key: a store on its own connection, with every slot free.
    const other = await CLIENTS['node-redis'](redisServer.url);
    try {
      const key = createHash('sha256').update(apiKey).digest('hex');
      const answer = await redisRateLimitStore(other.client).acquire(key, { waiter: 'other-process', limit: 10, leaseMs: 5000 });
      expect(answer.granted).toBe(false);
      const pauseKey = `openphone-sdk:rate-limit:{${hashedName(key)}}:pause`;
      expect(Number(await other.command('PTTL', pauseKey))).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

/**
 * Redis stops once the first calls are answered, while most still wait for a
 * slot: at 10 a second, the last would be sent seconds later.
 */
const BEFORE_THE_OUTAGE = { limit: 10, interval: 1000, calls: 30 };

describe.skipIf(!hasRedisServer)('Redis stopped mid-run', () => {
  let outage: RedisServer;
  beforeAll(async () => {
    outage = await startRedisServer();
  });
  afterAll(() => outage?.kill());

  it('fails every call not yet sent with RateLimitStoreError, within the timeout, by default', async () => {
    await outage.restart();
    const options = await workerOptions({ ...BEFORE_THE_OUTAGE, redisUrl: outage.url, timeout: 1500 });
    const workers = await runWorkers(worker, [options, options]);
    await workers[0]!.settled(5);
    await outage.kill();
    await Promise.all(workers.map((each) => each.finished));

    const calls = workers.flatMap((each) => each.calls);
    expect(calls).toHaveLength(2 * options.calls);
    const failed = calls.filter((call) => call.error !== undefined);
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((call) => call.error))).toEqual(new Set(['RateLimitStoreError']));
    expect(calls.filter((call) => call.status !== undefined && call.status !== 200)).toEqual([]);
    expect((await api!.stats()).rejected).toBe(0);
  }, 120_000);

  it("falls back to the process's own budget with onStoreError: 'local', and says so through the hook", async () => {
    await outage.restart();
    const options = await workerOptions({ ...BEFORE_THE_OUTAGE, redisUrl: outage.url, timeout: 1500, onStoreError: 'local' });
    const [only] = await runWorkers(worker, [options]);
    await only!.settled(5);
    await outage.kill();
    const summary = await only!.finished;

    expect(only!.calls.filter((call) => call.status === 200)).toHaveLength(options.calls);
    expect(summary?.fallbacks).toBeGreaterThan(0);
  }, 120_000);
});
