/**
 * Rate-limit bench: the budget used under real latency, and two processes on
 * one key.
 *
 * (a) 200 GETs through one client against servers allowing 10 per 1000 ms
 *     (sliding window, fixed window, token bucket), each request answered
 *     100–300 ms after it is counted, as with real processing time; and a
 *     sliding window where both legs vary (0–100 ms out, 100–200 ms back).
 * (b) Two processes, 100 GETs each on one key, against a sliding window that
 *     ignores refused requests and one that counts them: 429s drawn, calls
 *     that failed after their retries, and the aggregate rate.
 *
 *   npx tsx bench/rate-limit.ts
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { OpenPhone } from '../src/index.js';
import { startLimitServer, type LimitServerOptions } from '../test/server/limit-server.js';

const LIMIT = { limit: 10, interval: 1000 };
const REQUESTS = 200;
let keyCounter = 0;
const freshKey = () => `bench-limit-${process.pid}-${++keyCounter}`;

async function underLatency(label: string, options: Omit<LimitServerOptions, 'limit' | 'interval'>) {
  const server = await startLimitServer({ ...LIMIT, ...options });
  try {
    const client = new OpenPhone({ apiKey: freshKey(), baseUrl: server.url, maxRetries: 2 });
    const started = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: REQUESTS }, async () => (await client.raw.GET('/v1/phone-numbers')).response.status),
    );
    const seconds = (performance.now() - started) / 1000;
    const { rejected } = await server.stats();
    const ok = statuses.filter((s) => s === 200).length;
    // As in bench/transport.ts: the ideal is `limit` per interval from the start.
    const ideal = (REQUESTS / LIMIT.limit) * (LIMIT.interval / 1000);
    return { server: label, seconds: seconds.toFixed(2), 'of limit': (ideal / seconds).toFixed(3), '429s': rejected, failed: REQUESTS - ok };
  } finally {
    await server.close();
  }
}

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

export async function benchRateLimit(): Promise<void> {
  console.log(`\n## Rate limit under latency: ${REQUESTS} GETs, ${LIMIT.limit} per ${LIMIT.interval} ms, one client\n`);
  const answeredLate = { outbound: [1, 1], inbound: [100, 300] } as const;
  const latency = [
    await underLatency('sliding window, answered 100-300 ms after counting', { policy: 'sliding', ...answeredLate }),
    await underLatency('fixed window, answered 100-300 ms after counting', { policy: 'fixed', ...answeredLate }),
    await underLatency('token bucket, answered 100-300 ms after counting', { policy: 'token-bucket', ...answeredLate }),
    await underLatency('sliding window, 0-100 ms out and 100-200 ms back', { policy: 'sliding', outbound: [0, 100], inbound: [100, 200] }),
  ];
  console.table(latency);
  console.log('goal: >= 0.95 of the limit with 0 429s; the provable bound with 100-300 ms answers is limit / (interval + mean round trip - fastest) = 0.909');

  console.log('\n## Two processes on one key, 100 GETs each (maxRetries 2), sliding window 10 per 1000 ms\n');
  console.table([
    await twoProcesses('refused requests not counted', false),
    await twoProcesses('refused requests counted', true),
  ]);
  console.log('goal: the two converge (few 429s, no failed calls); one budget across processes needs a shared store (openphone-sdk/redis)');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchRateLimit();
}
