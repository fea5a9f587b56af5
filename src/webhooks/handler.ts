import { ValidationError, describeValue, type ValidationIssue } from '../core/errors.js';
import { optionNames, readOptions } from '../internal/validation/options.js';
import { secretFingerprint, type WebhookSecret } from './crypto.js';
import { MemoryDedupeStore, type WebhookDedupeStore } from './dedupe.js';
import { WebhookVerificationError, type WebhookScheme, type WebhookVerificationFailure } from './errors.js';
import type { UnknownWebhookEvent, WebhookEventFor } from './events.js';
import { DEFAULT_MAX_BODY_BYTES, readCappedBody } from './request-body.js';
import { DEFAULT_TOLERANCE_SECONDS, requireSignatureHeaders, verifyWebhook, type VerifyWebhookOptions, type VerifiedDelivery } from './verify.js';
import { isRecord } from '../internal/validation/is-record.js';

/** What a handler gets besides the event: the delivery's provenance and the request it came in. */
export type WebhookHandlerContext<Scheme extends WebhookScheme = WebhookScheme> = VerifiedDelivery<Scheme> & {
  readonly request: Request;
};

/** One optional callback per event type, each given that type's payload. */
export type WebhookEventHandlers<Scheme extends WebhookScheme = WebhookScheme> = {
  readonly [Type in WebhookEventFor<Scheme>['type']]?: (event: Extract<WebhookEventFor<Scheme>, { readonly type: Type }>, context: WebhookHandlerContext<Scheme>) => unknown;
};

export interface WebhookHandlerOptions<Scheme extends WebhookScheme = WebhookScheme> extends VerifyWebhookOptions<Scheme> {
  /** The signing secret, or several while rotating. */
  readonly secret: WebhookSecret;
  /** Callbacks by event type. An event with none is answered 422 `unhandled_event`, so it is never dropped unseen. */
  readonly on?: WebhookEventHandlers<Scheme>;
  /**
   * Called for verified events of a type this SDK does not describe, or whose
   * `data` lacks the documented `object` (legacy) or `resource` (versioned).
   * Without it they are answered 422 `unhandled_event`.
   */
  readonly onUnknownEvent?: (event: UnknownWebhookEvent, context: WebhookHandlerContext<Scheme>) => unknown;
  /** Called with every refused request, e.g. to log `error.reason`; the response is sent either way. */
  readonly onVerificationFailure?: (error: WebhookVerificationError, request: Request) => void;
  /**
   * Where deliveries are recorded so that a retried one reaches its callback
   * once. Default: this process's memory, shared by every handler in it. Pass
   * `redisDedupeStore(redis)` from `openphone-sdk/redis` to share it between
   * replicas, or `false` to run every delivery.
   */
  readonly dedupe?: WebhookDedupeStore | false;
  /**
   * Which webhook this handler receives, in its dedupe records: two webhooks
   * that receive the same event each run it once. Default: a fingerprint of
   * `secret` (never the secret itself), which changes when the secrets do;
   * give a name (e.g. `'crm'`) to keep records across a secret rotation.
   */
  readonly dedupeScope?: string;
  /**
   * The largest body read, in bytes; a larger one is answered 413
   * `payload_too_large` without being held in memory. Default 4 MiB.
   */
  readonly maxBodyBytes?: number;
  /**
   * How long a processed delivery is remembered, in seconds. At least
   * `toleranceSeconds`; default twice that (600), the longest a replay of one
   * signed request can be accepted for.
   */
  readonly dedupeTtlSeconds?: number;
}

type RefusalStatus = 400 | 401 | 413 | 500;

const REFUSAL_STATUS: Readonly<Record<WebhookVerificationFailure, RefusalStatus>> = {
  missing_header: 400,
  malformed_header: 400,
  unsupported_signature_version: 400,
  malformed_payload: 400,
  payload_too_large: 413,
  invalid_body_type: 400,
  timestamp_out_of_range: 401,
  signature_mismatch: 401,
  invalid_secret: 500,
  invalid_options: 500,
};

type AnyEventHandler = (event: unknown, context: WebhookHandlerContext) => unknown;

/** How long a claim on a running delivery lasts without being extended: a request that died frees it this soon. */
const DEDUPE_LEASE_MS = 30_000;
/** While the callback runs, its claim is extended this often, well within the lease. */
const DEDUPE_RENEW_MS = DEDUPE_LEASE_MS / 3;

