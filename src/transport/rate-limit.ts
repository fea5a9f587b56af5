import pThrottle from 'p-throttle';
import { raceAbort } from './signals.js';

export interface RateLimitOptions {
  /** Requests allowed per `interval`. */
  readonly limit: number;
  /** Window length in milliseconds. */
  readonly interval: number;
}

/** The API's documented budget: 10 requests per second per API key. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 10, interval: 1000 };

/** A permission to send one request. */
export interface Slot {
  /** The attempt is over (response headers arrived or it failed): the slot frees `interval` ms from now. */
  release(): void;
  /** Nothing was sent: the slot frees at once. */
  cancel(): void;
}

interface Waiter {
  readonly grant: (slotIndex: number) => void;
}

/**
 * Keeps one API key under a sliding-window limit counted where the server
 * counts it: at arrival.
 *
 * p-throttle in strict mode spaces the *starts* of requests so that no window
 * holds more than `limit` of them. Arrival is later than start by a varying
 * amount (connection set-up, event-loop stalls), so starts that were a window
 * apart can land together. Each of the `limit` slots is therefore also held
 * until its response arrives and then for one more `interval`: consecutive
 * requests on a slot reach the server at least `interval` apart, so no window
 * can see more than `limit` arrivals whatever the latency.
 *
 * Timers exist only while callers wait, so an idle limiter never keeps a
 * process alive.
 */
export class RateLimiter {
  readonly options: RateLimitOptions;
  /** When each slot becomes free again (ms, `performance.now()` clock); `Infinity` while in flight. */
  private readonly freeAt: number[];
  private readonly waiting: Waiter[] = [];
  private resumeAt = 0;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Infinity;
  private readonly paceStart: () => Promise<void>;

  constructor(options: RateLimitOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError(`rateLimit.limit must be a positive integer, got ${String(options.limit)}`);
    }
    if (!Number.isFinite(options.interval) || options.interval <= 0) {
      throw new RangeError(`rateLimit.interval must be a positive number of milliseconds, got ${String(options.interval)}`);
    }
    this.options = { limit: options.limit, interval: options.interval };
    this.freeAt = new Array<number>(options.limit).fill(0);
    this.paceStart = pThrottle({ limit: options.limit, interval: options.interval, strict: true })(async () => undefined);
  }

  /** Calls waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for a slot (first come, first served). Rejects at once with the signal's reason if it aborts. */
  async acquire(signal?: AbortSignal): Promise<Slot> {
    signal?.throwIfAborted();
    const index = await this.takeSlot(signal);
    const slot = this.slot(index);
    try {
      await raceAbort(this.paceStart(), signal);
    } catch (error) {
      slot.cancel();
      throw error;
    }
    return slot;
  }

  /** Holds every slot until `ms` from now, e.g. after a 429, so one rejection is not followed by a burst of others. */
  pauseFor(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, performance.now() + ms);
    this.schedule();
  }

  /** Wraps a slot already marked in flight. */
  private slot(index: number): Slot {
    let settled = false;
    const settle = (at: number) => {
      if (settled) return;
      settled = true;
      this.freeAt[index] = at;
      this.dispatch();
    };
    return {
      release: () => settle(performance.now() + this.options.interval),
      cancel: () => settle(performance.now()),
    };
  }

  private freeSlot(now: number): number {
    if (now < this.resumeAt) return -1;
    return this.freeAt.findIndex((at) => at <= now);
  }

  private takeSlot(signal: AbortSignal | undefined): Promise<number> {
    const index = this.waiting.length === 0 ? this.freeSlot(performance.now()) : -1;
    if (index !== -1) {
      this.freeAt[index] = Infinity;
      return Promise.resolve(index);
    }
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        const position = this.waiting.indexOf(waiter);
        if (position !== -1) this.waiting.splice(position, 1);
        this.schedule();
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        grant: (slotIndex) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slotIndex);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.schedule();
    });
  }

  private dispatch(): void {
    const now = performance.now();
    while (this.waiting.length > 0) {
      const index = this.freeSlot(now);
      if (index === -1) break;
      this.freeAt[index] = Infinity;
      this.waiting.shift()!.grant(index);
    }
    this.schedule();
  }

  /** Arms one timer for the next moment a waiter could be served; none when nobody waits. */
  private schedule(): void {
    if (this.waiting.length === 0) {
      this.clearWake();
      return;
    }
    const nextFree = Math.min(...this.freeAt);
    if (nextFree === Infinity) {
      this.clearWake();
      return;
    }
    const at = Math.max(nextFree, this.resumeAt);
    if (this.wakeTimer !== undefined && this.wakeAt <= at) return;
    this.clearWake();
    this.wakeAt = at;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAt = Infinity;
      this.dispatch();
    }, Math.max(0, Math.ceil(at - performance.now())));
  }

  private clearWake(): void {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    this.wakeAt = Infinity;
  }
}

/**
 * One limiter per API key and limit in the process: the budget belongs to the
 * key, so every client holding it must draw from the same one. Entries go away
 * when no client references their limiter any more.
 */
const limiters = new Map<string, WeakRef<RateLimiter>>();
const forget = new FinalizationRegistry<string>((id) => {
  if (limiters.get(id)?.deref() === undefined) limiters.delete(id);
});

export function sharedRateLimiter(apiKey: string, options: RateLimitOptions): RateLimiter {
  const id = `${options.limit}/${options.interval}\u0000${apiKey}`;
  const existing = limiters.get(id)?.deref();
  if (existing) return existing;
  const limiter = new RateLimiter(options);
  limiters.set(id, new WeakRef(limiter));
  forget.register(limiter, id);
  return limiter;
}
