/**
 * The server side of the rate limit: at most `limit` accepted requests per key
 * in any window of `interval` ms, counted at arrival. Rejected requests do not
 * count, so a client that waits as told gets through.
 */
export class SlidingWindow {
  private readonly arrivals = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly interval: number,
  ) {}

  /** Records an arrival and returns 0, or returns how many ms until the key may send again. */
  admit(key: string, now: number): number {
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

  /** Requests still allowed for `key` in the current window. */
  remaining(key: string, now: number): number {
    const times = this.arrivals.get(key) ?? [];
    return Math.max(0, this.limit - times.filter((t) => now - t < this.interval).length);
  }
}
