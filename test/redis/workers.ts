import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Bundle, bundleEntry } from '../helpers/bundle.js';
import type { CallRecord, WorkerOptions, WorkerSummary } from './rate-limit-worker.js';

/** The worker script, bundled once per test file: `runWorkers` starts every process from it. */
export const bundleWorker = (): Promise<Bundle> => bundleEntry(fileURLToPath(new URL('./rate-limit-worker.ts', import.meta.url)));

export interface Worker {
  readonly calls: CallRecord[];
  /** Settles when the process exits: its summary, or undefined if it was killed. */
  readonly finished: Promise<WorkerSummary | undefined>;
  /** Resolves once `count` calls have settled. */
  settled(count: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts processes of `worker` that each run `options`, and releases them together once all are ready. */
export async function runWorkers(worker: Bundle, options: readonly WorkerOptions[]): Promise<Worker[]> {
  const started = await Promise.all(options.map((each) => startWorker(worker, each)));
  for (const { child } of started) child.stdin!.write('go\n');
  return started.map(({ worker }) => worker);
}

async function startWorker(bundle: Bundle, options: WorkerOptions): Promise<{ child: ChildProcess; worker: Worker }> {
  const child = spawn(process.execPath, [bundle.file], {
    env: { ...process.env, WORKER_OPTIONS: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);
  const calls: CallRecord[] = [];
  const waiting = new Set<() => void>();
  let summary: WorkerSummary | undefined;
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)} before it was ready`)));
    lines.on('line', (line) => {
      if (line === 'ready') return resolve();
      const message = JSON.parse(line) as CallRecord | WorkerSummary;
      if (message.type === 'summary') summary = message;
      else calls.push(message);
      for (const check of waiting) check();
    });
  });
  const exited = once(child, 'exit').then(() => {
    process.off('exit', stop);
    for (const check of waiting) check();
  });
  await ready;
  return {
    child,
    worker: {
      calls,
      finished: exited.then(() => summary),
      settled: (count) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (calls.length >= count) resolve();
            else if (child.exitCode !== null || child.signalCode !== null) reject(new Error('worker exited first'));
            else return;
            waiting.delete(check);
          };
          waiting.add(check);
          check();
        }),
      kill: (signal) => child.kill(signal),
    },
  };
}

/**
 * Accepted calls per `interval`, as a share of `limit`: after the first window's
 * `limit` calls (answered at once), the rest over the time from the first answer to the last.
 */
export function rateOfLimit(calls: readonly CallRecord[], limit: number, interval: number): number {
  const ends = calls.filter((call) => call.status === 200).map((call) => call.end);
  return ((ends.length - limit) * interval) / (limit * (Math.max(...ends) - Math.min(...ends)));
}
