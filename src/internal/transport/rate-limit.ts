import { ValidationError, describeValue, type OperationRef } from '../../core/errors.js';
import { QueueWaitError, RateLimitStoreError } from './rate-limit-errors.js';
import { InProcessRateLimitStore, type AcquireRequest, type AcquireResult, type RateLimitStore } from './rate-limit-store.js';
import { WaitQueue, type QueueEntry } from './wait-queue.js';

export interface RateLimitOptions {
  /** Requests allowed per `interval`. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly interval: number;
}

/** The `rateLimit` client option. */
export interface RateLimitConfig {
  /** Requests allowed per `interval`. Default 10. */
  readonly limit?: number | undefined;
  /** Window length in milliseconds. Default 1000. */
  readonly interval?: number | undefined;
  /** Where the key's budget lives. Defaults to this process's memory; a shared store (Redis) spans processes. */
  readonly store?: RateLimitStore | undefined;
  /** When the store fails or does not answer within `timeout`: `'fail'` (default) throws `RateLimitStoreError`; `'local'` falls back to this process's budget. */
  readonly onStoreError?: 'fail' | 'local' | undefined;
  /** Called each time calls fall back to the local budget because the store failed (`onStoreError: 'local'`). */
  readonly onStoreFallback?: ((error: RateLimitStoreError) => void) | undefined;
}

/** What `client.rateLimit` shows of the key's budget in this process, e.g. for back-pressure. */
export interface RateLimitStatus {
  /** Calls on this key waiting for a slot in this process. */
  readonly queued: number;
  /** Calls on this key holding a slot (sent, or about to be) in this process. */
  readonly inFlight: number;
  /** The limit in force for the key: the strictest of the clients using it. */
  readonly limit: number;
  readonly interval: number;
  /** Set while calls on the key wait out a 429 this process received; `null` otherwise. */
  readonly paused: RateLimitPause | null;
}

/** A pause of the key after a 429: until when no call on it is sent, and why. */
export interface RateLimitPause {
  readonly until: Date;
  /** The answer that caused it, e.g. `429 on POST /v1/messages, Retry-After 90`. */
  readonly reason: string;
}

/** The API's documented budget: 10 requests per second per API key. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 10, interval: 1000 };

/** A permission to send one request. Exactly one of its methods takes effect; later calls do nothing. */
export interface Slot {
  /**
   * The response's headers arrived, at `answeredAt` (`performance.now()`, default now): the slot is held for the interval
   * from then, less the fastest round trip seen (less its learnt margin) once it is trusted.
   */
  responded(answeredAt?: number): void;
  /** The attempt ended without a response (timeout, reset): the request may still arrive, so the slot is held a full interval. */
  release(): void;
  /** Nothing was sent: the slot frees at once. */
  cancel(): void;
}

export interface AcquireOptions {
  readonly operation: OperationRef;
  readonly signal?: AbortSignal;
  /** Longest wait for a slot, in ms; beyond it the call fails with `QueueWaitError`. */
  readonly maxQueueWait?: number;
  /** The attempt's timeout: bounds each store call, and (plus the interval) the lease of a holder that never comes back. */
  readonly timeout: number;
}

/** Round trips to observe before the fastest one is trusted as the path's floor. */
const ROUND_TRIPS_BEFORE_TRUSTED = 20;
/**
 * The margin taken off the fastest round trip is the spread of this many
 * fastest ones: how far the fastest may sit above the path's true floor, as
 * shown by the samples nearest it. Ten, not fewer: when both legs vary, the
 * round trips near the floor thin out, and the spread of five often fell
 * short of the fastest's distance from it (a 429). It is wide while few round trips are seen or
 * this process's own work and timers vary (warm-up, GC, a busy event loop), and
 * shrinks to the clock's grain on a steady path, where a fixed margin would
 * waste its whole width on every request.
 */
const FASTEST_KEPT = 10;
/** The least margin: timers fire on whole milliseconds. */
const MIN_MARGIN_MS = 1;
/** The longest delay `setTimeout` counts; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** After a store failure, calls that may fall back use the local budget this long before trying the store again. */
const STORE_RETRY_AFTER_MS = 5_000;

/** `ms` plus up to half an interval at random: never sooner than asked, and processes told the same wait do not resume together. */
export function withJitter(ms: number, interval: number): number {
  return ms + Math.random() * (interval / 2);
}

/** The round trips seen on a key: how many, and the quickest `FASTEST_KEPT` of them, in order. */
class RoundTrips {
  count = 0;
  private readonly fastest: number[] = [];

