export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of `secret` in the strings of `value` (deeply).
 * Error text comes from servers and proxies we do not control; if one echoes
 * the API key, it must not reach a log through us.
 */
export function redact<T>(value: T, secret: string): T {
  if (secret === '') return value;
  if (typeof value === 'string') return value.split(secret).join(REDACTED) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, secret)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, secret), redact(v, secret)])) as T;
  }
  return value;
}
