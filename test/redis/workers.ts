import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Bundle, bundleEntry } from '../helpers/bundle.js';
import { meanRoundTrip } from '../helpers/round-trips.js';
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
 * The most of the limit a shared store allows: it holds each slot a full `interval` after its answer, so a slot
 * is free again `interval` plus a round trip after it was taken, and the rate is at most
 * interval / (interval + mean round trip) of the limit. Over every request the workers sent.
 */
export function roundTripBound(summaries: readonly (WorkerSummary | undefined)[], interval: number): number {
  return interval / (interval + meanRoundTrip(summaries.flatMap((summary) => summary?.roundTrips ?? [])));
}
