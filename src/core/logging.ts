import { ValidationError, describeValue } from './errors.js';
import { readEnv } from '../internal/env.js';

/**
 * What the SDK logs through: `console`, a pino or winston logger, or anything with these four methods. pino and
 * winston get each line's fields as data, in the order each takes them; others get one line of text (`LogFormat`).
 */
export interface Logger {
  debug(message: string): unknown;
  info(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

/**
 * How the logger is called: `'pino'` as `logger.debug(fields, message)` (pino, bunyan), `'winston'` as
 * `logger.debug(message, fields)`, `'text'` as `logger.debug(line)` with the fields written into the line.
 */
export type LogFormat = 'pino' | 'winston' | 'text';

/** The data of a log line, each value a string, number or boolean, so a structured logger can index it. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];
const FORMATS: readonly LogFormat[] = ['pino', 'winston', 'text'];
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

/** A logger that drops what is below its level; `enabled` lets callers skip building a line nobody will see. */
export interface LevelledLogger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  /** `message` names the operation, so a text line leaves out the `method` and `path` fields. */
  log(level: Exclude<LogLevel, 'off'>, message: string, fields?: LogFields): void;
}

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function checkLogger(logger: unknown): Logger {
  const missing = (['debug', 'info', 'warn', 'error'] as const).filter((method) => typeof (logger as Record<string, unknown> | null)?.[method] !== 'function');
  if (typeof logger !== 'object' || logger === null || missing.length > 0) {
    throw new ValidationError([
      {
        field: 'logger',
        value: logger,
        rule: 'type',
        message: `must have debug, info, warn and error methods (missing ${missing.join(', ')}), like console, pino or winston`,
      },
    ]);
  }
  return logger as Logger;
}

/**
 * Told by what each logger has and others lack: a pino logger (and each of its children) has a numeric `levelVal`
 * and a `bindings()` method; a winston logger has `add()`, `configure()` and a `transports` list. Anything else,
 * `console` included, gets text. `logFormat` overrides this, e.g. `'pino'` for bunyan.
 */
function detectFormat(logger: object): LogFormat {
  const has = logger as Record<string, unknown>;
  if (typeof has.levelVal === 'number' && typeof has.bindings === 'function') return 'pino';
  if (typeof has.add === 'function' && typeof has.configure === 'function' && Array.isArray(has.transports)) return 'winston';
  return 'text';
}

function resolveFormat(option: unknown, logger: object): LogFormat {
  if (option === undefined) return detectFormat(logger);
  if ((FORMATS as readonly unknown[]).includes(option)) return option as LogFormat;
  throw new ValidationError([{ field: 'logFormat', value: option, rule: 'enum', message: `${describeValue(option)} must be one of ${FORMATS.join(', ')}` }]);
}

/** The SDK level matching a pino or winston logger's own `level`; undefined for a level of neither (custom levels). */
const OWN_LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: 'debug',
  silly: 'debug',
  debug: 'debug',
  verbose: 'debug',
  http: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'error',
  silent: 'off',
};

/**
 * The level from the option, else from `OPENPHONE_LOG`, else the logger's own (pino's and winston's `level`, so
 * the SDK sends what the logger prints), else warn. An unreadable variable is ignored rather than failing the
 * client: it is read on runtimes that refuse environment access.
 */
function resolveLevel(option: unknown, logger: object): LogLevel {
  if (option !== undefined) {
    if (isLogLevel(option)) return option;
    throw new ValidationError([{ field: 'logLevel', value: option, rule: 'enum', message: `${describeValue(option)} must be one of ${LEVELS.join(', ')}` }]);
  }
  const fromEnv = readEnv('OPENPHONE_LOG')?.trim().toLowerCase();
  if (isLogLevel(fromEnv)) return fromEnv;
  const own = (logger as { level?: unknown }).level;
  return (typeof own === 'string' && Object.hasOwn(OWN_LEVELS, own) ? OWN_LEVELS[own] : undefined) ?? DEFAULT_LOG_LEVEL;
}

/** `message` then each field as `name=value`, leaving out `method` and `path`, which the message names. */
function textLine(message: string, fields: LogFields): string {
  let line = `openphone: ${message}`;
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && name !== 'method' && name !== 'path') line += ` ${name}=${value}`;
  }
  return line;
}

export interface LoggerOptions {
  readonly logger: unknown;
  readonly logLevel: unknown;
  readonly logFormat: unknown;
}

export function levelledLogger({ logger, logLevel, logFormat }: LoggerOptions): LevelledLogger {
  const sink = logger === undefined ? console : checkLogger(logger);
  const format = resolveFormat(logFormat, sink);
  const threshold = LEVELS.indexOf(resolveLevel(logLevel, sink));
  const enabled = (at: Exclude<LogLevel, 'off'>) => LEVELS.indexOf(at) >= threshold;
  // Called as methods: pino and winston need their `this`.
  const structured = sink as unknown as Record<Exclude<LogLevel, 'off'>, (first: unknown, second?: unknown) => unknown>;
  return {
    enabled,
    log(at, message, fields = {}) {
      if (!enabled(at)) return;
      const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      if (format === 'pino') structured[at]({ sdk: 'openphone', ...defined }, `openphone: ${message}`);
      else if (format === 'winston') structured[at](`openphone: ${message}`, { sdk: 'openphone', ...defined });
      else sink[at](textLine(message, fields));
    },
  };
}
