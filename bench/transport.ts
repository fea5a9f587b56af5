/**
 * Transport benchmark, against the sandbox running in its own process.
 *
 * (a) Throughput under the 10 req/s limit: 200 requests through the SDK
 *     compared with the ideal 20 s, beside a naive Promise.all over fetch and
 *     beside p-throttle's strict mode alone (what the SDK adds to it is holding
 *     each slot until the response arrives).
 * (b) Overhead: the SDK with rate limiting off against bare fetch on the same
 *     loopback endpoint, interleaved, median latency.
 *
 *   npx tsx bench/transport.ts
 */
import { pathToFileURL } from 'node:url';
import pThrottle from 'p-throttle';
import { OpenPhone } from '../src/index.js';
import { startInChildProcess, type TestServer } from '../test/server/index.js';

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

    console.log('\n## Overhead: SDK (rate limiting off) vs bare fetch, same loopback endpoint, interleaved\n');
    const client = new OpenPhone({ apiKey: freshKey('overhead'), baseUrl: open.url, rateLimit: false });
    const bare = async () => {
      const response = await fetch(`${open.url}/v1/phone-numbers`, { headers: { authorization: 'bench-key' } });
      await response.json();
    };
    const viaSdk = async () => {
      client.unwrap(await client.raw.GET('/v1/phone-numbers'));
    };
    for (let i = 0; i < 300; i++) {
      await bare();
      await viaSdk();
    }
    const bareTimes: number[] = [];
    const sdkTimes: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const order = i % 2 === 0 ? [bare, viaSdk] : [viaSdk, bare];
      for (const run of order) {
        const start = performance.now();
        await run();
        (run === bare ? bareTimes : sdkTimes).push(performance.now() - start);
      }
    }
    const overheadRatio = median(sdkTimes) / median(bareTimes);
    console.table([
      { client: 'bare fetch', 'median ms': median(bareTimes).toFixed(3) },
      { client: 'openphone-sdk', 'median ms': median(sdkTimes).toFixed(3) },
    ]);
    console.log(`overhead ratio (SDK median / fetch median): ${overheadRatio.toFixed(3)} (target <= 1.2)`);
    return { throughputRatio, sdk429: sdk.rateLimited, naive429: naive.rateLimited, overheadRatio };
  } finally {
    await Promise.all([limited.close(), open.close()]);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchTransport();
}
