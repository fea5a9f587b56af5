/**
 * Transport benchmark.
 *
 * (a) Throughput under the 10 req/s limit: 200 requests through the SDK
 *     against a sliding-window server in its own process, the steady rate as
 *     the server saw it (see `steadyRate`), beside a naive Promise.all over
 *     fetch and beside p-throttle's strict mode alone (what the SDK adds to it
 *     is holding each slot until the response arrives).
 * (b) Overhead: the SDK with its limiter off and on against openapi-fetch and bare fetch on the same
 *     loopback endpoint (the sandbox in its own process), interleaved, median latency.
 *
 *   npx tsx bench/transport.ts              (both)
 *   npx tsx bench/transport.ts --overhead   (overhead only)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';
import pThrottle from 'p-throttle';
import type { paths } from '../generated/paths.js';
import { OpenPhone } from '../src/index.js';
import { startInChildProcess } from '../test/server/index.js';
import { startLimitServer, steadyRate } from '../test/server/limit-server.js';
import { buildEsmPackage } from './library-build.js';
import { printSection, section, type Section } from './results.js';

const LIMIT = { limit: 10, interval: 1000 };
const REQUESTS = 200;
/** Per-call latency with the limiter on, over bare fetch, in 0.2.0: kept no slower. */
const OVERHEAD_GOAL = 1.45;

let keyCounter = 0;
const freshKey = (label: string) => `bench-${label}-${process.pid}-${++keyCounter}`;

interface ThroughputResult {
  label: string;
  seconds: number;
  steadyRate: number;
  rateLimited: number;
}

