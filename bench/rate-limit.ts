/**
 * Rate-limit bench: the budget used under real latency, and two processes on
 * one key.
 *
 * (a) GETs through one client against servers allowing 10 per 1000 ms:
 *     a sliding window answering at once (loopback); sliding window, fixed
 *     window and token bucket, each request answered 100–300 ms after it is
 *     counted, as with real processing time; and a sliding window where both
 *     legs vary (0–100 ms out, 100–200 ms back). The figure is the steady rate
 *     at the server (see `steadyRate`), against the bound docs/rate-limit.md derives:
 *     limit / (interval + mean round trip - fastest), 0.909 for both latencies.
 *     Each server under latency is measured over 200 GETs, where the client's
 *     start-up (learning the round trips) weighs, and over 1000.
 * (b) Two processes, 100 GETs each on one key, against a sliding window that
 *     ignores refused requests and one that counts them: 429s drawn, calls
 *     that failed after their retries, and the aggregate rate.
 *
 *   npx tsx bench/rate-limit.ts      (BENCH_RATE_LIMIT_REQUESTS=200, BENCH_RATE_LIMIT_LONG_REQUESTS=1000; 0 skips the long runs)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { OpenPhone } from '../src/index.js';
import { meanRoundTrip, timedFetch } from '../test/helpers/round-trips.js';
import { startLimitServer, steadyRate, type LimitServerOptions } from '../test/server/limit-server.js';
import { printSection, section, type Figure, type Section } from './results.js';

const LIMIT = { limit: 10, interval: 1000 };
const REQUESTS = Number(process.env.BENCH_RATE_LIMIT_REQUESTS ?? 200);
const LONG_REQUESTS = Number(process.env.BENCH_RATE_LIMIT_LONG_REQUESTS ?? 1000);
let keyCounter = 0;
const freshKey = () => `bench-limit-${process.pid}-${++keyCounter}`;

async function underLatency(label: string, options: Omit<LimitServerOptions, 'limit' | 'interval'>, requests = REQUESTS) {
  const server = await startLimitServer({ ...LIMIT, ...options });
  try {
    // Each request's round trip, for the bound its spread allows.
    const timed = timedFetch();
    // Every request is queued at once: none may give up waiting for its turn.
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, maxRetries: 2, fetch: timed.fetch, maxQueueWait: Number.POSITIVE_INFINITY });
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: requests }, async () => (await client.raw.GET('/v1/phone-numbers')).response.status));
    const seconds = (performance.now() - started) / 1000;
    const { rejected, arrivals } = await server.stats();
    const ok = statuses.filter((s) => s === 200).length;
    const mean = meanRoundTrip(timed.roundTrips);
    const fastest = Math.min(...timed.roundTrips);
    return {
      server: label,
      GETs: requests,
      seconds: seconds.toFixed(2),
      'steady rate': steadyRate(arrivals, LIMIT).toFixed(3),
      'mean / fastest round trip ms': `${mean.toFixed(0)} / ${fastest.toFixed(0)}`,
      'bound for them': bound(mean - fastest).toFixed(3),
      '429s': rejected,
      failed: requests - ok,
    };
  } finally {
    await server.close();
  }
}

/** The most of the limit a client that sees only its own round trips can use: limit / (interval + mean round trip - fastest), over the limit. */
const bound = (spreadMs: number) => LIMIT.interval / (LIMIT.interval + spreadMs);

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./rate-limit-worker.ts', import.meta.url));

