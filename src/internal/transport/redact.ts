import type { LevelledLogger } from '../../core/logging.js';

export const REDACTED = '[REDACTED]';

/** Characters an API key is made of: an occurrence glued to more of them is part of another word, not the key. */
const KEY_CHARACTER = /[A-Za-z0-9_-]/;

function joinsWord(text: string, index: number, secretEdge: string): boolean {
  const neighbour = text[index];
  return neighbour !== undefined && KEY_CHARACTER.test(neighbour) && KEY_CHARACTER.test(secretEdge);
}

/** From this length on, a key cannot turn up inside other text by chance, so every occurrence is the key. */
const UNMISTAKABLE_LENGTH = 8;

/**
 * `text` with every occurrence of `secret` replaced. A short key is replaced
 * only where it stands whole, not running into neighbouring letters or
 * digits, so a one-letter key leaves `chunked` alone while `key=k` still
 * loses it; a long one is replaced wherever it is, glued to anything.
 */
export function redactText(text: string, secret: string): string {
  if (secret === '' || !text.includes(secret)) return text;
  if (secret.length >= UNMISTAKABLE_LENGTH) return text.split(secret).join(REDACTED);
  let result = '';
  let from = 0;
  for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
    if (at < from) continue;
    const end = at + secret.length;
    if (joinsWord(text, at - 1, secret[0]!) || joinsWord(text, end, secret[secret.length - 1]!)) continue;
    result += text.slice(from, at) + REDACTED;
    from = end;
  }
  return result + text.slice(from);
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `value` with the key removed from every string in it, deeply, keys of
 * plain objects included (instances of classes are left as they are). Error text comes from servers and proxies we do not
 * control; if one echoes the API key, it must not reach a log through us.
 */
export function redact<T>(value: T, secret: string): T {
  if (secret === '') return value;
  if (typeof value === 'string') return redactText(value, secret) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, secret)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secret), redact(v, secret)])) as T;
  }
  return value;
}

/**
 * Removes the key from every string `error` carries, in place: message,
 * stack, each field, and its chain of causes. The last step before an error
 * leaves the SDK, so no single place that builds one can forget.
 */
export function redactError<E extends Error>(error: E, secret: string, depth = 0): E {
  if (secret === '' || depth > 5) return error;
  const fields = error as unknown as Record<string, unknown>;
  for (const name of new Set([...Object.keys(error), 'message', 'stack'])) {
    const value = fields[name];
    if (value instanceof Error) redactError(value, secret, depth + 1);
    else if (value !== undefined && value !== null) {
      const redacted = redact(value, secret);
      // Only what held the key is rewritten; platform errors (DOMException) define message as a getter.
      if (redacted !== value && JSON.stringify(redacted) !== JSON.stringify(value)) {
        Object.defineProperty(error, name, { value: redacted, writable: true, configurable: true, enumerable: Object.keys(error).includes(name) });
      }
    }
  }
  if (error.cause instanceof Error) redactError(error.cause, secret, depth + 1);
  return error;
}

/**
 * The one step every value the SDK prints or hands to a hook passes: strings,
 * plain records and lists without the key, deeply; errors redacted in place
 * (they are the SDK's own, about to be thrown redacted anyway).
 */
export function redactOutput<T>(value: T, secret: string): T {
  if (value instanceof Error) return redactError(value, secret);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secret), redactOutput(v, secret)])) as T;
  }
  return redact(value, secret);
}

/** `logger` with every argument of every line passed through `redactOutput`: the way log lines leave the pipeline. */
export function redactingLogger(logger: LevelledLogger, secret: string): LevelledLogger {
  return {
    enabled: (level) => logger.enabled(level),
    log: ((level: Parameters<LevelledLogger['log']>[0], ...rest: unknown[]) =>
      (logger.log as (level: unknown, ...rest: unknown[]) => void)(level, ...rest.map((part) => redactOutput(part, secret)))) as LevelledLogger['log'],
  };
}
