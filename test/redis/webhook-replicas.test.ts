import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/webhooks/index.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { spawnListening } from '../server/index.js';
import { messageReceived } from '../webhooks/fixtures.js';
import { WHSEC } from '../webhooks/support.js';
import { CLIENTS, type TestClient } from './clients.js';

const REPLICA = fileURLToPath(new URL('./webhook-worker.ts', import.meta.url));
const RUNS_KEY = 'test:webhook-runs';

describe.skipIf(!hasRedisServer)('3 webhook replicas sharing Redis', () => {
  let redisServer: RedisServer;
  let redis: TestClient;
  let replicas: { url: string; close(): Promise<void> }[];

  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = await CLIENTS.ioredis(redisServer.url);
    const env = { REDIS_URL: redisServer.url, WEBHOOK_SECRET: WHSEC, RUNS_KEY };
    replicas = await Promise.all([1, 2, 3].map(() => spawnListening(REPLICA, env)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((replica) => replica.close()));
    await redis?.close();
    await redisServer?.kill();
  });

  it('run the callback of a delivery posted to all three at once exactly once', async () => {
    const { body, headers } = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
    const post = (url: string) => fetch(url, { method: 'POST', body, headers }).then((response) => response.status);

    const concurrent = await Promise.all(replicas.map((replica) => post(replica.url)));
    const retries = await Promise.all(replicas.map((replica) => post(replica.url)));

    expect(Number(await redis.command('GET', RUNS_KEY))).toBe(1);
    // The one that ran answers 204 once done; the others 409 while it runs (or 204, had it finished first).
    expect(concurrent.filter((status) => status === 204).length).toBeGreaterThanOrEqual(1);
    expect(concurrent.filter((status) => status !== 204 && status !== 409)).toEqual([]);
    expect(concurrent).toContain(409);
    expect(retries).toEqual([204, 204, 204]);
  });
});
