/**
 * Many processes on one API key, against a loopback API (its own process)
 * that allows 10 requests per sliding second, counted at arrival: the
 * in-process store (each process believes it has the whole budget) beside the
 * Redis store (one budget through a real redis-server).
 *
 * (a) 1, 2 and 4 processes, each firing its calls at once: the steady rate at
 *     the server (accepted arrivals after the first `limit`, over their span)
 *     against the most a shared store's full-interval holds allow for the
 *     round trips seen, the 429 count, failed calls, p99 queue wait, and
 *     fairness (the smallest process's share of the calls finished when the
 *     first process is done, against an equal share).
 * (b) Two processes after 429s, against a server that counts refused
 *     requests too: alone, then with a client outside the store also
 *     spending the budget.
 *
 *   npx tsx bench/redis.ts [--calls 50]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Bundle } from '../test/helpers/bundle.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../test/helpers/redis-server.js';
import type { CallRecord, WorkerOptions } from '../test/redis/rate-limit-worker.js';
import { bundleWorker, roundTripBound, runWorkers } from '../test/redis/workers.js';
import { startLimitServer, steadyRate, type LimitServerOptions } from '../test/server/limit-server.js';
import { printSection, section, type Section } from './results.js';

const LIMIT = { limit: 10, interval: 1000 };
/** Loopback answers in 2–4 ms; queue wait is then the whole of a call's time but for those few ms. */
const LATENCY = { outbound: [1, 1], inbound: [1, 3] } as const;

let keyCounter = 0;

interface Row {
  readonly processes: number;
  readonly store: string;
  readonly ok: number;
  readonly failed: number;
  readonly '429s': number;
  /** Steady rate at the server, as a share of the limit. */
  readonly 'steady rate': string;
  /** interval / (interval + mean round trip): the most a store holding each slot a full interval after its answer allows. */
  readonly bound: string;
  readonly 'p99 wait s': string;
  readonly fairness: string;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The least-served process's calls finished by the time the first process was done, over the mean of all. */
function fairness(perProcess: readonly CallRecord[][]): number {
  if (perProcess.length < 2) return 1;
  const firstDone = Math.min(...perProcess.map((calls) => Math.max(...calls.map((call) => call.end))));
  const shares = perProcess.map((calls) => calls.filter((call) => call.end <= firstDone).length);
  return Math.min(...shares) / (shares.reduce((a, b) => a + b, 0) / shares.length);
}

let workerScript: Bundle;

/** Runs `workers` on one fresh key; the first `measuredCount` of them are reported. */
async function run(label: string, workers: readonly WorkerOptions[], server: Pick<LimitServerOptions, 'countRejected'> = {}, measuredCount = workers.length): Promise<Row> {
  const api = await startLimitServer({ policy: 'sliding', ...LIMIT, ...LATENCY, ...server });
  try {
    const apiKey = `bench-redis-${process.pid}-${++keyCounter}`;
    const started = await runWorkers(
      workerScript,
      workers.map((worker) => ({ ...worker, baseUrl: api.url, apiKey })),
    );
    const summaries = await Promise.all(started.map((worker) => worker.finished));
    const measured = started.slice(0, measuredCount);
    const calls = measured.flatMap((worker) => worker.calls);
    const stats = await api.stats();
    return {
      processes: measured.length,
      store: label,
      ok: calls.filter((call) => call.status === 200).length,
      failed: calls.filter((call) => call.status !== 200).length,
      '429s': stats.rejected,
      'steady rate': steadyRate(stats.arrivals, LIMIT).toFixed(3),
      bound: roundTripBound(summaries.slice(0, measuredCount), LIMIT.interval).toFixed(3),
      'p99 wait s': (
        percentile(
          calls.map((call) => call.end - call.start),
          99,
        ) / 1000
      ).toFixed(2),
      fairness: fairness(measured.map((worker) => worker.calls)).toFixed(2),
    };
  } finally {
    await api.close();
  }
}

export async function benchRedis(calls = 50): Promise<Section | undefined> {
  if (!hasRedisServer) {
    console.log('\n## Redis store: skipped, redis-server is not installed\n');
    return undefined;
  }
  const redis: RedisServer = await startRedisServer();
  workerScript = await bundleWorker();
  try {
    const base = { baseUrl: '', apiKey: '', calls, ...LIMIT, timeout: 30_000 };
    const shared = { ...base, redisUrl: redis.url };
    console.log(`\n## Processes on one key: ${calls} concurrent calls each, against ${LIMIT.limit} per sliding ${LIMIT.interval} ms\n`);
    const rows: Row[] = [];
    for (const processes of [1, 2, 4]) {
      rows.push(
        await run(
          'in-process',
          Array.from({ length: processes }, () => base),
        ),
      );
      rows.push(
        await run(
          'redis',
          Array.from({ length: processes }, () => shared),
        ),
      );
    }
    console.table(rows);
    console.log('goal: with the Redis store, 0 429s and a steady rate >= 0.95 of the bound at every process count');

    console.log('\n## Two processes after 429s: the server counts refusals; then a client outside the store spends the budget too\n');
    const outside = { ...base, calls: 20 };
    const afterRefusals = [
      await run('in-process', [base, base], { countRejected: true }),
      await run('redis', [shared, shared], { countRejected: true }),
      await run('in-process, + outside', [base, base, outside], { countRejected: true }, 2),
      await run('redis, + outside', [shared, shared, outside], { countRejected: true }, 2),
    ];
    console.table(afterRefusals);
    const describe = (row: Row) => `steady rate ${row['steady rate']} of the limit (bound ${row.bound}), ${row['429s']} 429s, ${row.failed} failed, fairness ${row.fairness}`;
    return section('redis', `Processes on one key (\`bench/redis.ts\`): ${calls} concurrent calls each, ${LIMIT.limit} per sliding ${LIMIT.interval} ms, answers in 2–4 ms`, [
      ...rows.map((row) => ({
        figure: `${row.processes} process${row.processes > 1 ? 'es' : ''}, ${row.store === 'redis' ? 'Redis store' : 'in-process store (each believes it has the whole budget)'}`,
        measured: describe(row),
        goal: row.store === 'redis' ? '≥ 0.95 of the bound, 0 429s' : '(for comparison)',
      })),
      ...afterRefusals.map((row) => ({
        figure: `2 processes, server counting refusals, ${row.store === 'redis' || row.store === 'redis, + outside' ? 'Redis store' : 'in-process store'}${row.store.endsWith('outside') ? ', a client outside the store spending too' : ''}`,
        measured: describe(row),
        goal: 'no failed call',
      })),
    ]);
  } finally {
    await redis.kill();
    await workerScript.remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '50' } } });
  const result = await benchRedis(Number(values.calls));
  if (result) printSection(result);
}
