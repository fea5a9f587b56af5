import { parseArgs } from 'node:util';
import { MAX_DELAY_MS, connectionResets, errorRate, latency, type FaultRule } from './faults.js';
import { startSandbox, type Sandbox, type SandboxOptions } from './server.js';

export interface RunSandboxOptions extends SandboxOptions {
  /** Where the `listening <url>` line goes. Default: standard output. */
  readonly output?: (line: string) => void;
}

export interface RunningSandbox {
  readonly sandbox: Sandbox;
  /** Resolves once the sandbox has closed, on SIGINT, SIGTERM or `stop()`. */
  readonly closed: Promise<void>;
  /** Closes the sandbox and stops listening for the signals. Safe to call more than once. */
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs a sandbox as a long-lived process: starts it, writes
 * `listening <url>` as the first line of output (what a parent process waits
 * for), and closes it on SIGINT or SIGTERM. With the sandbox closed nothing
 * keeps the process alive, so it exits on its own.
 */
export async function runSandbox(options: RunSandboxOptions = {}): Promise<RunningSandbox> {
  const { output = (line: string) => void process.stdout.write(`${line}\n`), ...sandboxOptions } = options;
  const sandbox = await startSandbox(sandboxOptions);
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const closed = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let closing: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    if (!closing) {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      closing = sandbox.close();
      closing.then(settle.resolve, settle.reject);
    }
    return closing;
  };
  function onSignal(): void {
    void stop();
  }
  for (const signal of SIGNALS) process.on(signal, onSignal);
  output(`listening ${sandbox.url}`);
  return { sandbox, closed, stop };
}

/** What `sandboxOptionsFromArgs` understands, for a command's `--help`. */
export const SANDBOX_USAGE = `Options:
  --port <n>                    port on 127.0.0.1 (default: a free one)
  --seed <n>                    seed for ids, data and fault draws (default 1)
  --rate-limit <n>/<ms>         requests per key per interval (default 10/1000)
  --no-rate-limit               turn the rate limit off
  --error-rate <0..1>           answer this share of requests with a 5xx
  --latency <ms>                delay every request
  --reset-rate <0..1>           drop the connection of this share of requests
  --webhook-scheme <scheme>     openphone-signature (default) or standard-webhooks
  --deliver-sent-messages <ms>  mark sent messages delivered after this delay
  --webhook-timeout <ms>        how long a webhook receiver has to answer (default 10000)
  --webhook-retry-delays <ms,…> waits before each retry of a versioned webhook delivery
                                that failed (default 250,1000,4000; "" for none)
  --fixed-clock                 date records from 2025-01-01, one second apart, for
                                reproducible runs (default: the real clock)
  --max-stored-bytes <n>        bytes of records writes may store before a 507
                                (default 33554432)`;

function number(name: string, text: string | undefined, min: number, max = Number.POSITIVE_INFINITY): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`--${name} must be a number from ${min}${max === Number.POSITIVE_INFINITY ? ' up' : ` to ${max}`}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * Sandbox options from command-line arguments (see `SANDBOX_USAGE`), so a
 * command can be `runSandbox(sandboxOptionsFromArgs(process.argv.slice(2)))`.
 *
 * @throws {RangeError} for a value out of range, and `TypeError` (from `parseArgs`) for an unknown option.
 */
export function sandboxOptionsFromArgs(args: readonly string[]): SandboxOptions {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      port: { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      seed: { type: 'string' },
      'rate-limit': { type: 'string' },
      'error-rate': { type: 'string' },
      latency: { type: 'string' },
      'reset-rate': { type: 'string' },
      'webhook-scheme': { type: 'string' },
      'deliver-sent-messages': { type: 'string' },
      'webhook-timeout': { type: 'string' },
      'webhook-retry-delays': { type: 'string' },
      'fixed-clock': { type: 'boolean' },
      'max-stored-bytes': { type: 'string' },
    },
  });
  const options: SandboxOptions = {};
  const set = <Key extends keyof SandboxOptions>(key: Key, value: SandboxOptions[Key] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('port', number('port', values.port, 0, 65535));
  set('seed', number('seed', values.seed, 0));
  if (values['no-rate-limit']) {
    options.rateLimit = false;
  } else if (values['rate-limit'] !== undefined) {
    const [limit, interval] = values['rate-limit'].split('/');
    options.rateLimit = { limit: number('rate-limit', limit, 1)!, interval: number('rate-limit', interval ?? '1000', 1)! };
  }
  const scheme = values['webhook-scheme'];
  if (scheme !== undefined && scheme !== 'openphone-signature' && scheme !== 'standard-webhooks') {
    throw new RangeError(`--webhook-scheme must be openphone-signature or standard-webhooks, got ${JSON.stringify(scheme)}`);
  }
  set('webhookScheme', scheme);
  set('deliverSentMessages', number('deliver-sent-messages', values['deliver-sent-messages'], 0));
  set('webhookTimeout', number('webhook-timeout', values['webhook-timeout'], 1));
  if (values['fixed-clock']) options.clock = 'fixed';
  set('maxStoredBytes', number('max-stored-bytes', values['max-stored-bytes'], 0));
  const retryDelays = values['webhook-retry-delays'];
  if (retryDelays !== undefined) {
    options.webhookRetryDelays = retryDelays.trim() === '' ? [] : retryDelays.split(',').map((delay) => number('webhook-retry-delays', delay, 0, MAX_DELAY_MS)!);
  }
  const errors = number('error-rate', values['error-rate'], 0, 1);
  const delay = number('latency', values.latency, 0);
  const resets = number('reset-rate', values['reset-rate'], 0, 1);
  const faults: FaultRule[] = [...(resets === undefined ? [] : connectionResets(resets)), ...(errors === undefined ? [] : errorRate(errors)), ...(delay === undefined ? [] : latency(delay))];
  if (faults.length > 0) options.faults = faults;
  return options;
}
