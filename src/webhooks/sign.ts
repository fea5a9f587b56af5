import { bodyBytes, hmacBase64, importSecrets, isRawBody, utf8, type WebhookSecret } from './crypto.js';
import { ValidationError, describeValue } from '../core/errors.js';
import { readOptions } from '../internal/validation/options.js';
import { epochMilliseconds } from './epoch.js';
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
 *
 * @throws {ValidationError} for a payload with no JSON form, an unknown scheme, or a bad option.
 * @throws {WebhookVerificationError} (`invalid_secret`) for a secret that is not a base64 key.
 */
export async function signWebhook(payload: ArrayBuffer | ArrayBufferView, secret: WebhookSecret, scheme: WebhookScheme, options?: SignWebhookOptions): Promise<SignedWebhook<Uint8Array>>;
export async function signWebhook(payload: unknown, secret: WebhookSecret, scheme: WebhookScheme, options?: SignWebhookOptions): Promise<SignedWebhook>;
export async function signWebhook(payload: unknown, secret: WebhookSecret, scheme: WebhookScheme, options: SignWebhookOptions = {}): Promise<SignedWebhook<string | Uint8Array>> {
  const { timestamp: signAt, id: givenId, legacyTimestampUnit } = readOptions(options, ['timestamp', 'id', 'legacyTimestampUnit']);
  if (scheme !== 'standard-webhooks' && scheme !== 'openphone-signature') {
    throw invalid('scheme', scheme, "must be 'standard-webhooks' or 'openphone-signature'");
  }
  const signedMs = signAt === undefined ? Date.now() : epochMilliseconds(signAt);
  if (!Number.isFinite(signedMs)) throw invalid('timestamp', signAt, 'must be a valid Date or epoch milliseconds');
  if (givenId !== undefined && typeof givenId !== 'string') throw invalid('id', givenId, 'must be a string');
  const keys = await importSecrets(secret);
  const body = typeof payload === 'string' || isRawBody(payload) ? payload : serialize(payload);
  const bytes = bodyBytes(body);
  const outgoingBody = typeof body === 'string' ? body : new Uint8Array(bytes);
  const contentType = { 'content-type': 'application/json' };

  if (scheme === 'standard-webhooks') {
    const id = givenId ?? `msg_${crypto.randomUUID().replace(/-/g, '')}`;
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
  const timestamp = String(legacyTimestampUnit === 'seconds' ? Math.floor(signedMs / 1000) : Math.floor(signedMs));
  const content = [utf8(`${timestamp}.`), bytes];
  const signatures = await Promise.all(keys.map(async (key) => `hmac;1;${timestamp};${await hmacBase64(key, content)}`));
  return { body: outgoingBody, headers: { ...contentType, 'openphone-signature': signatures.join(',') } };
}

function serialize(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw new ValidationError([{ field: 'payload', value: payload, rule: 'json', message: `cannot be serialized to JSON: ${String(cause)}` }]);
  }
  if (json === undefined) throw invalid('payload', payload, 'cannot be serialized to JSON');
  return json;
}

function invalid(field: string, value: unknown, problem: string): ValidationError {
  return new ValidationError([{ field, value, rule: 'type', message: `${problem}, got ${describeValue(value)}` }]);
}
