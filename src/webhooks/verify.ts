import { describeValue, type ValidationIssue } from '../core/errors.js';
import { readOptions } from '../internal/validation/options.js';
import { bodyBytes, digestsEqual, hmacBase64, importSecrets, isBase64Digest, isRawBody, utf8, type HmacKey, type RawBody, type WebhookSecret } from './crypto.js';
import { epochMilliseconds } from './epoch.js';
import { WebhookVerificationError, type WebhookScheme, type WebhookVerificationErrorOptions } from './errors.js';
import { parseEvent, type ParsedEvent } from './events.js';
import { readHeader, type WebhookHeaders } from './headers.js';

export interface VerifyWebhookOptions<Scheme extends WebhookScheme = WebhookScheme> {
  /** How far the signed timestamp may be from now, either way, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  /** The current time, as a `Date` or epoch milliseconds. Default: the clock. */
  readonly now?: Date | number;
  /**
   * Accept only this scheme. By default the scheme is detected from the
   * headers: Standard Webhooks when any `webhook-*` header is present,
   * otherwise `openphone-signature`. Pinning it also narrows the event type.
   */
  readonly scheme?: Scheme;
}

/** Where a verified delivery came from. */
export interface VerifiedDelivery<Scheme extends WebhookScheme = WebhookScheme> {
  readonly scheme: Scheme;
  /**
   * The `webhook-id` header: one id per delivery, kept across its retries, so
   * a good idempotency key. Legacy deliveries have none; use `event.id`.
   */
  readonly deliveryId: Scheme extends 'standard-webhooks' ? string : undefined;
  /** The time in the signature. */
  readonly signedAt: Date;
}

/**
 * A delivery whose signature checked out, with its parsed event. `known` is
 * false for event types this SDK does not describe; check it first and
 * `switch (result.event.type)` narrows to each documented payload.
 */
export type VerifiedWebhook<Scheme extends WebhookScheme = WebhookScheme> = Scheme extends WebhookScheme ? VerifiedDelivery<Scheme> & ParsedEvent<Scheme> : never;

export const DEFAULT_TOLERANCE_SECONDS = 300;

const STANDARD_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;
const LEGACY_HEADER = 'openphone-signature';
/** Whole seconds or milliseconds since the epoch, short enough to stay an exact JavaScript number. */
const EPOCH_DIGITS = /^\d{1,15}$/;
/**
 * The most `openphone-signature` entries checked. A sender rotating secrets
 * signs with two or three; each distinct timestamp costs an HMAC of the body,
 * so a forged header stuffed with entries is refused before any is computed.
 */
const MAX_LEGACY_SIGNATURES = 8;
/** Legacy timestamps are milliseconds; seconds this large would be thousands of years ahead, so smaller ones are seconds. */
const SMALLEST_MILLISECOND_TIMESTAMP = 100_000_000_000;

interface Verification {
  readonly signedAt: Date;
  readonly deliveryId: string | undefined;
}

/**
 * Verifies an OpenPhone webhook and returns its typed event. Detects the
 * scheme from the headers; compares signatures in constant time; refuses
 * timestamps outside the tolerance; accepts any of several secrets.
 *
 * `rawBody` must be the bytes (or text) exactly as received: a body a
 * framework parsed and re-serialized no longer matches its signature.
 *
 * @throws {WebhookVerificationError} for every refusal, with a `reason`; nothing else.
 */
export async function verifyWebhook<Scheme extends WebhookScheme = WebhookScheme>(
  rawBody: RawBody,
  headers: WebhookHeaders,
  secret: WebhookSecret,
  options: VerifyWebhookOptions<Scheme> = {},
): Promise<VerifiedWebhook<Scheme>> {
  const { toleranceMs, nowMs, pinnedScheme } = readClock(options);
  const keys = await importSecrets(secret);
  const body = readBody(rawBody);
  const scheme = detectScheme(headers, pinnedScheme);
  const clock = { nowMs, toleranceMs };
  const verification = scheme === 'standard-webhooks' ? await verifyStandardWebhooks(headers, body, keys, clock) : await verifyOpenPhoneSignature(headers, body, keys, clock);
  const parsed = parseEvent(body, scheme);
  return { scheme, ...verification, ...parsed } as unknown as VerifiedWebhook<Scheme>;
}

interface Clock {
  readonly nowMs: number;
  readonly toleranceMs: number;
}

function readBody(rawBody: unknown): Uint8Array {
  let body: Uint8Array | undefined;
  try {
    body = isRawBody(rawBody) ? bodyBytes(rawBody) : undefined;
  } catch (cause) {
    throw new WebhookVerificationError('invalid_body_type', 'The body could not be read as text or bytes.', { cause });
  }
  if (body === undefined) {
    throw new WebhookVerificationError('invalid_body_type', `The body must be the raw request body (a string or bytes), got ${typeName(rawBody)}. Read it before any JSON parser runs.`);
  }
  return body;
}

