import { createInterface } from 'node:readline/promises';
import { OpenPhone } from '../core/client.js';
import { ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logging.js';
import { redactText } from '../internal/transport/redact.js';
import { loadOptional } from './optional.js';

/** Exit codes, so scripts can tell failures apart. */
export const EXIT = {
  ok: 0,
  /** The API or the network failed, or some sends failed. */
  failed: 1,
  /** The command line or the input was wrong; nothing was sent. */
  usage: 2,
  /** Stopped by Ctrl-C; a bulk send can be resumed. */
  interrupted: 130,
} as const;

/** A problem with how the command was called; printed without a stack trace, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure that is not the API's, said in one line without a stack trace, exit 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Ctrl-C before anything was sent (at a confirmation); said in one line, exit 130. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

/** Colour functions for one output stream; plain when the stream does not take colour. */
export type Palette = Readonly<Record<'red' | 'green' | 'yellow' | 'bold' | 'dim', (text: string) => string>>;

const PLAIN: Palette = { red: String, green: String, yellow: String, bold: String, dim: String };

/**
 * Whether to colour a stream: never with NO_COLOR, always with FORCE_COLOR
 * (other than 0), otherwise when it is a terminal that takes colour.
 */
export function colorEnabled(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const tty = stream as NodeJS.WriteStream;
  return tty.isTTY === true && typeof tty.hasColors === 'function' && tty.hasColors(env);
}

/** `--rate-limit 5/1000` (5 requests per 1000 ms), or `--rate-limit 5` (per second), as the client's `rateLimit`. */
function parseRateLimit(value: string): { limit: number; interval: number } {
  const match = /^(\d+)(?:\/(\d+))?$/.exec(value.trim());
  const limit = Number(match?.[1]);
  const interval = Number(match?.[2] ?? 1000);
  if (!match || limit < 1 || interval < 1) {
    throw new UsageError(`--rate-limit: ${JSON.stringify(value)} must be <requests>/<milliseconds> with both at least 1, like 5/1000`);
  }
  return { limit, interval };
}

/** A URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return JSON.stringify(url);
  }
}

export interface GlobalOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Redis holding the key's shared rate-limit budget, as `openphone-sdk/redis` keeps it. */
  readonly redisUrl?: string | undefined;
  /** `--rate-limit` as given: `<requests>/<milliseconds>`, or `<requests>` per second. */
  readonly rateLimit?: string | undefined;
  readonly sandbox: boolean;
  readonly json: boolean;
}

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** What every command gets: its output channels and, when it needs one, a client. */
export class CliContext {
  private closers: (() => Promise<void>)[] = [];
  private readonly key: string;

  constructor(
    readonly options: GlobalOptions,
    readonly io: Io,
    private readonly palette: ((enabled: boolean) => Palette) | undefined = undefined,
  ) {
    this.key = options.apiKey ?? io.env.OPENPHONE_API_KEY ?? '';
  }

  /** The text without the API key, by the SDK's own redaction (glued into other text too): whatever a server echoed never reaches the terminal. */
  redact(text: string): string {
    return redactText(text, this.key);
  }

  /** The SDK's log lines: on stderr only, so `--json` output on stdout stays one document, and redacted like all output. */
  private readonly logger: Logger = {
    debug: (message) => this.write('stderr', `${message}\n`),
    info: (message) => this.write('stderr', `${message}\n`),
    warn: (message) => this.write('stderr', `${message}\n`),
    error: (message) => this.write('stderr', `${message}\n`),
  };

  colors(stream: 'stdout' | 'stderr'): Palette {
    return this.palette?.(colorEnabled(this.io[stream], this.io.env)) ?? PLAIN;
  }

  /** Writes to stdout or stderr, never with the API key in it. */
  write(stream: 'stdout' | 'stderr', text: string): void {
    this.io[stream].write(this.redact(text));
  }

  /** The client for `--api-key`/`OPENPHONE_API_KEY` and `--base-url`, or an in-process sandbox with `--sandbox`. */
  async client(): Promise<OpenPhone> {
    const limit = this.options.rateLimit === undefined ? undefined : parseRateLimit(this.options.rateLimit);
    if (this.options.sandbox) {
      const { startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox(limit ? { rateLimit: limit } : {});
      this.closers.push(() => sandbox.close());
      this.note(`Using a local sandbox at ${sandbox.url} (nothing is sent for real).`);
      return new OpenPhone({ apiKey: this.options.apiKey ?? 'sandbox-key', baseUrl: sandbox.url, rateLimit: { ...limit }, logger: this.logger });
    }
    const apiKey = this.options.apiKey ?? this.io.env.OPENPHONE_API_KEY;
    const store = this.options.redisUrl ? { store: await this.redisStore(this.options.redisUrl) } : {};
    try {
      return new OpenPhone({
        ...(apiKey !== undefined && { apiKey }),
        ...(this.options.baseUrl && { baseUrl: this.options.baseUrl }),
        rateLimit: { ...limit, ...store },
        logger: this.logger,
      });
    } catch (error) {
      if (error instanceof ValidationError && error.issues.some((issue) => issue.field === 'apiKey')) {
        throw new UsageError(`${error.issues[0]!.message.replace('`apiKey`', '--api-key')} (or use --sandbox to try things locally)`);
      }
      throw error;
    }
  }

  /** The budget the user's servers draw on, so a bulk send and the servers together keep under the key's limit. */
  private async redisStore(url: string) {
    const { Redis } = await loadOptional('ioredis', () => import('ioredis'));
    const { redisRateLimitStore } = await import('../redis/index.js');
    const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: (times) => (times > 3 ? null : 200 * times) });
    // A lost connection surfaces as the error of the call that needed Redis; the event itself would print a stack.
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new CliError(`cannot reach Redis at ${redactUrl(url)} (--redis): ${(error as Error).message}`);
    }
    this.closers.push(async () => void (await redis.quit()));
    return redisRateLimitStore(redis);
  }

  /** Human-readable output (skipped with --json). */
  print(text = ''): void {
    if (!this.options.json) this.write('stdout', `${text}\n`);
  }

  /** The one JSON document a command prints with --json. */
  printJson(value: unknown): void {
    if (this.options.json) this.write('stdout', `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and notes go to stderr so stdout stays clean for pipes. */
  note(text: string): void {
    if (!this.options.json) this.write('stderr', `${text}\n`);
  }

  /** What the user must know even with --json, such as a repaired journal: always on stderr. */
  warn(text: string): void {
    this.write('stderr', `${this.colors('stderr').yellow('warning:')} ${text}\n`);
  }

  /** Asks yes/no on a terminal; refuses to guess when there is none. */
  async confirm(question: string, assumeYes: boolean): Promise<boolean> {
    if (assumeYes) return true;
    if (!this.io.stdin.isTTY) {
      throw new UsageError(`${question} Not asking: standard input is not a terminal. Pass --yes to go ahead.`);
    }
    const readline = createInterface({ input: this.io.stdin, output: this.io.stderr });
    try {
      return /^y(es)?$/i.test((await readline.question(`${question} [y/N] `)).trim());
    } catch (error) {
      // On a terminal, readline takes Ctrl-C itself (no SIGINT reaches the process) and aborts the question.
      if ((error as { code?: unknown } | null)?.code === 'ABORT_ERR') {
        this.io.stderr.write('\n'); // off the prompt's line
        throw new Interrupted('interrupted at the confirmation: nothing was sent');
      }
      throw error;
    } finally {
      readline.close();
    }
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close();
  }
}
