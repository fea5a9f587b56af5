import { createInterface } from 'node:readline/promises';
import { OpenPhone } from '../client.js';
import { ValidationError } from '../errors.js';

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

/** A problem with how the command was called; printed without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface GlobalOptions {
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
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

  constructor(
    readonly options: GlobalOptions,
    readonly io: Io,
  ) {}

  /** The client for `--api-key`/`OPENPHONE_API_KEY` and `--base-url`, or an in-process sandbox with `--sandbox`. */
  async client(): Promise<OpenPhone> {
    if (this.options.sandbox) {
      const { startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox();
      this.closers.push(() => sandbox.close());
      this.note(`Using a local sandbox at ${sandbox.url} (nothing is sent for real).`);
      return new OpenPhone({ apiKey: this.options.apiKey ?? 'sandbox-key', baseUrl: sandbox.url });
    }
    const apiKey = this.options.apiKey ?? this.io.env.OPENPHONE_API_KEY;
    try {
      return new OpenPhone({ ...(apiKey !== undefined && { apiKey }), ...(this.options.baseUrl && { baseUrl: this.options.baseUrl }) });
    } catch (error) {
      if (error instanceof ValidationError && error.issues.some((issue) => issue.field === 'apiKey')) {
        throw new UsageError(`${error.issues[0]!.message.replace('`apiKey`', '--api-key')} (or use --sandbox to try things locally)`);
      }
      throw error;
    }
  }

  /** Human-readable output (skipped with --json). */
  print(text = ''): void {
    if (!this.options.json) this.io.stdout.write(`${text}\n`);
  }

  /** The one JSON document a command prints with --json. */
  printJson(value: unknown): void {
    if (this.options.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and notes go to stderr so stdout stays clean for pipes. */
  note(text: string): void {
    if (!this.options.json) this.io.stderr.write(`${text}\n`);
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
    } finally {
      readline.close();
    }
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0)) await close();
  }
}