/** Options refused as the webhook errors document: `invalid_options`, naming the field. */
function refuseOptions(issue: ValidationIssue, cause?: unknown): WebhookVerificationError {
  return invalidOption(`${issue.field} ${issue.message}.`, cause);
}

function readClock(options: VerifyWebhookOptions<WebhookScheme>): Clock & { pinnedScheme?: WebhookScheme } {
  const { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now(), scheme } = readOptions(options, ['toleranceSeconds', 'now', 'scheme'], { refuse: refuseOptions });
  if (typeof toleranceSeconds !== 'number' || !Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw invalidOption(`toleranceSeconds must be a finite number of seconds >= 0, got ${describeValue(toleranceSeconds)}.`);
  }
  const nowMs = epochMilliseconds(now);
  if (!Number.isFinite(nowMs)) {
    throw invalidOption(`now must be a valid Date or epoch milliseconds, got ${describeValue(now)}.`);
  }
  if (scheme !== undefined && scheme !== 'openphone-signature' && scheme !== 'standard-webhooks') {
    throw invalidOption(`scheme must be 'openphone-signature' or 'standard-webhooks', got ${describeValue(scheme)}.`);
  }
  return { toleranceMs: toleranceSeconds * 1000, nowMs, pinnedScheme: scheme };
}

function invalidOption(message: string, cause?: unknown): WebhookVerificationError {
  return new WebhookVerificationError('invalid_options', message, { cause });
}

/**
 * Refuses a request that lacks its scheme's signature headers, so a receiver
 * can turn away an unsigned request before reading its body.
 */
export function requireSignatureHeaders(headers: WebhookHeaders, pinned: WebhookScheme | undefined): void {
  const scheme = detectScheme(headers, pinned);
  for (const name of scheme === 'standard-webhooks' ? STANDARD_HEADERS : [LEGACY_HEADER]) requireHeader(headers, name, scheme);
}

function detectScheme(headers: WebhookHeaders, pinned: WebhookScheme | undefined): WebhookScheme {
  if (pinned !== undefined) return pinned;
  if (STANDARD_HEADERS.some((name) => readHeader(headers, name).kind !== 'absent')) return 'standard-webhooks';
  if (readHeader(headers, LEGACY_HEADER).kind !== 'absent') return 'openphone-signature';
  throw new WebhookVerificationError('missing_header', `The request has no webhook signature: expected ${STANDARD_HEADERS.join(', ')} or ${LEGACY_HEADER}.`);
}

/** Reads a header that must be present and be text. */
function requireHeader(headers: WebhookHeaders, name: string, scheme: WebhookScheme): string {
  const value = readHeader(headers, name);
  if (value.kind === 'text') return value.text;
  const context = { scheme, header: name };
  if (value.kind === 'absent') throw new WebhookVerificationError('missing_header', `The ${name} header is missing.`, context);
  throw new WebhookVerificationError('malformed_header', `The ${name} header is not text.`, context);
}

/** `webhook-signature` is a space-separated list of `v1,<base64>`; any one may match (the sender may be rotating secrets). */
async function verifyStandardWebhooks(headers: WebhookHeaders, body: Uint8Array, keys: readonly HmacKey[], clock: Clock): Promise<Verification> {
  const scheme = 'standard-webhooks';
  const [id, timestamp, signatureHeader] = STANDARD_HEADERS.map((name) => requireHeader(headers, name, scheme)) as [string, string, string];
  if (!EPOCH_DIGITS.test(timestamp)) {
    throw new WebhookVerificationError('malformed_header', `The webhook-timestamp header is not whole seconds since the epoch: ${describeValue(timestamp)}.`, { scheme, header: 'webhook-timestamp' });
  }
  const signedAt = checkTimestamp(Number(timestamp) * 1000, clock, { scheme, header: 'webhook-timestamp' });

  const signatures = new SignatureList(scheme, 'webhook-signature');
  for (const entry of signatureHeader.split(/\s+/)) {
    const comma = entry.indexOf(',');
    // Another version is skipped: a sender may add signatures this SDK does not know beside its v1 one.
    if (comma < 0) signatures.malformed();
    else if (entry.slice(0, comma) === 'v1') signatures.add(entry.slice(comma + 1));
  }
  await signatures.requireMatch(keys, [utf8(`${id}.${timestamp}.`), body]);
  return { signedAt, deliveryId: id };
}

/**
 * `openphone-signature` is `hmac;1;<timestamp>;<base64>`, and may carry several
 * such entries separated by commas. The timestamp is in milliseconds; seconds
 * are accepted too. Each entry is checked against its own timestamp: one HMAC
 * per distinct timestamp and key, and none for a timestamp outside the tolerance.
 */
