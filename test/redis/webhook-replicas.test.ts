import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/webhooks/index.js';
import { type Bundle, bundleEntry } from '../helpers/bundle.js';
import { hasRedisServer, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { spawnListening } from '../server/index.js';
import { messageReceived } from '../webhooks/fixtures.js';
import { OTHER_WHSEC, WHSEC } from '../webhooks/support.js';
import { CLIENTS, type TestClient } from './clients.js';

const REPLICA = fileURLToPath(new URL('./webhook-worker.ts', import.meta.url));
const RUNS_KEY = 'test:webhook-runs';
const OTHER_RUNS_KEY = 'test:other-webhook-runs';

describe.skipIf(!hasRedisServer)('3 webhook replicas sharing Redis', () => {
  let redisServer: RedisServer;
  let redis: TestClient;
  let replicaScript: Bundle;
  let replicas: { url: string; close(): Promise<void> }[];
  /** A replica of another webhook (its own secret) on the same Redis. */
  let otherWebhook: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    [redisServer, replicaScript] = await Promise.all([startRedisServer(), bundleEntry(REPLICA)]);
    redis = await CLIENTS.ioredis(redisServer.url);
    const env = { REDIS_URL: redisServer.url, WEBHOOK_SECRET: WHSEC, RUNS_KEY };
    [otherWebhook, ...replicas] = await Promise.all([
      spawnListening(replicaScript.file, { ...env, WEBHOOK_SECRET: OTHER_WHSEC, RUNS_KEY: OTHER_RUNS_KEY }),
      ...[1, 2, 3].map(() => spawnListening(replicaScript.file, env)),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...(replicas ?? []), ...(otherWebhook ? [otherWebhook] : [])].map((replica) => replica.close()));
    await redis?.close();
    await redisServer?.kill();
    await replicaScript?.remove();
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

  it('run an event once for each webhook that receives it, not once for all of them', async () => {
    const id = 'msg_one_event_two_webhooks';
    const toThis = await signWebhook(messageReceived, WHSEC, 'standard-webhooks', { id });
    const toOther = await signWebhook(messageReceived, OTHER_WHSEC, 'standard-webhooks', { id });
    const before = Number(await redis.command('GET', RUNS_KEY));

    const statuses = await Promise.all([
      fetch(replicas[0]!.url, { method: 'POST', ...toThis }).then((response) => response.status),
      fetch(otherWebhook.url, { method: 'POST', ...toOther }).then((response) => response.status),
    ]);
    const retried = await fetch(otherWebhook.url, { method: 'POST', ...toOther }).then((response) => response.status);

    expect(statuses).toEqual([204, 204]);
    expect(retried).toBe(204);
    expect(Number(await redis.command('GET', RUNS_KEY)) - before).toBe(1);
    expect(Number(await redis.command('GET', OTHER_RUNS_KEY))).toBe(1);
  });
});
