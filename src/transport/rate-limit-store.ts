/**
 * Where a rate limiter keeps the state of a key's budget: which slots are
 * taken, until when, and whether the key is paused after a 429.
 *
 * The interface is asynchronous so the state can live outside the process (a
 * Redis store shares one budget between processes and machines). Only
 * durations cross it, never timestamps: the store measures every "from now"
 * on its own clock, so the callers' clocks never have to agree with it or with
 * each other.
 *
 * The guarantee a store must keep, whatever the callers do: at most `limit`
 * leases of a key are taken or held at any moment, where a lease is held from
 * the moment it is granted until `holdMs` after the store receives its
 * release. A lease that is never released (its holder crashed) frees itself
 * `leaseMs` after it was granted, so no slot is ever lost.
 */
export interface RateLimitStore {
  /**
   * True when other processes or machines draw on the same budget. Round trips
   * measured in this process then say nothing about how soon another one's
   * request can arrive, so a slot is held a full interval after its response.
   */
  readonly shared?: boolean;
  /**
   * Takes a slot of `key`'s budget for `request.waiter`, or tells it when to ask again.
   *
   * A slot is granted only to a waiter near enough the front of the key's queue: with `n` slots free,
   * only the first `n` waiters (in order of their first `acquire`) may take them, so waiters in
   * different processes are served first come, first served. A waiter that is refused stays in the
   * queue; one not heard from again within `request.leaseMs` is dropped from it.
   */
  acquire(key: string, request: AcquireRequest): Promise<AcquireResult>;
  /** Ends a lease: its slot frees `holdMs` after the store receives this (0: at once). An unknown or expired lease is ignored. */
  release(key: string, lease: string, holdMs: number): Promise<void>;
  /** Takes `waiter` out of the key's queue (it gave up or was aborted). */
  withdraw(key: string, waiter: string): Promise<void>;
  /** Grants no slot of `key` for `ms` from now; a longer pause already in force is kept. */
  pause(key: string, ms: number): Promise<void>;
  /**
   * Optional: calls `listener` whenever something may let a refused waiter of `key` in before the
   * `retryInMs` it was told: a lease released (its slot frees sooner than its expiry), a waiter
   * withdrawn. Returns the unsubscribe function. Without it, waiters ask again after `retryInMs`.
   */
  subscribe?(key: string, listener: () => void): () => void;
}

export interface AcquireRequest {
  /** Identifies one waiting call, the same on every `acquire` it makes until it is granted or withdraws. */
  readonly waiter: string;
  /** Slots the key may have taken or held at once. */
  readonly limit: number;
  /** How long, from the grant, the lease frees itself if it is never released. */
  readonly leaseMs: number;
}

export type AcquireResult =
  | { readonly granted: true; readonly lease: string }
  | {
      readonly granted: false;
      /** When asking again may succeed: the next slot's free time or the end of a pause; at most `leaseMs`. */
      readonly retryInMs: number;
    };

interface KeyState {
  /** Lease id → when its slot frees (ms, store clock): grant + leaseMs while in flight, release + hold after. */
  readonly leases: Map<string, number>;
  /** Waiter id → when it is dropped unless it asks again (last ask + leaseMs), in queue order. */
  readonly waiters: Map<string, number>;
  pausedUntil: number;
}

/**
 * The default store: the budget of each key in this process's memory, on the
 * monotonic clock (`performance.now()`), so a wall-clock step never stalls or
 * releases anything. A key's state is dropped as soon as nothing is taken,
 * held, queued or paused, and no timer is ever set.
 */
export class InProcessRateLimitStore implements RateLimitStore {
  private readonly keys = new Map<string, KeyState>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private nextLease = 0;
  /** Idle keys are swept when the map doubles, so many keys cost amortised O(1) each and stay bounded by the busy ones. */
  private sweepAt = 64;

