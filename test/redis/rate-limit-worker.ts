/**
 * One process of a multi-process run: a client on one API key whose budget is
 * shared through Redis (or kept in this process, for comparison). Prints
 * `ready`, waits for `go` on stdin, fires all its calls at once, prints one
 * JSON line per settled call and a last `summary` line, then exits.
 */
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OpenPhone } from '../../src/index.js';
import { redisRateLimitStore } from '../../src/redis/index.js';
import { timedFetch } from '../helpers/round-trips.js';
import { CLIENTS, type TestClient } from './clients.js';

export interface WorkerOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly calls: number;
  readonly limit: number;
  readonly interval: number;
  readonly timeout: number;
  readonly maxRetries?: number;
  /** Share the budget through this Redis; without it, the process keeps its own. */
  readonly redisUrl?: string;
  readonly redisClient?: keyof typeof CLIENTS;
  readonly onStoreError?: 'fail' | 'local';
}

export interface CallRecord {
  readonly type: 'call';
  /** Epoch ms, with fractions. */
  readonly start: number;
  readonly end: number;
  readonly status?: number;
  readonly error?: string;
}

export interface WorkerSummary {
  readonly type: 'summary';
  readonly fallbacks: number;
  /** Each request's round trip, ms: from handing it to fetch to its response. */
  readonly roundTrips: readonly number[];
}

const now = () => performance.timeOrigin + performance.now();

async function main(options: WorkerOptions): Promise<void> {
  let redis: TestClient | undefined;
  let fallbacks = 0;
  if (options.redisUrl) redis = await CLIENTS[options.redisClient ?? 'ioredis'](options.redisUrl);
  const store = redis && redisRateLimitStore(redis.client);
  const timed = timedFetch();
  const client = new OpenPhone({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    fetch: timed.fetch,
    timeout: options.timeout,
    // Each process queues far more calls than one timeout's worth; what is measured is the shared budget, not the queue wait.
    maxQueueWait: Infinity,
    maxRetries: options.maxRetries ?? 2,
    // The parent counts 429s and failures from the records; a warning per 429 would only bury them.
    logLevel: 'off',
    rateLimit: {
      limit: options.limit,
      interval: options.interval,
      ...(store && {
        store,
        onStoreError: options.onStoreError ?? 'fail',
        onStoreFallback: () => void (fallbacks += 1),
      }),
    },
  });

  // Warm up outside the measured run: the Redis connection and its scripts, and the HTTP connection pool.
  await store?.withdraw('warm-up', 'nobody');
  await fetch(new URL('/_stats', options.baseUrl));

  const lines = createInterface({ input: process.stdin });
  console.log('ready');
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();

  await Promise.all(
    Array.from({ length: options.calls }, async () => {
      const start = now();
      let record: CallRecord;
      try {
        const { response } = await client.raw.GET('/v1/phone-numbers');
        record = { type: 'call', start, end: now(), status: response.status };
      } catch (error) {
        record = { type: 'call', start, end: now(), error: error instanceof Error ? error.name : String(error) };
      }
      console.log(JSON.stringify(record));
    }),
  );
  console.log(JSON.stringify({ type: 'summary', fallbacks, roundTrips: timed.roundTrips } satisfies WorkerSummary));
  // Its last releases may still be queued on the connection: dropping them would leave their slots held until the leases lapse.
  await redis?.quit(1000);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main(JSON.parse(process.env.WORKER_OPTIONS!) as WorkerOptions);
}
