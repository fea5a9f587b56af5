import { randomUUID } from 'node:crypto';
import type { AcquireRequest, AcquireResult, RateLimitStore } from '../internal/transport/rate-limit-store.js';
import { DEFAULT_PREFIX, hashedName, RedisScript, ScriptRunner, type RedisClient, type RedisStoreOptions } from './client.js';

export interface RedisRateLimitStoreOptions extends RedisStoreOptions {
  /**
   * While every slot is in flight, nobody can know when one frees: a waiter at
   * the front asks again this often, in ms. Default 25.
   */
  readonly pollMs?: number;
}

/**
 * A waiter that has not asked again within this long is dropped from the
 * queue, so a process that died waiting holds up the others at most this
 * long. Waiters ask at least every HEARTBEAT_MS while they wait.
 */
const HEARTBEAT_MS = 1000;
const WAITER_TTL_MS = 3 * HEARTBEAT_MS;
const DEFAULT_POLL_MS = 25;
/** A waiter behind others while a slot is free asks again this soon: the front one is about to take it. */
const QUEUE_POLL_MS = 5;

/**
 * The clock is Redis's `TIME`, in whole ms. Keys, all under one hash tag so
 * they sit on one cluster slot:
 * - held: in-flight leases, scored by when they lapse unreleased (grant + leaseMs);
 * - cooling: released leases, scored by when their slot frees (release + holdMs);
 * - queue: waiters, scored by the time of their first ask (ties by id);
 * - seen: waiters, scored by when they are dropped unless they ask again;
 * - pause: the time the key's pause ends.
 */
const CLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

const ACQUIRE = new RedisScript(`${CLOCK}
local held, cooling, queue, seen, pause = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local waiter, limit, leaseMs, pollMs, lease = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local waiterTtl = math.min(leaseMs, ${WAITER_TTL_MS})

redis.call('ZREMRANGEBYSCORE', held, '-inf', now)
redis.call('ZREMRANGEBYSCORE', cooling, '-inf', now)
local gone = redis.call('ZRANGEBYSCORE', seen, '-inf', now, 'LIMIT', 0, 100)
for _, id in ipairs(gone) do
  redis.call('ZREM', queue, id)
  redis.call('ZREM', seen, id)
end

local taken = redis.call('ZCARD', held) + redis.call('ZCARD', cooling)
local free = limit - taken
local pausedUntil = tonumber(redis.call('GET', pause) or '0')
local position = redis.call('ZRANK', queue, waiter)
if not position then position = redis.call('ZCARD', queue) end

if now >= pausedUntil and position < free then
  redis.call('ZREM', queue, waiter)
  redis.call('ZREM', seen, waiter)
  redis.call('ZADD', held, now + leaseMs, lease)
  local last = redis.call('ZRANGE', held, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', held, tonumber(last[2]) - now + 1000)
  return {1, lease}
end

if redis.call('ZSCORE', queue, waiter) == false then redis.call('ZADD', queue, now, waiter) end
redis.call('ZADD', seen, now + waiterTtl, waiter)
redis.call('PEXPIRE', queue, waiterTtl + 1000)
redis.call('PEXPIRE', seen, waiterTtl + 1000)

-- When a slot may free: with taken >= limit, the (taken - limit + 1)th soonest lease.
-- An in-flight lease's score is only when it lapses; it may be released any moment, so poll.
local retryAt = now + ${QUEUE_POLL_MS}
if free <= 0 then
  local needed = taken - limit + 1
  local times = {}
  for _, set in ipairs({held, cooling}) do
    local entries = redis.call('ZRANGE', set, 0, needed - 1, 'WITHSCORES')
    for i = 2, #entries, 2 do
      local at = tonumber(entries[i])
      if set == held then at = math.min(at, now + pollMs) end
      table.insert(times, at)
    end
  end
  table.sort(times)
  retryAt = times[needed]
end
retryAt = math.max(retryAt, pausedUntil)
local retryIn = math.max(1, math.min(retryAt - now, leaseMs, ${HEARTBEAT_MS}))
return {0, retryIn}
`);

/** Frees its slot `holdMs` from now (on Redis's clock), if the lease is still held. */
const RELEASE = new RedisScript(`${CLOCK}
local held, cooling = KEYS[1], KEYS[2]
local lease, holdMs = ARGV[1], tonumber(ARGV[2])
if redis.call('ZREM', held, lease) == 1 and holdMs > 0 then
  -- One ms more: the clock is whole ms, and the slot must not free early.
  redis.call('ZADD', cooling, now + holdMs + 1, lease)
  local last = redis.call('ZRANGE', cooling, -1, -1, 'WITHSCORES')
  redis.call('PEXPIRE', cooling, tonumber(last[2]) - now + 1000)
end
return 0
`);

const WITHDRAW = new RedisScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 0
`);

const PAUSE = new RedisScript(`${CLOCK}
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then redis.call('SET', KEYS[1], until_, 'PX', math.max(1, until_ - now)) end
return 0
`);

/**
 * One budget per API key shared through Redis by every process and machine
 * that uses the store. Each operation is one atomic Lua script on Redis's
 * clock, so the callers' clocks never matter. The API key itself never reaches
 * Redis: keys are named by a hash of it.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly shared = true;
  private readonly runner: ScriptRunner;
  private readonly prefix: string;
  private readonly pollMs: number;

  constructor(client: RedisClient, options: RedisRateLimitStoreOptions = {}) {
    this.runner = new ScriptRunner(client, options);
    this.prefix = `${options.prefix ?? DEFAULT_PREFIX}rate-limit:`;
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    if (!Number.isFinite(this.pollMs) || this.pollMs < 1) {
      throw new RangeError(`pollMs must be a number of milliseconds >= 1, got ${String(options.pollMs)}`);
    }
  }

  async acquire(key: string, { waiter, limit, leaseMs }: AcquireRequest): Promise<AcquireResult> {
    const lease = randomUUID();
    const args = [waiter, limit, Math.ceil(leaseMs), Math.ceil(this.pollMs), lease];
    const [granted, value] = (await this.runner.run(ACQUIRE, this.keys(key), args)) as [number, string | number];
    return granted === 1 ? { granted: true, lease } : { granted: false, retryInMs: Number(value) };
  }

  async release(key: string, lease: string, holdMs: number): Promise<void> {
    const [held, cooling] = this.keys(key);
    await this.runner.run(RELEASE, [held, cooling], [lease, Math.ceil(Math.max(0, holdMs))]);
  }

  async withdraw(key: string, waiter: string): Promise<void> {
    const [, , queue, seen] = this.keys(key);
    await this.runner.run(WITHDRAW, [queue, seen], [waiter]);
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.runner.run(PAUSE, [this.keys(key)[4]], [Math.ceil(Math.max(0, ms))]);
  }

  /** held, cooling, queue, seen, pause. */
  private keys(key: string): [string, string, string, string, string] {
    const base = `${this.prefix}{${hashedName(key)}}:`;
    return [`${base}held`, `${base}cooling`, `${base}queue`, `${base}seen`, `${base}pause`];
  }
}

/** A rate-limit store in Redis, for `new OpenPhone({ rateLimit: { store } })`. */
export function redisRateLimitStore(client: RedisClient, options?: RedisRateLimitStoreOptions): RateLimitStore {
  return new RedisRateLimitStore(client, options);
}