  async acquire(key: string, request: AcquireRequest): Promise<AcquireResult> {
    return this.acquireNow(key, request);
  }

  /** `acquire` without the promise, for the limiter's fast path. */
  acquireNow(key: string, { waiter, limit, leaseMs }: AcquireRequest): AcquireResult {
    const now = performance.now();
    const state = this.keys.get(key) ?? this.createState(key);
    this.expire(state, now);
    const free = limit - state.leases.size;
    if (now >= state.pausedUntil && this.position(state, waiter, free) < free) {
      state.waiters.delete(waiter);
      const lease = `lease-${++this.nextLease}`;
      state.leases.set(lease, now + leaseMs);
      return { granted: true, lease };
    }
    // Setting an existing entry keeps its place in the queue.
    state.waiters.set(waiter, now + leaseMs);
    return { granted: false, retryInMs: Math.min(leaseMs, Math.max(1, this.nextChange(state, now, limit) - now)) };
  }

  async release(key: string, lease: string, holdMs: number): Promise<void> {
    this.releaseNow(key, lease, holdMs);
  }

  releaseNow(key: string, lease: string, holdMs: number): void {
    const state = this.keys.get(key);
    if (!state?.leases.has(lease)) return;
    if (holdMs > 0) {
      state.leases.set(lease, performance.now() + holdMs);
    } else {
      state.leases.delete(lease);
      this.dropIfIdle(key, state, performance.now());
    }
    this.notify(key);
  }

  async withdraw(key: string, waiter: string): Promise<void> {
    const state = this.keys.get(key);
    if (!state?.waiters.delete(waiter)) return;
    this.dropIfIdle(key, state, performance.now());
    this.notify(key);
  }

  async pause(key: string, ms: number): Promise<void> {
    const state = this.keys.get(key) ?? this.createState(key);
    state.pausedUntil = Math.max(state.pausedUntil, performance.now() + ms);
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) this.listeners.delete(key);
    };
  }

  /** Keys with any state: for tests of the "nothing kept when idle" promise. */
  get size(): number {
    return this.keys.size;
  }

  /** The waiter's place in the queue (its length when it is not in it yet), counted no further than `upTo`. */
  private position(state: KeyState, waiter: string, upTo: number): number {
    let index = 0;
    for (const queued of state.waiters.keys()) {
      if (index >= upTo || queued === waiter) return index;
      index += 1;
    }
    return index;
  }

  private createState(key: string): KeyState {
    if (this.keys.size >= this.sweepAt) this.sweep();
    const state: KeyState = { leases: new Map(), waiters: new Map(), pausedUntil: 0 };
    this.keys.set(key, state);
    return state;
  }

  private expire(state: KeyState, now: number): void {
    for (const [lease, freeAt] of state.leases) if (freeAt <= now) state.leases.delete(lease);
    for (const [waiter, dropAt] of state.waiters) if (dropAt <= now) state.waiters.delete(waiter);
  }

  /** When the next slot frees or the pause ends, whichever lets a waiter in. */
  private nextChange(state: KeyState, now: number, limit: number): number {
    const frees = [...state.leases.values()].sort((a, b) => a - b);
    // With more leases than the limit (it was lowered), enough of them must free to get under it.
    const slotAt = frees.length < limit ? now : frees[frees.length - limit]!;
    return Math.max(slotAt, state.pausedUntil);
  }

  private sweep(): void {
    const now = performance.now();
    for (const [key, state] of this.keys) {
      this.expire(state, now);
      this.dropIfIdle(key, state, now);
    }
    this.sweepAt = Math.max(64, this.keys.size * 2);
  }

  private dropIfIdle(key: string, state: KeyState, now: number): void {
    if (state.leases.size === 0 && state.waiters.size === 0 && state.pausedUntil <= now) this.keys.delete(key);
  }

  private notify(key: string): void {
    for (const listener of this.listeners.get(key) ?? []) listener();
  }
}
