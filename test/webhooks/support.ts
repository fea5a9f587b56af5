/**
 * Signatures made without the SDK: with node:crypto for the legacy scheme, and
 * with the `standardwebhooks` reference library for Standard Webhooks, so the
 * verifier is checked against independent implementations, not against itself.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import { WebhookVerificationError, type WebhookVerificationFailure } from '../../src/webhooks/errors.js';

/** A legacy signing key as the OpenPhone app shows it: base64, no prefix. */
export const LEGACY_KEY = randomBytes(32).toString('base64');
export const OTHER_LEGACY_KEY = randomBytes(32).toString('base64');
export const WHSEC = `whsec_${randomBytes(24).toString('base64')}`;
export const OTHER_WHSEC = `whsec_${randomBytes(24).toString('base64')}`;

/** base64(HMAC-SHA256(base64-decoded key, `<timestamp>.<body>`)), computed over the raw bytes. */
export function legacyDigest(key: string, timestamp: string | number, body: string | Uint8Array): string {
  return createHmac('sha256', Buffer.from(key, 'base64')).update(`${timestamp}.`).update(body).digest('base64');
}

export function legacySignature(key: string, timestamp: string | number, body: string | Uint8Array): string {
  return `hmac;1;${timestamp};${legacyDigest(key, timestamp, body)}`;
}

export type StandardHeaders = {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
};

/** The three Standard Webhooks headers as the reference library signs them. */
export function standardHeaders(secret: string, id: string, signedAt: Date, body: string): StandardHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, signedAt, body),
  };
}

/** Awaits a verification that must be refused, and returns the error after checking it is typed. */
export async function refusal(verification: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await verification.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

export async function expectRefusal(verification: Promise<unknown>, reason: WebhookVerificationFailure): Promise<WebhookVerificationError> {
  const error = await refusal(verification);
  expect(error.reason, error.message).toBe(reason);
  return error;
}
