import type { AcquireResult, RateLimitStore } from '../../src/internal/transport/rate-limit-store.js';

/**
 * A rate-limit store that answers each `acquire` with `answer(waiter)` and records every call
 * with its arguments, e.g. `['release', key, lease, holdMs]`. With `subscribe: false` it has no
 * `subscribe`, so the limiter can only learn of changes by asking again.
 */
export function recordingStore(answer: (waiter: string) => Promise<AcquireResult>, { subscribe = true } = {}) {
  const calls: unknown[][] = [];
  let listener: (() => void) | undefined;
  let unsubscribed = 0;
  const store: RateLimitStore = {
    acquire: (key, request) => (calls.push(['acquire', key, request.waiter]), answer(request.waiter)),
    release: async (key, lease, holdMs) => void calls.push(['release', key, lease, holdMs]),
    withdraw: async (key, waiter) => void calls.push(['withdraw', key, waiter]),
    pause: async (key, ms) => void calls.push(['pause', key, ms]),
    ...(subscribe && {
      subscribe: (key: string, onChange: () => void) => {
        calls.push(['subscribe', key]);
        listener = onChange;
        return () => (unsubscribed += 1);
      },
    }),
  };
  /** The waiter of each `acquire`, in order. */
  const asked = () => calls.filter(([name]) => name === 'acquire').map(([, , waiter]) => waiter as string);
  return { store, calls, asked, notify: () => listener?.(), unsubscribed: () => unsubscribed };
}