/** Made on first use, so importing the module does no work a bundler could not drop. */
let processMemoryStore: MemoryDedupeStore | undefined;

/**
 * The HTTP status to answer a refused webhook with, for receivers that build
 * their own response: 400 for a malformed request, 401 for one that is not
 * authentic, 413 for a body over the handler's cap, and 500 when the receiver's secret or options are broken, so
 * OpenPhone keeps retrying until that is fixed instead of the events being lost.
 */
export function refusalStatus(error: WebhookVerificationError): RefusalStatus {
  // Anything else reaching here is a fault of the receiver, not of the request.
  if (!(error instanceof WebhookVerificationError)) return 500;
  return Object.hasOwn(REFUSAL_STATUS, error.reason) ? REFUSAL_STATUS[error.reason] : 400;
}

/**
 * A webhook endpoint for any runtime with fetch's `Request` and `Response`
 * (Cloudflare Workers, Deno, Bun, Next.js route handlers). It checks that the
 * signature headers are there, reads the raw body (up to `maxBodyBytes`),
 * verifies it, runs the callback for the event's type and answers:
 *
 * - 204 once the callback has finished (OpenPhone treats any 2xx as delivered),
 *   and 204 at once to a repeat of a delivery already processed;
 * - 409 to a repeat that arrives while the first is still running, so that a
 *   failure of the first is retried, not masked;
 * - 422 `unhandled_event` when no callback takes the event: an event your code
 *   never sees is never acknowledged;
 * - 400, 401 or 413 with `{"error": "<reason>"}` for a refused request (no secret
 *   or signature is ever echoed), 500 when the secret or options are invalid;
 * - 405 for anything but POST.
 *
 * An error thrown by a callback propagates, so the runtime answers 500 and
 * OpenPhone retries the delivery; its claim is released, so that retry runs.
 */
export function createWebhookHandler<Scheme extends WebhookScheme = WebhookScheme>(given: WebhookHandlerOptions<Scheme>): (request: Request) => Promise<Response> {
  const options = readHandlerOptions(given);
  const handlers = (options.on ?? {}) as Readonly<Record<string, AnyEventHandler | undefined>>;
  const onUnknownEvent = options.onUnknownEvent as AnyEventHandler | undefined;
  const store = options.dedupe === undefined ? (processMemoryStore ??= new MemoryDedupeStore()) : options.dedupe;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // A pinned scheme that is not one is refused by verifyWebhook as invalid_options (500), not as a missing header.
  const pinnedScheme = options.scheme === 'standard-webhooks' || options.scheme === 'openphone-signature' ? options.scheme : undefined;
  const checksHeaders = options.scheme === undefined || pinnedScheme !== undefined;
  let fingerprint: Promise<string> | undefined;
  // verifyWebhook refuses options it does not know: it gets its own, as given.
  const verification = Object.fromEntries(
    (['toleranceSeconds', 'now', 'scheme'] as const).filter((name) => options[name] !== undefined).map((name) => [name, options[name]]),
  ) as VerifyWebhookOptions<Scheme>;

  return async (request) => {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    let verified;
    let ttlMs;
    try {
      // Headers first: an unsigned request is refused before its body is read.
      if (checksHeaders) requireSignatureHeaders(request.headers, pinnedScheme);
      const body = await readCappedBody(request, maxBodyBytes);
      verified = await verifyWebhook(body, request.headers, options.secret, verification);
      ttlMs = dedupeTtlMs(options);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      options.onVerificationFailure?.(error, request);
      return Response.json({ error: error.reason }, { status: refusalStatus(error) });
    }
    const { scheme, deliveryId, signedAt, event } = verified;
    const context = { scheme, deliveryId, signedAt, request } as WebhookHandlerContext;
    const handler = verified.known ? handlers[event.type] : onUnknownEvent;
    if (handler === undefined) return Response.json({ error: 'unhandled_event', type: event.type }, { status: 422 });
    if (store === false) {
      await handler(event, context);
      return new Response(null, { status: 204 });
    }
    // Scoped by webhook: the same event sent to two webhooks is two deliveries.
    const scope = options.dedupeScope ?? (await (fingerprint ??= secretFingerprint(options.secret)));
    return runOnce(store, `${scope}:${scheme}:${deliveryId ?? event.id}`, ttlMs, () => handler(event, context));
  };
}

