/**
 * RFC 3339 `date-time` (section 5.6), as the spec's `format: date-time` means it:
 * `T` and `Z` in either case, or a space for the `T` as RFC 3339 allows and
 * Ajv's full formats (the sandbox's validator) accept, so client and sandbox
 * agree; fraction of a second optional; an explicit offset.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Whether `text` is an RFC 3339 date-time that names a real instant (no 13th month, no 25th hour). */
export function isDateTime(text: string): boolean {
  return DATE_TIME.test(text) && !Number.isNaN(Date.parse(text));
}
