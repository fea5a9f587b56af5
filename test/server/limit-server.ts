/**
 * A minimal loopback API that only enforces a rate limit, with the latency of
 * a real network: each request waits a random `outbound` delay before it is
 * counted (its way to the server) and a random `inbound` delay before its
 * answer (processing and the way back). Three policies:
 *
 * - `sliding`: at most `limit` accepted arrivals in any window of `interval`;
 * - `fixed`: at most `limit` per window aligned to multiples of `interval`;
 * - `token-bucket`: `limit` tokens, refilled continuously at `limit` per `interval`.
 *
 * With `countRejected`, refused requests use up the budget as well, as some
 * servers do. Answers `GET /_stats` with `{ accepted, rejected, arrivals }`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SlidingWindow } from '../../src/sandbox/rate-window.js';
import { spawnListening } from './index.js';

export interface LimitServerOptions {
  readonly policy: 'sliding' | 'fixed' | 'token-bucket';
  readonly limit: number;
  readonly interval: number;
  /** Delay before a request is counted, ms: [min, max]. */
  readonly outbound?: readonly [number, number];
  /** Delay after it is counted, before the answer, ms: [min, max]. */
  readonly inbound?: readonly [number, number];
  readonly countRejected?: boolean;
}

export interface LimitServerStats {
  readonly accepted: number;
  readonly rejected: number;
  /** When each accepted request was counted, in ms on the server's monotonic clock, in order. */
  readonly arrivals: readonly number[];
}

/**
 * The rate a server saw once the first `limit` requests (the burst any budget
 * allows at the start) were in: the arrivals after them, over the time from the
 * `limit`-th arrival to the last, as a fraction of `limit` per `interval`. A
 * client that never exceeds a sliding window scores at most 1, whether it sends
 * in bursts or evenly; elapsed time at the client would flatter it by the burst.
 */
export function steadyRate(arrivals: readonly number[], { limit, interval }: { limit: number; interval: number }): number {
  const after = arrivals.length - limit;
  if (after < 1) return NaN;
  const span = arrivals[arrivals.length - 1]! - arrivals[limit - 1]!;
  return (after / span) * (interval / limit);
}

export interface LimitServer {
  readonly url: string;
  stats(): Promise<LimitServerStats>;
  close(): Promise<void>;
}

/** Decides at `now` whether `key` may go; returns 0 or the ms until it may. */
type Admit = (key: string, now: number) => number;

function policy(options: LimitServerOptions): Admit {
  const { limit, interval, countRejected = false } = options;
  if (options.policy === 'sliding') {
    const window = new SlidingWindow(limit, interval);
    const rejectedArrivals = new Map<string, number[]>();
    return (key, now) => {
      if (!countRejected) return window.admit(key, now);
      // Count refusals too: keep one log of every arrival and refuse once the window holds `limit`.
      let times = rejectedArrivals.get(key);
      if (!times) rejectedArrivals.set(key, (times = []));
      while (times.length > 0 && now - times[0]! >= interval) times.shift();
      times.push(now);
      return times.length > limit ? times[times.length - limit - 1]! + interval - now : 0;
    };
  }
  if (options.policy === 'fixed') {
    const counts = new Map<string, { window: number; count: number }>();
    return (key, now) => {
      const window = Math.floor(now / interval);
      let entry = counts.get(key);
      if (!entry || entry.window !== window) counts.set(key, (entry = { window, count: 0 }));
      if (entry.count >= limit) {
        if (countRejected) entry.count += 1;
        return (window + 1) * interval - now;
      }
      entry.count += 1;
      return 0;
    };
  }
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key, now) => {
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { tokens: limit, at: now }));
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) * limit) / interval);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    if (countRejected) bucket.tokens -= 1;
    return ((1 - bucket.tokens) * interval) / limit;
  };
}

const between = ([min, max]: readonly [number, number]) => min + Math.random() * (max - min);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server in this process. */
export async function startLimitServerHere(options: LimitServerOptions): Promise<LimitServer> {
  const admit = policy(options);
  const arrivals: number[] = [];
  let rejected = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      if (request.url === '/_stats') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: arrivals.length, rejected, arrivals }));
        return;
      }
      if (options.outbound) await sleep(between(options.outbound));
      const now = performance.now();
      const wait = admit(String(request.headers.authorization), now);
      if (wait > 0) {
        rejected += 1;
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) }).end(JSON.stringify({ message: 'API rate limit exceeded' }));
        return;
      }
      arrivals.push(now);
      if (options.inbound) await sleep(between(options.inbound));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [], totalItems: 0 }));
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stats: async () => ({ accepted: arrivals.length, rejected, arrivals: [...arrivals] }),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Starts the server in a child process, so the client's load cannot shift the arrivals it times. */
export async function startLimitServer(options: LimitServerOptions): Promise<LimitServer> {
  const child = await spawnListening(fileURLToPath(import.meta.url), { LIMIT_SERVER_OPTIONS: JSON.stringify(options) });
  return {
    url: child.url,
    stats: async () => (await (await fetch(`${child.url}/_stats`)).json()) as LimitServerStats,
    close: child.close,
  };
}

if (process.env.LIMIT_SERVER_OPTIONS && process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startLimitServerHere(JSON.parse(process.env.LIMIT_SERVER_OPTIONS) as LimitServerOptions);
  console.log(`listening ${server.url}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