async function twoProcesses(label: string, countRejected: boolean) {
  const server = await startLimitServer({ ...LIMIT, policy: 'sliding', countRejected });
  try {
    const key = freshKey();
    const results = await Promise.all(
      [0, 1].map(async () => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', worker], {
          env: { ...process.env, BENCH_URL: server.url, KEY: key, COUNT: '100' },
        });
        return JSON.parse(stdout) as { ok: number; failed: number; seconds: number };
      }),
    );
    // Timed inside each worker, so process start-up does not count.
    const seconds = Math.max(...results.map((r) => r.seconds));
    const ok = results.reduce((sum, r) => sum + r.ok, 0);
    const { rejected } = await server.stats();
    return {
      server: label,
      seconds: seconds.toFixed(2),
      'ok req/s': (ok / seconds).toFixed(2),
      'of limit': (ok / seconds / LIMIT.limit).toFixed(3),
      '429s': rejected,
      failed: results.reduce((sum, r) => sum + r.failed, 0),
    };
  } finally {
    await server.close();
  }
}

/** 100–300 ms answers, or 0–100 ms out and 100–200 ms back: a mean round trip 100 ms above the fastest. */
const LATENCY_BOUND = bound(100);
const SHARE_OF_BOUND = 0.98;

export async function benchRateLimit(): Promise<Section> {
  const lengths = [REQUESTS, ...(LONG_REQUESTS > 0 ? [LONG_REQUESTS] : [])];
  console.log(`\n## Rate limit under latency: ${lengths.join(' and ')} GETs, ${LIMIT.limit} per ${LIMIT.interval} ms, one client\n`);
  const answeredLate = { outbound: [1, 1], inbound: [100, 300] } as const;
  const servers: [string, Omit<LimitServerOptions, 'limit' | 'interval'>][] = [
    ['sliding window, answered 100–300 ms after counting', { policy: 'sliding', ...answeredLate }],
    ['fixed window, answered 100–300 ms after counting', { policy: 'fixed', ...answeredLate }],
    ['token bucket, answered 100–300 ms after counting', { policy: 'token-bucket', ...answeredLate }],
    ['sliding window, 0–100 ms out and 100–200 ms back', { policy: 'sliding', outbound: [0, 100], inbound: [100, 200] }],
  ];
  const latency = [{ ...(await underLatency('sliding window, answered at once (loopback)', { policy: 'sliding' })), goal: 0.98 }];
  for (const requests of lengths) {
    for (const [label, options] of servers) latency.push({ ...(await underLatency(label, options, requests)), goal: SHARE_OF_BOUND * LATENCY_BOUND });
  }
  console.table(latency);
  console.log(
    `goal: a steady rate at the server >= ${SHARE_OF_BOUND} of the bound limit / (interval + mean round trip - fastest) = ${LATENCY_BOUND.toFixed(3)} under latency, >= 0.98 on loopback, with 0 429s`,
  );

  console.log('\n## Two processes on one key, 100 GETs each (maxRetries 2), sliding window 10 per 1000 ms\n');
  const shared = [await twoProcesses('refused requests not counted', false), await twoProcesses('refused requests counted', true)];
  console.table(shared);
  console.log('goal: the two converge (few 429s, no failed calls); one budget across processes needs a shared store (openphone-sdk/redis)');

  const figures: Figure[] = [
    ...latency.map((row) => ({
      figure: `Steady rate at the server, ${row.server}, ${row.GETs} GETs`,
      measured: `${row['steady rate']} of the limit (bound ${row['bound for them']} for the round trips seen, mean / fastest ${row['mean / fastest round trip ms']} ms), ${row['429s']} 429s, ${row.failed} failed`,
      goal: `≥ ${row.goal.toFixed(2)}${row.goal < 0.98 ? ` (${SHARE_OF_BOUND} of the ${LATENCY_BOUND.toFixed(3)} bound)` : ''}, 0 429s`,
    })),
    ...shared.map((row) => ({
      figure: `Two processes on one key, no shared store, sliding window, ${row.server}`,
      measured: `${row['of limit']} of the limit, ${row['429s']} 429s, ${row.failed} failed`,
      goal: 'no failed call (0 429s needs a shared store)',
    })),
  ];
  return section('rate-limit', `Rate limit (\`bench/rate-limit.ts\`): ${lengths.join(' and ')} GETs at ${LIMIT.limit} per ${LIMIT.interval} ms, servers in their own processes`, figures);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printSection(await benchRateLimit());
}
