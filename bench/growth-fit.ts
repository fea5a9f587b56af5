/**
 * Measuring how a function's time grows with the size of its input: the
 * exponent k in time ~ n^k, fitted over several sizes. Machines are noisy, so
 * each size is timed in several interleaved rounds and the fastest kept: other
 * processes, and garbage left by other code, only ever add time. Each timing
 * repeats the call until it lasts long enough to read.
 */
import { performance } from 'node:perf_hooks';

export interface GrowthCase {
  readonly name: string;
  /** Builds the input of size `n` (not timed) and returns the call to time. */
  readonly prepare: (n: number) => () => unknown;
}

export interface Measurement {
  readonly n: number;
  /** Milliseconds per call, in the fastest round. */
  readonly ms: number;
}

export interface Growth {
  readonly name: string;
  readonly measurements: readonly Measurement[];
  readonly exponent: number;
}

/** A timing shorter than this repeats the call, so the clock's resolution does not decide the figure. */
const SHORTEST_SAMPLE_MS = 5;

async function millisecondsPerCall(call: () => unknown): Promise<number> {
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    await call();
    calls++;
    elapsed = performance.now() - started;
  } while (elapsed < SHORTEST_SAMPLE_MS);
  return elapsed / calls;
}

/** The least-squares slope of log(time) against log(n). */
export function fitExponent(measurements: readonly Measurement[]): number {
  const xs = measurements.map((m) => Math.log(m.n));
  const ys = measurements.map((m) => Math.log(m.ms));
  const meanX = xs.reduce((a, b) => a + b, 0) / xs.length;
  const meanY = ys.reduce((a, b) => a + b, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < xs.length; i++) {
    covariance += (xs[i]! - meanX) * (ys[i]! - meanY);
    variance += (xs[i]! - meanX) ** 2;
  }
  return covariance / variance;
}

/** Sizes spaced evenly on a log scale from `smallest` to `largest`, `perDecade` to each power of ten. */
export function logSizes(smallest: number, largest: number, perDecade = 2): number[] {
  const steps = Math.round(Math.log10(largest / smallest) * perDecade);
  return Array.from({ length: steps + 1 }, (_, i) => Math.round(smallest * 10 ** (i / perDecade)));
}

/** Times `growthCase` at every size in `rounds` interleaved rounds and fits the exponent to the fastest of each. */
export async function measureGrowth(growthCase: GrowthCase, sizes: readonly number[], rounds: number): Promise<Growth> {
  const calls = sizes.map((n) => growthCase.prepare(n));
  for (const call of calls) await call();
  const samples: number[][] = sizes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < sizes.length; i++) samples[i]!.push(await millisecondsPerCall(calls[i]!));
  }
  const measurements = sizes.map((n, i) => ({ n, ms: Math.min(...samples[i]!) }));
  return { name: growthCase.name, measurements, exponent: fitExponent(measurements) };
}
