import { bodyBytes, hmacBase64, importSecrets, isRawBody, utf8, type WebhookSecret } from './crypto.js';
import type { WebhookScheme } from './errors.js';

export interface SignWebhookOptions {
  /** When the delivery was signed, as a `Date` or epoch milliseconds. Default: now. */
  readonly timestamp?: Date | number;
  /** The `webhook-id` header (Standard Webhooks only). Default: a random `msg_…` id. */
  readonly id?: string;
  /**
   * Unit of the timestamp in `openphone-signature`. OpenPhone sends
   * milliseconds; `seconds` lets a test cover receivers of either.
   */
  readonly legacyTimestampUnit?: 'milliseconds' | 'seconds';
}

export interface SignedWebhook<Body extends string | Uint8Array = string> {
  /** Send exactly these bytes: the signature covers them. */
  readonly body: Body;
  /** The signature headers plus `content-type`, with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Signs a payload the way OpenPhone does, so tests can send a handler a
 * delivery that verifies. A payload that is not a string or bytes is sent as
 * its JSON. With several secrets, one signature per secret is attached, as
 * during a rotation.
 */
export async function signWebhook(
  payload: ArrayBuffer | ArrayBufferView,
  secret: WebhookSecret,
  scheme: WebhookScheme,
  options?: SignWebhookOptions,
): Promise<SignedWebhook<Uint8Array>>;
export async function signWebhook(
  payload: unknown,
  secret: WebhookSecret,
  scheme: WebhookScheme,
  options?: SignWebhookOptions,
): Promise<SignedWebhook>;
export async function signWebhook(
  payload: unknown,
  secret: WebhookSecret,
  scheme: WebhookScheme,
  options: SignWebhookOptions = {},
): Promise<SignedWebhook<string | Uint8Array>> {
  const keys = await importSecrets(secret);
  const body = typeof payload === 'string' || isRawBody(payload) ? payload : serialize(payload);
  const bytes = bodyBytes(body);
  const signedMs = options.timestamp === undefined ? Date.now() : new Date(options.timestamp).getTime();
  if (!Number.isFinite(signedMs)) throw new RangeError(`Invalid signing timestamp: ${String(options.timestamp)}.`);
  const outgoingBody = typeof body === 'string' ? body : new Uint8Array(bytes);
  const contentType = { 'content-type': 'application/json' };

  if (scheme === 'standard-webhooks') {
    const id = options.id ?? `msg_${crypto.randomUUID().replace(/-/g, '')}`;
    const timestamp = String(Math.floor(signedMs / 1000));
    const content = [utf8(`${id}.${timestamp}.`), bytes];
    const signatures = await Promise.all(keys.map(async (key) => `v1,${await hmacBase64(key, content)}`));
    return {
      body: outgoingBody,
      headers: {
        ...contentType,
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': signatures.join(' '),
      },
    };
  }
  const timestamp = String(options.legacyTimestampUnit === 'seconds' ? Math.floor(signedMs / 1000) : Math.floor(signedMs));
  const content = [utf8(`${timestamp}.`), bytes];
  const signatures = await Promise.all(keys.map(async (key) => `hmac;1;${timestamp};${await hmacBase64(key, content)}`));
  return { body: outgoingBody, headers: { ...contentType, 'openphone-signature': signatures.join(',') } };
}

function serialize(payload: unknown): string {
  const json = JSON.stringify(payload);
  if (json === undefined) throw new TypeError('The webhook payload cannot be serialized to JSON.');
  return json;
}
