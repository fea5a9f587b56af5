/**
 * The server side of the rate limit: at most `limit` accepted requests per key
 * in any window of `interval` ms, counted at arrival. Rejected requests do not
 * count, so a client that waits as told gets through. Keys idle for a whole
 * window are forgotten, so memory follows the keys in use, not every key ever seen.
 */
export class SlidingWindow {
  private readonly arrivals = new Map<string, number[]>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limit: number,
    readonly interval: number,
  ) {}

  /** Keys with arrivals in the current window. */
  get trackedKeys(): number {
    return this.arrivals.size;
  }

  /** Records an arrival and returns 0, or returns how many ms until the key may send again. */
  admit(key: string, now: number): number {
    this.sweep(now);
    let times = this.arrivals.get(key);
    if (!times) {
      times = [];
      this.arrivals.set(key, times);
    }
    while (times.length > 0 && now - times[0]! >= this.interval) times.shift();
    if (times.length >= this.limit) return times[0]! + this.interval - now;
    times.push(now);
    return 0;
  }

  /** At most once per interval, drops the keys whose latest arrival is a whole interval old: linear in keys, once per window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.interval) return;
    this.lastSweep = now;
    for (const [key, times] of this.arrivals) {
      if (times.length === 0 || now - times[times.length - 1]! >= this.interval) this.arrivals.delete(key);
    }
  }
}