/** `REQUESTS` concurrent sends on a fresh key, against a fresh server, so its arrivals are this client's alone. */
async function throughput(label: string, send: (url: string, key: string) => Promise<number>): Promise<ThroughputResult> {
  const server = await startLimitServer({ policy: 'sliding', ...LIMIT });
  try {
    const key = freshKey(label);
    const started = performance.now();
    await Promise.all(Array.from({ length: REQUESTS }, () => send(server.url, key)));
    const seconds = (performance.now() - started) / 1000;
    const { rejected, arrivals } = await server.stats();
    return { label, seconds, steadyRate: steadyRate(arrivals, LIMIT), rateLimited: rejected };
  } finally {
    await server.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function benchTransport(): Promise<Section> {
  console.log(`\n## Transport: ${REQUESTS} GETs against a server allowing ${LIMIT.limit} per sliding ${LIMIT.interval} ms\n`);
  const sdk = await throughput('sdk', async (url, key) => {
    const client = new OpenPhone({ apiKey: key, baseUrl: url, maxRetries: 0 });
    return (await client.raw.GET('/v1/phone-numbers')).response.status;
  });
  const strictOnly = pThrottle({ ...LIMIT, strict: true });
  const throttledFetch = strictOnly((url: string, key: string) => fetch(url, { headers: { authorization: key } }));
  const pThrottleStrict = await throughput('p-throttle', async (url, key) => {
    const response = await throttledFetch(`${url}/v1/phone-numbers`, key);
    await response.arrayBuffer();
    return response.status;
  });
  const naive = await throughput('naive', async (url, key) => {
    const response = await fetch(`${url}/v1/phone-numbers`, { headers: { authorization: key } });
    await response.arrayBuffer();
    return response.status;
  });
  const names = { sdk: 'openphone-sdk', 'p-throttle': 'p-throttle strict alone', naive: 'Promise.all over fetch' } as Record<string, string>;
  console.table(
    [sdk, pThrottleStrict, naive].map((r) => ({
      client: names[r.label],
      seconds: r.seconds.toFixed(2),
      'steady rate': r.steadyRate.toFixed(3),
      '429s': r.rateLimited,
    })),
  );

  const open = await startInChildProcess({ rateLimit: false });
  let overhead: Overhead;
  try {
    overhead = await benchOverhead(open.url);
  } finally {
    await open.close();
  }
  return section('transport', `Transport (\`bench/transport.ts\`): ${REQUESTS} concurrent GETs at ${LIMIT.limit} per sliding ${LIMIT.interval} ms on loopback; one GET at a time for the overhead`, [
    {
      figure: 'Steady rate at the server, openphone-sdk',
      measured: `${sdk.steadyRate.toFixed(3)} of the limit, ${sdk.rateLimited} 429s`,
      goal: '≥ 0.98, 0 429s',
    },
    {
      figure: 'The same burst without the SDK',
      measured: `p-throttle strict alone: ${pThrottleStrict.rateLimited} 429s; Promise.all over fetch: ${naive.rateLimited} 429s`,
      goal: '(for comparison)',
    },
    {
      figure: `Median latency of one GET, openphone-sdk with its limiter on (${overhead.rounds} interleaved rounds)`,
      measured: `${overhead.sdk.toFixed(3)} ms: ${(overhead.sdk / overhead.bare).toFixed(2)}× bare fetch, ${(overhead.sdk / overhead.openapiFetch).toFixed(2)}× openapi-fetch`,
      goal: `≤ ${OVERHEAD_GOAL}× bare fetch (no slower than 0.2.0)`,
    },
  ]);
}

interface Overhead {
  readonly rounds: number;
  /** Median ms of bare fetch, openapi-fetch and the SDK with its limiter on. */
  readonly bare: number;
  readonly openapiFetch: number;
  readonly sdk: number;
}

/**
 * Per-call overhead: the median latency of one GET on loopback, interleaved so
 * every client sees the same machine, for bare fetch, openapi-fetch alone and
 * the SDK with its rate limiter off and on (a budget too large to ever wait).
 */
async function benchOverhead(url: string, rounds = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 3000)): Promise<Overhead> {
  console.log('\n## Overhead: one GET on a loopback endpoint, clients interleaved, median latency\n');
  const endpoint = '/v1/phone-numbers';
  const headers = { authorization: 'bench-key' };
  const generated = createClient<paths>({ baseUrl: url, headers });
  // The SDK as users run it, built like openapi-fetch's own dist, not transpiled on the fly.
  const built = await mkdtemp(path.join(os.tmpdir(), 'openphone-sdk-overhead-'));
  await buildEsmPackage(built);
  const { OpenPhone: BuiltOpenPhone } = (await import(pathToFileURL(path.join(built, 'dist', 'index.js')).href)) as typeof import('../src/index.js');
  const withoutLimiter = new BuiltOpenPhone({ apiKey: freshKey('overhead-off'), baseUrl: url, rateLimit: false });
  const withLimiter = new BuiltOpenPhone({ apiKey: freshKey('overhead-on'), baseUrl: url, rateLimit: { limit: 1_000_000, interval: 1000 } });
  const clients: Record<string, () => Promise<unknown>> = {
    'bare fetch': async () => (await fetch(`${url}${endpoint}`, { headers })).json(),
    'openapi-fetch': async () => (await generated.GET(endpoint)).data,
    'openphone-sdk, rate limiter off': async () => withoutLimiter.unwrap(await withoutLimiter.raw.GET(endpoint)),
    'openphone-sdk, rate limiter on': async () => withLimiter.unwrap(await withLimiter.raw.GET(endpoint)),
  };
  const names = Object.keys(clients);
  const times = new Map(names.map((name) => [name, [] as number[]]));
  for (let round = -Math.round(rounds / 10); round < rounds; round++) {
    // A different order each round, so no client always runs right after another.
    for (let i = 0; i < names.length; i++) {
      const name = names[(((i + round) % names.length) + names.length) % names.length]!;
      const started = performance.now();
      await clients[name]!();
      if (round >= 0) times.get(name)!.push(performance.now() - started);
    }
  }
  const medians = new Map(names.map((name) => [name, median(times.get(name)!)]));
  const bare = medians.get('bare fetch')!;
  const openapiFetch = medians.get('openapi-fetch')!;
  console.table(
    names.map((name) => ({
      client: name,
      'median ms': medians.get(name)!.toFixed(3),
      'x bare fetch': (medians.get(name)! / bare).toFixed(3),
      'x openapi-fetch': (medians.get(name)! / openapiFetch).toFixed(3),
    })),
  );
  await rm(built, { recursive: true, force: true });
  return { rounds, bare, openapiFetch, sdk: medians.get('openphone-sdk, rate limiter on')! };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--overhead')) {
    const open = await startInChildProcess({ rateLimit: false });
    try {
      await benchOverhead(open.url);
    } finally {
      await open.close();
    }
  } else {
    printSection(await benchTransport());
  }
}
