import type { DedupeClaim, WebhookDedupeStore } from '../webhooks/dedupe.js';
import { DEFAULT_PREFIX, RedisScript, ScriptRunner, type RedisClient, type RedisStoreOptions } from './client.js';

/** A record is `running:<owner>` while claimed and `processed` once done; each expires on its own. */
const CLAIM = new RedisScript(`
local value = redis.call('GET', KEYS[1])
if not value then
  redis.call('SET', KEYS[1], 'running:' .. ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if value == 'processed' then return 'processed' end
return 'in_progress'
`);

const EXTEND = new RedisScript(`
if redis.call('GET', KEYS[1]) == 'running:' .. ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == 'running:' .. ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`);

const COMPLETE = new RedisScript(`
redis.call('SET', KEYS[1], 'processed', 'PX', ARGV[1])
return 0
`);

/** Webhook deliveries recorded in Redis, so every replica sharing it runs a delivery once. */
export class RedisDedupeStore implements WebhookDedupeStore {
  private readonly runner: ScriptRunner;
  private readonly prefix: string;

  constructor(client: RedisClient, options: RedisStoreOptions = {}) {
    this.runner = new ScriptRunner(client, options);
    this.prefix = `${options.prefix ?? DEFAULT_PREFIX}webhook:`;
  }

  async claim(key: string, owner: string, leaseMs: number): Promise<DedupeClaim> {
    return (await this.runner.run(CLAIM, [this.prefix + key], [owner, Math.ceil(leaseMs)])) as DedupeClaim;
  }

  async extend(key: string, owner: string, leaseMs: number): Promise<void> {
    await this.runner.run(EXTEND, [this.prefix + key], [owner, Math.ceil(leaseMs)]);
  }

  async complete(key: string, ttlMs: number): Promise<void> {
    await this.runner.run(COMPLETE, [this.prefix + key], [Math.ceil(ttlMs)]);
  }

  async release(key: string, owner: string): Promise<void> {
    await this.runner.run(RELEASE, [this.prefix + key], [owner]);
  }
}

/** A webhook dedupe store in Redis, for `createWebhookHandler({ dedupe })`. */
export function redisDedupeStore(client: RedisClient, options?: RedisStoreOptions): WebhookDedupeStore {
  return new RedisDedupeStore(client, options);
}
