import { ValidationError } from '../../core/errors.js';
import { isRecord } from '../validation/is-record.js';

/** Headers only the SDK sets: the key, and the API version dated operations need. */
const PROTECTED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'quo-api-version']);

/** An HTTP token (RFC 9110): what fetch accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Tabs and visible bytes only: a CR or LF would split the header, anything above U+00FF fetch refuses. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Checks headers given by the caller, for the client or one call: strings only, and none of the SDK's own. */
export function checkHeaders(field: string, headers: unknown): Readonly<Record<string, string>> | undefined {
  if (headers === undefined) return undefined;
  const problem = (message: string, value: unknown) => new ValidationError([{ field, value, rule: 'headers', message }]);
  if (!isRecord(headers)) {
    throw problem('must be an object of header names to values', headers);
  }
  for (const [name, value] of Object.entries(headers)) {
    // The value is not shown: a protected header's value is likely the key itself.
    if (PROTECTED_HEADERS.has(name.toLowerCase())) throw problem(`${name} is set by the SDK and cannot be overridden`, '[REDACTED]');
    if (!HEADER_NAME.test(name)) throw problem(`${JSON.stringify(name)} is not a valid header name`, undefined);
    if (typeof value !== 'string') throw problem(`${name} must be a string, got ${typeof value}`, value);
    // The value is not shown: a custom header may hold a credential.
    if (!HEADER_VALUE.test(value)) throw problem(`${name} holds a line break or a character no header value can carry`, undefined);
  }
  return headers as Readonly<Record<string, string>>;
}
