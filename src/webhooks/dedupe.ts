/** What a dedupe store knows about a delivery when a handler tries to claim it. */
export type DedupeClaim =
  /** Nobody has it: the caller now holds it and runs the callback. */
  | 'claimed'
  /** Another request holds it and has not finished. */
  | 'in_progress'
  /** A callback already finished it. */
  | 'processed';

/**
 * Where `createWebhookHandler` records the deliveries it runs, so a retried
 * delivery reaches the callback once. Share one store between replicas (see
 * `redisDedupeStore` in `openphone-sdk/redis`) to deduplicate across them.
 *
 * A claim is a lease: it lapses `leaseMs` after it was taken or last extended,
 * so a request that died holding one never blocks the delivery for good.
 * Implement this to keep the records elsewhere; every method must be atomic.
 */
export interface WebhookDedupeStore {
  /** Claims `key` for `owner` for `leaseMs`, unless it is held or was processed. */
  claim(key: string, owner: string, leaseMs: number): Promise<DedupeClaim>;
  /** Pushes the end of `owner`'s lease to `leaseMs` from now; does nothing if the lease is no longer theirs. */
  extend(key: string, owner: string, leaseMs: number): Promise<void>;
  /** Records `key` as processed for `ttlMs`, whoever holds it. */
  complete(key: string, ttlMs: number): Promise<void>;
  /** Frees `owner`'s claim at once, so the next retry is processed; does nothing if it is not theirs. */
  release(key: string, owner: string): Promise<void>;
}

interface Entry {
  /** The claim's holder; undefined once processed. */
  readonly owner: string | undefined;
  readonly expiresAt: number;
}

/** Past this many records, the oldest are forgotten first, so a flood of deliveries cannot exhaust memory. */
const MEMORY_STORE_CAPACITY = 100_000;

/**
 * Records in this process's memory: enough for one replica. Expiry is checked
 * on access, so the store never holds a timer.
 */
export class MemoryDedupeStore implements WebhookDedupeStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = MEMORY_STORE_CAPACITY) {}

  async claim(key: string, owner: string, leaseMs: number): Promise<DedupeClaim> {
    const now = performance.now();
    this.prune(now);
    const entry = this.live(key, now);
    if (entry) return entry.owner === undefined ? 'processed' : 'in_progress';
    this.put(key, { owner, expiresAt: now + leaseMs });
    return 'claimed';
  }

  async extend(key: string, owner: string, leaseMs: number): Promise<void> {
    const now = performance.now();
    if (this.live(key, now)?.owner === owner) this.put(key, { owner, expiresAt: now + leaseMs });
  }

  async complete(key: string, ttlMs: number): Promise<void> {
    this.put(key, { owner: undefined, expiresAt: performance.now() + ttlMs });
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.entries.get(key)?.owner === owner) this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > now ? entry : undefined;
  }

  /** Re-inserts, so the map stays in order of last write and pruning can stop at the first live entry. */
  private put(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
