import { format, inspect } from 'node:util';

/** Everything an error can be turned into: message, stack, JSON, inspect, and log lines. A secret must be in none. */
export function renderings(error: unknown): string[] {
  return [
    String(error),
    (error as Error).message,
    String((error as Error).stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    format('%o', error),
    format('failed: %s', error),
  ];
}
