import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { startLimitServer, steadyRate, type LimitServer, type LimitServerOptions } from '../server/limit-server.js';

/**
 * The API's interval, so that a few milliseconds of a loaded machine's timer lateness weigh as little against
 * it as they do in use; answers take 100–300 ms. Twice the API's limit keeps the runs short: 20 round trips
 * before they are trusted, then four rounds on them.
 */
const LIMIT = { limit: 20, interval: 1000 };
const REQUESTS = 100;

let server: LimitServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let keyCounter = 0;

async function burst(options: Omit<LimitServerOptions, 'limit' | 'interval'>) {
  server = await startLimitServer({ ...LIMIT, ...options });
  const client = new OpenPhone({
    apiKey: `latency-test-${process.pid}-${++keyCounter}`,
    baseUrl: server.url,
    rateLimit: LIMIT,
    maxRetries: 0,
  });
  const statuses = await Promise.all(Array.from({ length: REQUESTS }, async () => (await client.raw.GET('/v1/phone-numbers')).response.status));
  return { statuses, stats: await server.stats() };
}

describe('the whole budget under varying latency, never a 429', () => {
  it.each(['sliding', 'fixed', 'token-bucket'] as const)(
    'against a %s-window server',
    async (policy) => {
      // The server's answer time varies widely, after it has counted the request, as with real processing time.
      const { statuses, stats } = await burst({ policy, outbound: [1, 1], inbound: [100, 300] });
      expect(stats.rejected).toBe(0);
      expect(statuses.filter((s) => s === 200)).toHaveLength(REQUESTS);
    },
    30_000,
  );

  it('when both legs vary, the first 429 makes the key stop relying on round trips, so few follow', async () => {
    server = await startLimitServer({ ...LIMIT, policy: 'sliding', outbound: [0, 75], inbound: [25, 225] });
    const client = new OpenPhone({ apiKey: `latency-test-${process.pid}-${++keyCounter}`, baseUrl: server.url, rateLimit: LIMIT });
    const statuses = await Promise.all(Array.from({ length: REQUESTS * 2 }, async () => (await client.raw.GET('/v1/phone-numbers')).response.status));
    // At most the slots in flight when the first 429 came back can draw one; retries then get through.
    expect((await server.stats()).rejected).toBeLessThanOrEqual(LIMIT.limit);
    expect(statuses.filter((s) => s === 200)).toHaveLength(REQUESTS * 2);
  }, 60_000);
});

describe('the steady rate the bench reports, from arrivals at the server', () => {
  const budget = { limit: 10, interval: 1000 };
  const times = (count: number, at: (i: number) => number) => Array.from({ length: count }, (_, i) => at(i));

  it('is the whole limit for a client that sends in bursts of `limit` each interval, or evenly', () => {
    const bursts = times(200, (i) => Math.floor(i / 10) * 1000);
    expect(steadyRate(bursts, budget)).toBeCloseTo(1, 9);
    expect(
      steadyRate(
        times(200, (i) => i * 100),
        budget,
      ),
    ).toBeCloseTo(1, 9);
  });

  it('scales with the spacing, and needs arrivals past the first `limit`', () => {
    expect(
      steadyRate(
        times(200, (i) => i * 110),
        budget,
      ),
    ).toBeCloseTo(100 / 110, 9);
    expect(
      steadyRate(
        times(10, (i) => i),
        budget,
      ),
    ).toBeNaN();
  });
});
