import { ValidationError, describeValue } from './errors.js';
import { readEnv } from './env.js';

/** What the SDK logs through: `console`, a pino or winston logger, or anything with these four methods. */
export interface Logger {
  debug(message: string): unknown;
  info(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'off'];
export const DEFAULT_LOG_LEVEL: LogLevel = 'warn';

/** A logger that drops what is below its level; `enabled` lets callers skip building a line nobody will see. */
export interface LevelledLogger {
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  log(level: Exclude<LogLevel, 'off'>, message: string): void;
}

function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

function checkLogger(logger: unknown): Logger {
  const missing = (['debug', 'info', 'warn', 'error'] as const).filter(
    (method) => typeof (logger as Record<string, unknown> | null)?.[method] !== 'function',
  );
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
 * The level from the option, else from `OPENPHONE_LOG`, else warn. An
 * unreadable variable is ignored rather than failing the client: it is read
 * on runtimes that refuse environment access.
 */
function resolveLevel(option: unknown): LogLevel {
  if (option !== undefined) {
    if (isLogLevel(option)) return option;
    throw new ValidationError([
      { field: 'logLevel', value: option, rule: 'enum', message: `${describeValue(option)} must be one of ${LEVELS.join(', ')}` },
    ]);
  }
  const fromEnv = readEnv('OPENPHONE_LOG')?.trim().toLowerCase();
  return isLogLevel(fromEnv) ? fromEnv : DEFAULT_LOG_LEVEL;
}

export function levelledLogger(logger: unknown, level: unknown): LevelledLogger {
  const sink = logger === undefined ? console : checkLogger(logger);
  const threshold = LEVELS.indexOf(resolveLevel(level));
  const enabled = (at: Exclude<LogLevel, 'off'>) => LEVELS.indexOf(at) >= threshold;
  return {
    enabled,
    log(at, message) {
      // Called as a method: pino and winston need their `this`.
      if (enabled(at)) sink[at](`openphone: ${message}`);
    },
  };
}