const HANDLER_OPTIONS = /* @__PURE__ */ optionNames<WebhookHandlerOptions>({
  secret: true,
  on: true,
  onUnknownEvent: true,
  onVerificationFailure: true,
  dedupe: true,
  dedupeTtlSeconds: true,
  dedupeScope: true,
  maxBodyBytes: true,
  toleranceSeconds: true,
  now: true,
  scheme: true,
});

/**
 * Each option read once, and the callbacks checked, so a mistake in code fails
 * when the handler is made. The secret and the verification options are
 * checked per delivery instead: a broken one is answered 500, which OpenPhone
 * retries until it is fixed.
 */
function readHandlerOptions(given: unknown): WebhookHandlerOptions {
  const options = readOptions(given, HANDLER_OPTIONS) as WebhookHandlerOptions;
  const issues: ValidationIssue[] = [];
  let on: Record<string, unknown> | undefined;
  const checkCallback = (field: string, value: unknown) => {
    if (value !== undefined && typeof value !== 'function') issues.push({ field, value, rule: 'type', message: `must be a function, got ${describeValue(value)}` });
  };
  if (options.on !== undefined && !isRecord(options.on)) {
    issues.push({ field: 'on', value: options.on, rule: 'type', message: `must be an object of callbacks by event type, got ${describeValue(options.on)}` });
  } else {
    on = readOptions(options.on, Object.keys(options.on ?? {}), { name: 'on', prefix: 'on.' });
    for (const [type, callback] of Object.entries(on)) checkCallback(`on.${type}`, callback);
  }
  if (options.dedupeScope !== undefined && (typeof options.dedupeScope !== 'string' || options.dedupeScope.trim() === '')) {
    issues.push({ field: 'dedupeScope', value: options.dedupeScope, rule: 'type', message: `must be a non-empty string, got ${describeValue(options.dedupeScope)}` });
  }
  const { maxBodyBytes } = options;
  if (maxBodyBytes !== undefined && (typeof maxBodyBytes !== 'number' || !Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1)) {
    issues.push({ field: 'maxBodyBytes', value: maxBodyBytes, rule: 'minimum', message: `must be a whole number of bytes >= 1, got ${describeValue(maxBodyBytes)}` });
  }
  checkCallback('onUnknownEvent', options.onUnknownEvent);
  checkCallback('onVerificationFailure', options.onVerificationFailure);
  if (issues.length > 0) throw new ValidationError(issues);
  return { ...options, on: on as WebhookHandlerOptions['on'] };
}

function dedupeTtlMs(options: Pick<WebhookHandlerOptions, 'toleranceSeconds' | 'dedupeTtlSeconds'>): number {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const ttl = options.dedupeTtlSeconds ?? 2 * tolerance;
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < tolerance) {
    throw new WebhookVerificationError('invalid_options', `dedupeTtlSeconds must be a finite number of seconds >= toleranceSeconds (${tolerance}), got ${describeValue(ttl)}.`);
  }
  return ttl * 1000;
}

/** Runs `callback` unless the delivery under `key` was processed or is being processed elsewhere. */
async function runOnce(store: WebhookDedupeStore, key: string, ttlMs: number, callback: () => unknown): Promise<Response> {
  const owner = crypto.randomUUID();
  const claim = await store.claim(key, owner, DEDUPE_LEASE_MS);
  if (claim === 'processed') return new Response(null, { status: 204 });
  if (claim === 'in_progress') {
    return Response.json({ error: 'delivery_in_progress' }, { status: 409, headers: { 'retry-after': String(DEDUPE_LEASE_MS / 1000) } });
  }
  const renewal = setInterval(() => {
    store.extend(key, owner, DEDUPE_LEASE_MS).catch(() => undefined);
  }, DEDUPE_RENEW_MS);
  try {
    await callback();
  } catch (error) {
    await store.release(key, owner).catch(() => undefined);
    throw error;
  } finally {
    clearInterval(renewal);
  }
  // The callback has run: answer 2xx even if the record cannot be written, or the
  // sender would retry it. The claim then lapses on its own.
  await store.complete(key, ttlMs).catch(() => undefined);
  return new Response(null, { status: 204 });
}
