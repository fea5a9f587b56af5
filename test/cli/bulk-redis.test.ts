import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sdk from '../../src/index.js';
import type * as SdkRedis from '../../src/redis/index.js';
import type * as SdkSandbox from '../../src/sandbox/index.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { BUILD_TIMEOUT_MS, sharedBuild } from '../helpers/build.js';
import { buildCli, runOpenphone, startOpenphone } from '../helpers/cli.js';

/**
 * `bulk-send --redis` draws on the budget the user's servers share through
 * `openphone-sdk/redis`: a bulk send running beside a busy server on the same
 * key stays, with it, within the key's limit. A faster limit than the API's
 * keeps the runs short: what is shown (no 429s, or 429s without the shared
 * budget) does not depend on its size, only on the sandbox and every client
 * having the same.
 */

const FROM = '+15555550100';
const LIMIT = { limit: 50, interval: 1000 };
/** More rows than the limit: without the shared budget, the bulk send alone can spend a whole window, so its traffic and the server's always collide. */
const ROWS = 60;
let redisServer: RedisServer;
let sandbox: SdkSandbox.Sandbox;
let work: string;
/** The server side from the built package, as the CLI is: the sources need no compiling in this process. */
let sdk: typeof Sdk & typeof SdkRedis & typeof SdkSandbox;

beforeAll(async () => {
  if (!hasRedisServer) return;
  await buildCli();
  const dist = path.join(await sharedBuild(), 'dist');
  const load = (entry: string) => import(pathToFileURL(path.join(dist, entry)).href);
  sdk = { ...(await load('index.js')), ...(await load('redis.js')), ...(await load('sandbox.js')) };
  redisServer = await startRedisServer();
  work = await mkdtemp(path.join(os.tmpdir(), 'openphone-redis-cli-'));
}, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await redisServer?.kill();
  if (work) await rm(work, { recursive: true, force: true });
});

async function bulkSendBesideAServer(key: string, redisArgs: string[]) {
  sandbox = await sdk.startSandbox({ rateLimit: LIMIT });
  const redis = new Redis(redisServer.url);
  try {
    const server = new sdk.OpenPhone({ apiKey: key, baseUrl: sandbox.url, rateLimit: { ...LIMIT, store: sdk.redisRateLimitStore(redis) } });
    const csv = path.join(work, `${key}.csv`);
    await writeFile(csv, ['name,phone', ...Array.from({ length: ROWS }, (_, i) => `R${i},+1555558${String(i).padStart(4, '0')}`)].join('\n'));
    const bulkSend = ['bulk-send', '--base-url', sandbox.url, '--api-key', key, '--from', FROM, '--csv', csv, '--template', 'Hi {{name}}', '--yes', '--json'];
    const { child, done } = startOpenphone([...bulkSend, '--rate-limit', `${LIMIT.limit}/${LIMIT.interval}`, ...redisArgs]);
    // The server's own traffic on the same key, while the bulk send runs: a call waiting for every slot, so it spends the whole budget.
    const busy = Promise.all(
      Array.from({ length: LIMIT.limit }, async () => {
        while (child.exitCode === null) await server.phoneNumbers.list().catch(() => undefined);
      }),
    );
    const { code, stdout } = await done;
    await busy;
    return { code, summary: JSON.parse(stdout) as { sent: number }, rateLimited: sandbox.stats.rateLimited };
  } finally {
    redis.disconnect();
    await sandbox.close();
  }
}

describe.skipIf(!hasRedisServer)('bulk-send --redis', () => {
  it('shares the budget with the servers on the same key: no 429s', async () => {
    const shared = await bulkSendBesideAServer('redis-shared', ['--redis', redisServer.url]);
    expect(shared.code).toBe(0);
    expect(shared.summary.sent).toBe(ROWS);
    expect(shared.rateLimited).toBe(0);
  }, 180_000);

  it('without it, the bulk send and the server each spend the whole budget and draw 429s', async () => {
    const separate = await bulkSendBesideAServer('redis-separate', []);
    expect(separate.rateLimited).toBeGreaterThan(0);
  }, 180_000);

  it('an unreachable Redis is one clear line, and nothing is sent', async () => {
    const { code, stderr } = await runOpenphone(['numbers', '--api-key', 'k', '--base-url', 'http://127.0.0.1:9', '--redis', 'redis://:hunter2@127.0.0.1:9']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^openphone: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:9\/? \(--redis\)/);
    expect(stderr).not.toContain('hunter2');
  }, 60_000);
});
