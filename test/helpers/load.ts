import { Worker } from 'node:worker_threads';

/**
 * Puts the process under CPU load: a worker thread spins on another core and
 * the main event loop stalls for random stretches, so timers fire late and
 * sends bunch up the way they do on a busy server.
 */
export function startCpuLoad({ maxStallMs = 60, everyMs = 25 } = {}): () => Promise<void> {
  const spinner = new Worker('for (;;) Math.sqrt(Math.random());', { eval: true });
  const stalls = setInterval(() => {
    const until = performance.now() + Math.random() * maxStallMs;
    while (performance.now() < until) {
      // Deliberately busy: this is the load.
    }
  }, everyMs);
  return async () => {
    clearInterval(stalls);
    await spinner.terminate();
  };
}
