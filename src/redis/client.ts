import { createHash } from 'node:crypto';
import { isRecord } from '../internal/validation/is-record.js';

type Argument = string | number;

/** An ioredis client, `Redis` or `Cluster` (only its `call` is used). */
export interface IoRedisClient {
  call(command: string, ...args: Argument[]): Promise<unknown>;
}

/** A node-redis client from `createClient()` (only its `sendCommand` is used). */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The Redis client the stores run on: the application's own, connected and managed by it. */
export type RedisClient = IoRedisClient | NodeRedisClient;

export interface RedisStoreOptions {
  /** Prefix of every key the store writes. Default `openphone-sdk:`. */
  readonly prefix?: string;
  /** How long one Redis command may take before the store gives up on it, in ms. Default 2000. */
  readonly commandTimeoutMs?: number;
  /**
   * What to do when Redis may evict the store's keys (a `maxmemory` with any
   * `maxmemory-policy` but `noeviction`), which silently loses leases and
   * records: `'warn'` once on the console (the default), `'fail'` every
   * command with an error naming the policy, or `'off'`. A server that does
   * not allow `CONFIG GET` is not checked.
   */
  readonly evictionCheck?: 'warn' | 'fail' | 'off';
}

export const DEFAULT_PREFIX = 'openphone-sdk:';
const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

/** A Lua script, sent by its SHA-1 once Redis has it. */
export class RedisScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/**
 * Runs the stores' Lua scripts on either client. EVALSHA first; on NOSCRIPT
 * (a new or flushed server) EVAL, which also caches the script. Each command is
 * bounded by `commandTimeoutMs`, so an unreachable Redis fails fast instead of
 * waiting in the client's offline queue.
 */
export class ScriptRunner {
  private readonly send: (args: string[]) => Promise<unknown>;
  private readonly timeoutMs: number;
  private readonly evictionCheck: 'warn' | 'fail' | 'off';
  /** The eviction risk found on first use: a message, or none. */
  private evictionRisk: Promise<string | undefined> | undefined;

  constructor(client: RedisClient, options: RedisStoreOptions = {}) {
    this.send = commandSender(client);
    this.timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new RangeError(`commandTimeoutMs must be a positive number of milliseconds, got ${String(options.commandTimeoutMs)}`);
    }
    this.evictionCheck = options.evictionCheck ?? 'warn';
    if (!['warn', 'fail', 'off'].includes(this.evictionCheck)) {
      throw new RangeError(`evictionCheck must be 'warn', 'fail' or 'off', got ${String(options.evictionCheck)}`);
    }
  }

  async run(script: RedisScript, keys: readonly string[], args: readonly Argument[]): Promise<unknown> {
    if (this.evictionCheck !== 'off') {
      const risk = await (this.evictionRisk ??= this.findEvictionRisk());
      if (risk !== undefined && this.evictionCheck === 'fail') throw new Error(risk);
    }
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await this.bounded(['EVALSHA', script.sha, ...tail]);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return this.bounded(['EVAL', script.source, ...tail]);
    }
  }

  /** Reads the memory policy once; warns at most once per store. */
  private async findEvictionRisk(): Promise<string | undefined> {
    let maxmemory: string | undefined;
    let policy: string | undefined;
    try {
      maxmemory = configValue(await this.bounded(['CONFIG', 'GET', 'maxmemory']));
      policy = configValue(await this.bounded(['CONFIG', 'GET', 'maxmemory-policy']));
    } catch {
      // CONFIG is often disabled on managed Redis, and a server that is down cannot tell: the store then runs unchecked.
      return undefined;
    }
    if (maxmemory === undefined || maxmemory === '0' || policy === undefined || policy === 'noeviction') return undefined;
    const risk =
      `Redis may evict the openphone-sdk store's keys (maxmemory ${maxmemory}, maxmemory-policy ${policy}): ` +
      'leases and records would vanish, letting calls past the rate limit and deliveries run twice. ' +
      "Set maxmemory-policy to noeviction for this Redis, or pass evictionCheck: 'off' if you accept the risk.";
    if (this.evictionCheck === 'warn') console.warn(`openphone: ${risk}`);
    return risk;
  }

  private bounded(args: string[]): Promise<unknown> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer ${args[0]} within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([this.send(args), timeout]).finally(() => clearTimeout(timer));
  }
}

function commandSender(client: RedisClient): (args: string[]) => Promise<unknown> {
  // ioredis also has a `sendCommand`, taking its own Command objects, so `call` is checked first.
  if (typeof (client as Partial<IoRedisClient>).call === 'function') {
    const ioredis = client as IoRedisClient;
    return ([command, ...args]) => ioredis.call(command!, ...args);
  }
  if (typeof (client as Partial<NodeRedisClient>).sendCommand === 'function') {
    const nodeRedis = client as NodeRedisClient;
    return (args) => nodeRedis.sendCommand(args);
  }
  throw new TypeError('Expected an ioredis client (Redis or Cluster) or a node-redis client from createClient().');
}

/** The value of a `CONFIG GET` reply: `[name, value]` from either client (node-redis 5 may give an object). */
function configValue(reply: unknown): string | undefined {
  if (Array.isArray(reply)) return typeof reply[1] === 'string' ? reply[1] : undefined;
  if (isRecord(reply)) {
    const value = Object.values(reply)[0];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** A short, stable name for a secret, so Redis never holds the secret itself. */
export function hashedName(secret: string): string {
  return createHash('sha256').update(`openphone-sdk rate limit\u0000${secret}`).digest('hex').slice(0, 32);
}