async function verifyOpenPhoneSignature(headers: WebhookHeaders, body: Uint8Array, keys: readonly HmacKey[], clock: Clock): Promise<Verification> {
  const scheme = 'openphone-signature';
  const context = { scheme, header: LEGACY_HEADER } as const;
  const value = requireHeader(headers, LEGACY_HEADER, scheme);

  const entries = value.split(',').filter((entry) => entry.trim() !== '');
  if (entries.length > MAX_LEGACY_SIGNATURES) {
    throw new WebhookVerificationError('malformed_header', `The ${LEGACY_HEADER} header holds ${entries.length} signatures; at most ${MAX_LEGACY_SIGNATURES} are checked.`, context);
  }
  const byTimestamp = new Map<string, SignatureList>();
  let sawUnsupported = false;
  for (const entry of entries) {
    const fields = entry.trim().split(';');
    if (fields.length !== 4) continue;
    const [algorithm, version, timestamp, signature] = fields as [string, string, string, string];
    if (algorithm !== 'hmac' || version !== '1') {
      sawUnsupported = true;
      continue;
    }
    if (!EPOCH_DIGITS.test(timestamp)) continue;
    const list = byTimestamp.get(timestamp) ?? new SignatureList(scheme, LEGACY_HEADER);
    list.add(signature);
    byTimestamp.set(timestamp, list);
  }
  if (byTimestamp.size === 0) {
    throw sawUnsupported
      ? new WebhookVerificationError('unsupported_signature_version', `The ${LEGACY_HEADER} header has no hmac;1 signature.`, context)
      : new WebhookVerificationError('malformed_header', `The ${LEGACY_HEADER} header is not hmac;1;<timestamp>;<signature>: ${describeValue(value)}.`, context);
  }

  let lastFailure: unknown;
  for (const [timestamp, signatures] of byTimestamp) {
    try {
      const signedAt = checkTimestamp(legacyTimestampMs(Number(timestamp)), clock, context);
      await signatures.requireMatch(keys, [utf8(`${timestamp}.`), body]);
      return { signedAt, deliveryId: undefined };
    } catch (failure) {
      lastFailure = preferMismatch(lastFailure, failure);
    }
  }
  throw lastFailure;
}

function legacyTimestampMs(timestamp: number): number {
  return timestamp >= SMALLEST_MILLISECOND_TIMESTAMP ? timestamp : timestamp * 1000;
}

/** Of two failures, report a signature mismatch over a stale timestamp: it says more about what went wrong. */
function preferMismatch(previous: unknown, next: unknown): unknown {
  return previous instanceof WebhookVerificationError && previous.reason === 'signature_mismatch' ? previous : next;
}

function checkTimestamp(signedMs: number, clock: Clock, context: WebhookVerificationErrorOptions): Date {
  const ageMs = clock.nowMs - signedMs;
  if (Math.abs(ageMs) > clock.toleranceMs) {
    const distance = `${Math.round(Math.abs(ageMs) / 1000)}s ${ageMs > 0 ? 'old' : 'in the future'}`;
    throw new WebhookVerificationError('timestamp_out_of_range', `The signature is ${distance}, beyond the ${clock.toleranceMs / 1000}s tolerance: a replay, or a wrong clock.`, context);
  }
  return new Date(signedMs);
}

/**
 * The signatures a header offers: the usable ones, and whether any was
 * malformed, so the error names the most telling problem. A header with
 * neither holds only signatures of versions this SDK does not check.
 */
class SignatureList {
  private readonly candidates: string[] = [];
  private sawMalformed = false;

  constructor(
    private readonly scheme: WebhookScheme,
    private readonly header: string,
  ) {}

  add(signature: string): void {
    if (isBase64Digest(signature)) this.candidates.push(signature);
    else this.sawMalformed = true;
  }

  malformed(): void {
    this.sawMalformed = true;
  }

  /** Resolves when a candidate matches the content signed with any key; otherwise throws the most telling failure. */
  async requireMatch(keys: readonly HmacKey[], signedContent: readonly Uint8Array[]): Promise<void> {
    const context = { scheme: this.scheme, header: this.header };
    if (this.candidates.length === 0) {
      throw this.sawMalformed
        ? new WebhookVerificationError('malformed_header', `The ${this.header} header holds no base64 HMAC-SHA256 signature.`, context)
        : new WebhookVerificationError('unsupported_signature_version', `The ${this.header} header has no v1 signature.`, context);
    }
    for (const key of keys) {
      const expected = await hmacBase64(key, signedContent);
      if (this.candidates.some((candidate) => digestsEqual(expected, candidate))) return;
    }
    throw new WebhookVerificationError(
      'signature_mismatch',
      `No signature in the ${this.header} header matches the body under the configured secret` + `${keys.length > 1 ? 's' : ''}: the body was changed, or it was signed with another secret.`,
      context,
    );
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object (a parsed body?)' : typeof value;
}
