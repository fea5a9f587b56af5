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

/**
 * Leases granted and not yet released, each freeing itself at grant + leaseMs
 * for a holder that never releases. Expiry looks through them only once the
 * earliest of those times may have passed, so the common call pays nothing
 * for it, however many leases are out.
 */
class InFlightLeases {
  private readonly freeAt = new Map<string, number>();
  /** No lease frees before this: exact after a scan, lowered by new leases, left low by releases. */
  private earliest = Infinity;

  get size(): number {
    return this.freeAt.size;
  }

  add(lease: string, at: number): void {
    this.freeAt.set(lease, at);
    this.earliest = Math.min(this.earliest, at);
  }

  delete(lease: string): boolean {
    return this.freeAt.delete(lease);
  }

  expire(now: number): void {
    if (now < this.earliest) return;
    this.earliest = Infinity;
    for (const [lease, at] of this.freeAt) {
      if (at <= now) this.freeAt.delete(lease);
      else this.earliest = Math.min(this.earliest, at);
    }
  }

  times(): IterableIterator<number> {
    return this.freeAt.values();
  }
}

/**
 * Released slots still taken until release + hold, as a queue in the order
 * they free: a slot never frees before one released earlier (it is kept a
 * little longer instead, which can only hold a slot longer than needed, never
 * shorter), so expiry takes from the front in amortised constant time.
 */
class HeldSlots {
  private freeAt: number[] = [];
  private head = 0;

  get size(): number {
    return this.freeAt.length - this.head;
  }

  add(at: number): void {
    const latest = this.size > 0 ? this.freeAt[this.freeAt.length - 1]! : at;
    this.freeAt.push(Math.max(latest, at));
  }

  expire(now: number): void {
    while (this.head < this.freeAt.length && this.freeAt[this.head]! <= now) this.head += 1;
    if (this.head === this.freeAt.length) {
      this.freeAt = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.freeAt.length) {
      this.freeAt = this.freeAt.slice(this.head);
      this.head = 0;
    }
  }

  times(): number[] {
    return this.freeAt.slice(this.head);
  }
}

interface KeyState {
  /** Leases granted and not yet released. */
  readonly inFlight: InFlightLeases;
  /** Released leases whose slot stays taken until release + hold. */
  readonly held: HeldSlots;
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
    const free = limit - state.inFlight.size - state.held.size;
    if (now >= state.pausedUntil && this.position(state, waiter, free) < free) {
      state.waiters.delete(waiter);
      const lease = `lease-${++this.nextLease}`;
      state.inFlight.add(lease, now + leaseMs);
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
    if (!state?.inFlight.delete(lease)) return;
    if (holdMs > 0) {
      state.held.add(performance.now() + holdMs);
    } else {
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
    const state: KeyState = { inFlight: new InFlightLeases(), held: new HeldSlots(), waiters: new Map(), pausedUntil: 0 };
    this.keys.set(key, state);
    return state;
  }

  private expire(state: KeyState, now: number): void {
    state.inFlight.expire(now);
    state.held.expire(now);
    for (const [waiter, dropAt] of state.waiters) if (dropAt <= now) state.waiters.delete(waiter);
  }

  /** When the next slot frees or the pause ends, whichever lets a waiter in. */
  private nextChange(state: KeyState, now: number, limit: number): number {
    const frees = [...state.inFlight.times(), ...state.held.times()].sort((a, b) => a - b);
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
    if (state.inFlight.size === 0 && state.held.size === 0 && state.waiters.size === 0 && state.pausedUntil <= now) this.keys.delete(key);
  }

  private notify(key: string): void {
    for (const listener of this.listeners.get(key) ?? []) listener();
  }
}
