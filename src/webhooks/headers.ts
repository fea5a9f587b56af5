/** Anything with a case-insensitive `get`: the fetch `Headers` class, or a `Map` keyed by lower-case names. */
export interface HeaderLookup {
  get(name: string): string | null | undefined;
}

/**
 * Request headers in any of the shapes frameworks hand them over: `Headers`,
 * Node's `IncomingHttpHeaders` (values may be arrays), or a plain object whose
 * names may use any case.
 */
export type WebhookHeaders = HeaderLookup | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A header as read: absent, text, or present but not text (a number or an object in a hand-built header object). */
export type HeaderValue = { readonly kind: 'absent' } | { readonly kind: 'text'; readonly text: string } | { readonly kind: 'unreadable' };

const ABSENT: HeaderValue = { kind: 'absent' };
const UNREADABLE: HeaderValue = { kind: 'unreadable' };

/**
 * Reads one header by lower-case name. Repeated values are joined with `", "`,
 * as `Headers` and Node join them, so every container reads the same; an
 * empty value reads as absent. Never throws: a getter that throws counts as an unreadable header.
 */
export function readHeader(headers: unknown, name: string): HeaderValue {
  try {
    if (typeof headers !== 'object' || headers === null) return ABSENT;
    const lookup = (headers as { get?: unknown }).get;
    if (typeof lookup === 'function') return fromValue(lookup.call(headers, name));
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) return fromValue((headers as Record<string, unknown>)[key]);
    }
    return ABSENT;
  } catch {
    return UNREADABLE;
  }
}

function fromValue(value: unknown): HeaderValue {
  if (value === undefined || value === null) return ABSENT;
  if (typeof value === 'string') return fromText(value);
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string') ? fromText(value.join(', ')) : UNREADABLE;
  return UNREADABLE;
}

/** An empty header carries nothing, so it reads as absent. */
function fromText(text: string): HeaderValue {
  const trimmed = text.trim();
  return trimmed === '' ? ABSENT : { kind: 'text', text: trimmed };
}