  add(ms: number): void {
    this.count += 1;
    const kept = this.fastest;
    if (kept.length === FASTEST_KEPT && ms >= kept[FASTEST_KEPT - 1]!) return;
    let at = kept.length;
    while (at > 0 && kept[at - 1]! > ms) at -= 1;
    kept.splice(at, 0, ms);
    if (kept.length > FASTEST_KEPT) kept.pop();
  }

  /** The fastest round trip less the margin: the spread of the quickest ones, at least `MIN_MARGIN_MS`. */
  floor(): number {
    const kept = this.fastest;
    return kept[0]! - Math.max(MIN_MARGIN_MS, kept[kept.length - 1]! - kept[0]!);
  }
}

interface Waiter {
  readonly id: string;
  readonly options: AcquireOptions;
  readonly config: ResolvedConfig;
  /** The store it last asked, where it is queued until granted, so it must withdraw from there if it gives up. */
  askedStore: RateLimitStore | undefined;
  /** Served by the local budget after a store failure. */
  local: boolean;
  resolve(slot: Slot): void;
  reject(error: unknown): void;
  cleanup(): void;
}

interface ResolvedConfig extends RateLimitOptions {
  readonly store: RateLimitStore | undefined;
  readonly onStoreError: 'fail' | 'local';
  readonly onStoreFallback: ((error: RateLimitStoreError) => void) | undefined;
}

let waiterIdPrefix: string | undefined;
let waiterCount = 0;

/**
 * Unique across processes, as a shared store needs: a random prefix per process (every runtime with the
 * `crypto.subtle` the key hash uses has `randomUUID`), then a counter, which is cheaper than a UUID per call.
 */
const newWaiterId = () => `${(waiterIdPrefix ??= globalThis.crypto.randomUUID())}-${++waiterCount}`;

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One API key's budget in this process: a first-come, first-served queue in
 * front of the store that holds the slots.
 *
 * The guarantee: no window of `interval` sees more than `limit` arrivals at
 * the server. A request arrives somewhere between its start and its response,
 * and the client cannot see where. Each request takes one of `limit` slots.
 * A slot whose attempt got no response is held a full `interval` after the
 * attempt ends: the next request on it starts after the last one could have
 * arrived, plus `interval`. That needs no assumption, but pays the whole round
 * trip on every request: throughput `limit / (interval + round trip)`.
 *
 * Once `ROUND_TRIPS_BEFORE_TRUSTED` responses are seen, a slot that got a
 * response is held only `interval - fastest` after it, `fastest` being the
 * quickest round trip seen on the key, less a margin learnt from the spread of
 * the `FASTEST_KEPT` quickest (see `RoundTrips`). The assumption: neither leg of a round
 * trip (out to where the server counts the request; back, including the
 * server's work) is ever quicker than it was on that fastest round trip. Then
 * a request answered at `r` arrived by `r - back(fastest)`, and the next one
 * on its slot, started at `r + interval - fastest`, arrives no sooner than
 * `r + interval - fastest + out(fastest) = r + interval - back(fastest)`: at
 * least `interval` later. Each slot's arrivals are `interval` apart, so no
 * window holds more than `limit`. Each slot is then busy for
 * `interval + round trip - fastest`: the whole limit when latency is steady,
 * and less only by how much the round trip varies.
 *
 * The assumption holds when the variation is on one leg (typically the
 * server's processing time, after it has counted the request). When both legs
 * vary independently it can fail by a few milliseconds; the first 429 on the
 * key then drops the key back to the assumption-free hold for good.
 *
 * Only `performance.now()` is read, so a wall-clock step changes nothing. No
 * timer runs unless a caller is waiting.
 */
export class KeyLimiter {
  private limitInForce: number;
  private intervalInForce: number;
  private readonly waiting = new WaitQueue<Waiter>();
  private readonly bySignal = new Map<AbortSignal, { readonly members: Set<QueueEntry<Waiter>>; readonly onAbort: () => void }>();
  private asking = false;
  private wakeQueued = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly roundTrips = new RoundTrips();
  /** Set by a 429: the fastest round trip is no longer trusted, and slots are held a full interval after a response. */
  private distrustRoundTrips = false;
  /**
   * The additive-increase, multiplicative-decrease cap on slots after 429s: halves at most once per
   * interval (the 429s of one burst are one signal), then regains a tenth of the limit per interval.
   */
  private cap: number;
  private capChangedAt = 0;
  private lastDecrease = -Infinity;
  private localUntil = -Infinity;
  private holding = 0;
  private storeKey: string | undefined;
  private readonly storeKeyReady: Promise<string>;
  /** The latest pause this process set, and when it ends on the monotonic clock. */
  private pause: { readonly endsAt: number; readonly shown: RateLimitPause } | undefined;

  constructor(
    apiKey: string,
    readonly config: ResolvedConfig,
    private readonly localStore: InProcessRateLimitStore,
  ) {
    this.limitInForce = config.limit;
    this.intervalInForce = config.interval;
    this.cap = config.limit;
    this.storeKeyReady = sha256Hex(apiKey).then((hash) => (this.storeKey = hash));
  }

  get status(): RateLimitStatus {
    return { queued: this.waiting.size, inFlight: this.holding, limit: this.limitInForce, interval: this.intervalInForce, paused: this.pauseInForce() ?? null };
  }

  private pauseInForce(): RateLimitPause | undefined {
    if (this.pause !== undefined && performance.now() >= this.pause.endsAt) this.pause = undefined;
    return this.pause?.shown;
  }

  /** Why a call waited past `maxQueueWait`, or will: the pause when one is in force. */
  private queueWaitError(operation: OperationRef, maxQueueWait: number): QueueWaitError {
    const pause = this.pauseInForce();
    const why = pause
      ? `the API key is paused until ${pause.until.toISOString()} (${pause.reason}), beyond maxQueueWait (${maxQueueWait} ms)`
      : `no rate-limit slot within maxQueueWait (${maxQueueWait} ms)`;
    return new QueueWaitError(`${operation.method} ${operation.path}: ${why}; the request was not sent`, {
      operation,
      maxQueueWait,
      ...(pause && { pausedUntil: pause.until }),
    });
  }

  /** Nothing queued, held or slowed down: the registry may forget it (the store keeps any holds). */
  get idle(): boolean {
    return this.waiting.size === 0 && !this.asking && this.holding === 0 && this.slotCap() === this.limitInForce;
  }

  /** Another client shares the key: the stricter limit and the longer interval apply from now on. */
  tighten(options: RateLimitOptions): void {
    this.limitInForce = Math.min(this.limitInForce, options.limit);
    this.intervalInForce = Math.max(this.intervalInForce, options.interval);
    this.cap = Math.min(this.cap, this.limitInForce);
  }

  /** Waits for a slot, first come, first served. Rejects at once with the signal's reason if it aborts. */
  acquire(options: AcquireOptions, config: ResolvedConfig): Promise<Slot> {
    const { signal, maxQueueWait, operation } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    // A pause known to outlast the wait allowed fails now rather than at the end of that wait.
    if (maxQueueWait !== undefined && this.pause !== undefined && this.pause.endsAt - performance.now() > maxQueueWait) {
      return Promise.reject(this.queueWaitError(operation, maxQueueWait));
    }
    const id = newWaiterId();
    const local = config.store === undefined || (config.onStoreError === 'local' && performance.now() < this.localUntil);
    // Nobody ahead and the budget in this process: a free slot is taken at once, with no waiter, timer or listener.
    const key = this.storeKey;
    const askNow = local && key !== undefined && this.waiting.size === 0 && !this.asking && this.wakeTimer === undefined;
    if (askNow) {
      const result = this.localStore.acquireNow(key, this.acquireRequest(id, options));
      if (result.granted) return Promise.resolve(this.slot(this.localStore, key, result.lease));
    }
    return new Promise<Slot>((resolve, reject) => {
      // Longer than a timer can count (about 24 days, `Infinity` included) is no bound.
      const queueTimer = maxQueueWait === undefined || maxQueueWait > MAX_TIMER_MS ? undefined : setTimeout(() => this.leave(entry, this.queueWaitError(operation, maxQueueWait)), maxQueueWait);
      const waiter: Waiter = {
        id,
        options,
        config,
        // Refused just now, it is already in the store's queue.
        askedStore: askNow ? this.localStore : undefined,
        local,
        resolve,
        reject,
        cleanup: () => {
          if (queueTimer !== undefined) clearTimeout(queueTimer);
          if (signal) this.stopWatching(signal, entry);
        },
      };
      const entry = this.waiting.push(waiter);
      if (signal) this.watch(signal, entry);
      if (!this.asking && this.wakeTimer === undefined) void this.serve();
    });
  }

  /**
   * One abort listener per signal, however many calls wait on it: an EventTarget looks through its
   * listeners on every add and remove, so a listener per call would make N calls cost O(N²).
   */
  private watch(signal: AbortSignal, entry: QueueEntry<Waiter>): void {
    let group = this.bySignal.get(signal);
    if (!group) {
      const members = new Set<QueueEntry<Waiter>>();
      const onAbort = () => {
        for (const member of [...members]) this.leave(member, signal.reason);
      };
      group = { members, onAbort };
      this.bySignal.set(signal, group);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    group.members.add(entry);
  }

  private stopWatching(signal: AbortSignal, entry: QueueEntry<Waiter>): void {
    const group = this.bySignal.get(signal);
    if (!group?.members.delete(entry) || group.members.size > 0) return;
    this.bySignal.delete(signal);
    signal.removeEventListener('abort', group.onAbort);
  }

  /** Takes a waiter out of the queue, failing its call with `error`. */
  private leave(entry: QueueEntry<Waiter>, error: unknown): void {
    const wasFirst = this.waiting.first() === entry;
    if (!this.waiting.remove(entry)) return;
    const waiter = entry.value;
    waiter.cleanup();
    this.withdraw(waiter);
    waiter.reject(error);
    if (this.waiting.size === 0) this.stopWaking();
    else if (wasFirst) this.wakeSoon();
  }

  /**
   * After a 429: every call on the key waits `ms` (plus jitter), fewer slots are used until the key recovers, and
   * round trips are no longer trusted. Returns the pause, for the error and the log line to show.
   */
  throttled(ms: number, reason = 'a 429 on this API key'): RateLimitPause {
    this.distrustRoundTrips = true;
    const now = performance.now();
    if (now - this.lastDecrease >= this.intervalInForce) {
      this.cap = Math.max(1, Math.floor(this.slotCap() / 2));
      this.capChangedAt = now;
      this.lastDecrease = now;
    }
    const pause = withJitter(ms, this.intervalInForce);
    // As the store does, a longer pause already in force is kept.
    if (this.pause === undefined || now + pause > this.pause.endsAt) {
      this.pause = { endsAt: now + pause, shown: { until: new Date(Date.now() + pause), reason } };
    }
    const key = this.storeKey;
    if (key !== undefined) {
      this.localStore.pause(key, pause).catch(() => undefined);
      this.config.store?.pause(key, pause).catch(() => undefined);
    }
    return this.pause.shown;
  }

  /** Asks the store for a slot for the waiter at the front, and goes on until the queue is empty or refused. */
  private async serve(): Promise<void> {
    while (!this.asking) {
      const first = this.waiting.first();
      if (first === undefined) {
        this.stopWaking();
        return;
      }
      const head = first.value;
      this.asking = true;
      const key = this.storeKey ?? (await this.storeKeyReady);
      const store = head.local ? this.localStore : head.config.store!;
      let result: AcquireResult;
      try {
        head.askedStore = store;
        const request = this.acquireRequest(head.id, head.options);
        result = head.local ? this.localStore.acquireNow(key, request) : await this.answerInTime(store.acquire(key, request), head);
      } catch (error) {
        this.asking = false;
        this.storeFailed(error, head);
        continue;
      }
      this.asking = false;
      if (result.granted) {
        if (this.waiting.remove(first)) {
          head.cleanup();
          head.resolve(this.slot(store, key, result.lease));
        } else {
          store.release(key, result.lease, 0).catch(() => undefined);
        }
        continue;
      }
      if (first.queued) {
        this.wakeIn(result.retryInMs, store, key);
        return;
      }
    }
  }

  private acquireRequest(waiter: string, options: AcquireOptions): AcquireRequest {
    return { waiter, limit: this.slotCap(), leaseMs: options.timeout + this.intervalInForce };
  }

  private async answerInTime<T>(answer: Promise<T>, waiter: Waiter): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${waiter.options.timeout} ms`)), waiter.options.timeout);
    });
    try {
      return await Promise.race([answer, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The store failed: every waiter that may fall back does so, and every other fails now rather than one timeout after another. */
  private storeFailed(cause: unknown, head: Waiter): void {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const describe = (operation: OperationRef) =>
      new RateLimitStoreError(`${operation.method} ${operation.path}: the rate-limit store failed (${reason}); the request was not sent`, {
        operation,
        cause,
      });
    let fellBack = false;
    for (const entry of this.waiting) {
      const waiter = entry.value;
      if (waiter.config.onStoreError === 'local') {
        if (!waiter.local) this.withdraw(waiter);
        waiter.local = true;
        fellBack = true;
        continue;
      }
      this.waiting.remove(entry);
      waiter.cleanup();
      waiter.reject(describe(waiter.options.operation));
    }
    if (fellBack) {
      this.localUntil = performance.now() + STORE_RETRY_AFTER_MS;
      head.config.onStoreFallback?.(describe(head.options.operation));
    }
  }

  private withdraw(waiter: Waiter): void {
    const key = this.storeKey;
    if (key !== undefined) waiter.askedStore?.withdraw(key, waiter.id).catch(() => undefined);
    waiter.askedStore = undefined;
  }

  private slot(store: RateLimitStore, key: string, lease: string): Slot {
    const grantedAt = performance.now();
    this.holding += 1;
    let settled = false;
    /** `sinceAnswer`: for a slot released after a response, how long ago it came; the hold runs from then. */
    const settle = (holdMs: number, sinceAnswer = 0) => {
      if (settled) return;
      settled = true;
      this.holding -= 1;
      const hold = Math.max(0, holdMs - sinceAnswer);
      const done = store === this.localStore ? Promise.resolve(this.localStore.releaseNow(key, lease, hold)) : store.release(key, lease, hold);
      // A release that never reaches the store is covered by the lease's own expiry.
      done.catch(() => undefined).then(() => this.wakeNow());
    };
    return {
      responded: (answeredAt) => {
        const now = performance.now();
        // A time outside this slot's life (an earlier attempt's answer) is not this request's.
        const at = answeredAt !== undefined && answeredAt >= grantedAt && answeredAt <= now ? answeredAt : now;
        this.roundTrips.add(at - grantedAt);
        const trusted = this.roundTrips.count >= ROUND_TRIPS_BEFORE_TRUSTED && !this.distrustRoundTrips && !store.shared ? this.roundTrips.floor() : 0;
        settle(Math.min(this.intervalInForce, Math.max(0, this.intervalInForce - trusted)), now - at);
      },
      release: () => settle(this.intervalInForce),
      cancel: () => settle(0),
    };
  }

  private slotCap(): number {
    if (this.cap < this.limitInForce) {
      const intervals = Math.floor((performance.now() - this.capChangedAt) / this.intervalInForce);
      if (intervals > 0) {
        this.cap = Math.min(this.limitInForce, this.cap + intervals * Math.max(1, Math.round(this.limitInForce / 10)));
        this.capChangedAt += intervals * this.intervalInForce;
      }
    }
    return this.cap;
  }

  private wakeIn(ms: number, store: RateLimitStore, key: string): void {
    this.clearWakeTimer();
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      void this.serve();
    }, Math.ceil(ms));
    if (this.unsubscribe === undefined && store.subscribe) this.unsubscribe = store.subscribe(key, () => this.wakeNow());
  }

  /** The front waiter left: the next one asks once the current task is done, so a thousand leaving cost one ask. */
  private wakeSoon(): void {
    if (this.wakeTimer === undefined || this.wakeQueued) return;
    this.wakeQueued = true;
    queueMicrotask(() => {
      this.wakeQueued = false;
      this.wakeNow();
    });
  }

  /** Something changed: the front waiter asks again now instead of at its timer. */
  private wakeNow(): void {
    if (this.wakeTimer === undefined) return;
    this.clearWakeTimer();
    void this.serve();
  }

  private stopWaking(): void {
    this.clearWakeTimer();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private clearWakeTimer(): void {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }
}

function invalid(field: string, value: unknown, rule: string, message: string): ValidationError {
  return new ValidationError([{ field, value, rule, message }]);
}

function checkConfig(config: RateLimitOptions & Omit<RateLimitConfig, 'limit' | 'interval'>): void {
  const { limit, interval, store, onStoreError, onStoreFallback } = config;
  if (!Number.isInteger(limit) || limit < 1) {
    throw invalid('rateLimit.limit', limit, 'minimum', `${describeValue(limit)} must be a positive integer`);
  }
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval <= 0) {
    throw invalid('rateLimit.interval', interval, 'minimum', `${describeValue(interval)} must be a positive number of milliseconds`);
  }
  const methods = ['acquire', 'release', 'withdraw', 'pause'] as const;
  if (store !== undefined && (typeof store !== 'object' || store === null || methods.some((m) => typeof store[m] !== 'function'))) {
    throw invalid('rateLimit.store', '[not a store]', 'type', `must be a RateLimitStore (with ${methods.join(', ')})`);
  }
  if (onStoreError !== undefined && onStoreError !== 'fail' && onStoreError !== 'local') {
    throw invalid('rateLimit.onStoreError', onStoreError, 'enum', `${describeValue(onStoreError)} must be 'fail' or 'local'`);
  }
  if (onStoreFallback !== undefined && typeof onStoreFallback !== 'function') {
    throw invalid('rateLimit.onStoreFallback', onStoreFallback, 'type', 'must be a function');
  }
}

interface Registry {
  readonly limiters: Map<string, KeyLimiter>;
  readonly store: InProcessRateLimitStore;
  sweepAt: number;
}

/**
 * One registry per process, however many copies of the package are loaded
 * (an ESM and a CJS build, two versions bundled twice): the budget belongs to
 * the key, so every client holding it must draw from the same limiter.
 */
const REGISTRY = Symbol.for('openphone-sdk.rate-limit-registry.v1');

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  return (holder[REGISTRY] ??= { limiters: new Map(), store: new InProcessRateLimitStore(), sweepAt: 64 });
}

/** Forgets idle limiters once the map has doubled: amortised O(1) per key, and bounded by the keys in use. */
function sweep(registry: Registry): void {
  for (const [key, limiter] of registry.limiters) if (limiter.idle) registry.limiters.delete(key);
  registry.sweepAt = Math.max(64, registry.limiters.size * 2);
}

/**
 * A client's handle on its key's budget. The limiter is looked up on each
 * call rather than held, so an idle one can be forgotten (no WeakRef or
 * FinalizationRegistry needed, which some runtimes lack).
 */
export class RateLimiter {
  readonly config: ResolvedConfig;

  constructor(
    private readonly apiKey: string,
    config: RateLimitOptions & Omit<RateLimitConfig, 'limit' | 'interval'>,
  ) {
    checkConfig(config);
    this.config = {
      limit: config.limit,
      interval: config.interval,
      store: config.store,
      onStoreError: config.onStoreError ?? 'fail',
      onStoreFallback: config.onStoreFallback,
    };
    this.limiter();
  }

  get status(): RateLimitStatus {
    return this.limiter().status;
  }

  acquire(options: AcquireOptions): Promise<Slot> {
    return this.limiter().acquire(options, this.config);
  }

  throttled(ms: number, reason?: string): RateLimitPause {
    return this.limiter().throttled(ms, reason);
  }

  private limiter(): KeyLimiter {
    const shared = registry();
    const existing = shared.limiters.get(this.apiKey);
    if (existing) {
      if (existing.config.store !== this.config.store) {
        throw invalid('rateLimit.store', '[a different store]', 'conflict', 'another client in this process uses a different store for this API key; give every client of a key the same store');
      }
      existing.tighten(this.config);
      return existing;
    }
    if (shared.limiters.size >= shared.sweepAt) sweep(shared);
    const limiter = new KeyLimiter(this.apiKey, this.config, shared.store);
    shared.limiters.set(this.apiKey, limiter);
    return limiter;
  }
}
