/**
 * Transport benchmark, against the sandbox running in its own process.
 *
 * (a) Throughput under the 10 req/s limit: 200 requests through the SDK
 *     compared with the ideal 20 s, beside a naive Promise.all over fetch and
 *     beside p-throttle's strict mode alone (what the SDK adds to it is holding
 *     each slot until the response arrives).
 * (b) Overhead: the SDK (raw client with its limiter off and on, and a resource method) against
 *     openapi-fetch and bare fetch on the same loopback endpoint, interleaved, median latency.
 *
 *   npx tsx bench/transport.ts              (both)
 *   npx tsx bench/transport.ts --overhead   (overhead only)
 *   add --baseline=REF to run the SDK as it was at that git ref beside it in (b)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import createClient from 'openapi-fetch';
import pThrottle from 'p-throttle';
import type { paths } from '../generated/paths.js';
import { OpenPhone } from '../src/index.js';
import { startInChildProcess, type TestServer } from '../test/server/index.js';
import { baselineRef, buildEsmPackage, buildEsmPackageAt, importBuilt } from './library-build.js';

const LIMIT = { limit: 10, interval: 1000 };
const REQUESTS = 200;

let keyCounter = 0;
const freshKey = (label: string) => `bench-${label}-${process.pid}-${++keyCounter}`;

interface ThroughputResult {
  label: string;
  seconds: number;
  perSecond: number;
  rateLimited: number;
}

async function throughput(server: TestServer, label: string, send: (key: string) => Promise<number>): Promise<ThroughputResult> {
  const key = freshKey(label);
  const before = (await server.stats()).rateLimited;
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: REQUESTS }, () => send(key)));
  const seconds = (performance.now() - started) / 1000;
  const rateLimited = (await server.stats()).rateLimited - before;
  const ok = statuses.filter((s) => s === 200).length;
  return { label, seconds, perSecond: ok / seconds, rateLimited };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function benchTransport(): Promise<{ throughputRatio: number; sdk429: number; naive429: number; overheadRatio: number }> {
  const limited = await startInChildProcess({ rateLimit: LIMIT });
  const open = await startInChildProcess({ rateLimit: false });
  try {
    console.log(`\n## Transport: ${REQUESTS} GETs against a server allowing ${LIMIT.limit} per sliding ${LIMIT.interval} ms\n`);
    const sdk = await throughput(limited, 'sdk', async (key) => {
      const client = new OpenPhone({ apiKey: key, baseUrl: limited.url, maxRetries: 0 });
      return (await client.raw.GET('/v1/phone-numbers')).response.status;
    });
    const strictOnly = pThrottle({ ...LIMIT, strict: true });
    const throttledFetch = strictOnly((url: string, key: string) => fetch(url, { headers: { authorization: key } }));
    const pThrottleStrict = await throughput(limited, 'p-throttle', async (key) => {
      const response = await throttledFetch(`${limited.url}/v1/phone-numbers`, key);
      await response.arrayBuffer();
      return response.status;
    });
    const naive = await throughput(limited, 'naive', async (key) => {
      const response = await fetch(`${limited.url}/v1/phone-numbers`, { headers: { authorization: key } });
      await response.arrayBuffer();
      return response.status;
    });
    const ideal = REQUESTS / LIMIT.limit;
    const table = [sdk, pThrottleStrict, naive].map((r) => ({
      client: { sdk: 'openphone-sdk', 'p-throttle': 'p-throttle strict alone', naive: 'Promise.all over fetch' }[r.label],
      'seconds': r.seconds.toFixed(2),
      'ok req/s': r.perSecond.toFixed(2),
      'of limit': (r.perSecond / LIMIT.limit).toFixed(3),
      '429s': r.rateLimited,
    }));
    console.table(table);
    const throughputRatio = ideal / sdk.seconds;
    console.log(`throughput ratio (ideal ${ideal} s / SDK ${sdk.seconds.toFixed(2)} s): ${throughputRatio.toFixed(3)} (target >= 0.95, with zero 429s: ${sdk.rateLimited === 0 ? 'yes' : 'NO'})`);

    const overheadRatio = await benchOverhead(open.url);
    return { throughputRatio, sdk429: sdk.rateLimited, naive429: naive.rateLimited, overheadRatio };
  } finally {
    await Promise.all([limited.close(), open.close()]);
  }
}

/**
 * Per-call overhead: the median latency of one GET on loopback, interleaved so
 * every client sees the same machine, for bare fetch, openapi-fetch alone and
 * the SDK with its rate limiter off and on (a budget too large to ever wait).
 * Returns the SDK's (limiter on) median over openapi-fetch's.
 */
export async function benchOverhead(url: string, rounds = Number(process.env.BENCH_OVERHEAD_ROUNDS ?? 3000), baseline = baselineRef()): Promise<number> {
  console.log('\n## Overhead: one GET on a loopback endpoint, clients interleaved, median latency\n');
  const endpoint = '/v1/phone-numbers';
  const headers = { authorization: 'bench-key' };
  const generated = createClient<paths>({ baseUrl: url, headers });
  // The SDK as users run it, built like openapi-fetch's own dist, not transpiled on the fly.
  const built = await mkdtemp(path.join(os.tmpdir(), 'openphone-sdk-overhead-'));
  await buildEsmPackage(path.join(built, 'current'));
  const { OpenPhone: BuiltOpenPhone } = await importBuilt(path.join(built, 'current'));
  const withoutLimiter = new BuiltOpenPhone({ apiKey: freshKey('overhead-off'), baseUrl: url, rateLimit: false });
  const withLimiter = new BuiltOpenPhone({ apiKey: freshKey('overhead-on'), baseUrl: url, rateLimit: { limit: 1_000_000, interval: 1000 } });
  const clients: Record<string, () => Promise<unknown>> = {
    'bare fetch': async () => (await fetch(`${url}${endpoint}`, { headers })).json(),
    'openapi-fetch': async () => (await generated.GET(endpoint)).data,
    'openphone-sdk, rate limiter off': async () => withoutLimiter.unwrap(await withoutLimiter.raw.GET(endpoint)),
    'openphone-sdk, rate limiter on': async () => withLimiter.unwrap(await withLimiter.raw.GET(endpoint)),
    'openphone-sdk, phoneNumbers.list()': async () => (await withLimiter.phoneNumbers.list()).data,
  };
  if (baseline) {
    await buildEsmPackageAt(baseline, path.join(built, 'baseline'));
    const { OpenPhone: Before } = await importBuilt(path.join(built, 'baseline'));
    const before = new Before({ apiKey: freshKey('overhead-baseline'), baseUrl: url, rateLimit: { limit: 1_000_000, interval: 1000 } });
    clients[`openphone-sdk at ${baseline}, rate limiter on`] = async () => before.unwrap(await before.raw.GET(endpoint));
    clients[`openphone-sdk at ${baseline}, phoneNumbers.list()`] = async () => (await before.phoneNumbers.list()).data;
  }
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
  console.table(names.map((name) => ({ client: name, 'median ms': medians.get(name)!.toFixed(3), 'x bare fetch': (medians.get(name)! / bare).toFixed(3), 'x openapi-fetch': (medians.get(name)! / openapiFetch).toFixed(3) })));
  await rm(built, { recursive: true, force: true });
  const ratio = medians.get('openphone-sdk, rate limiter on')! / openapiFetch;
  console.log(`overhead ratio (SDK with the limiter on / openapi-fetch, medians): ${ratio.toFixed(3)} (target <= 1.05: ${ratio <= 1.05 ? 'met' : 'NOT met'})`);
  return ratio;
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
    await benchTransport();
  }
}
