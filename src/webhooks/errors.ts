import { OpenPhoneError } from '../core/errors.js';

/** How a delivery was signed: the legacy `openphone-signature` header, or the `webhook-*` headers of Standard Webhooks. */
export type WebhookScheme = 'openphone-signature' | 'standard-webhooks';

/**
 * Why a webhook was refused. Requests from someone other than OpenPhone end in
 * one of the first seven; the last three point at the receiving code.
 */
export type WebhookVerificationFailure =
  /** No signature header of an accepted scheme, or one of the three `webhook-*` headers is absent. */
  | 'missing_header'
  /**
   * A signature header is present but cannot be read: wrong layout, a timestamp
   * that is not a number, a signature that is not a base64 SHA-256 digest.
   */
  | 'malformed_header'
  /** Every signature in the header uses a scheme or version this SDK does not know (e.g. `v1a` or `hmac;2`). */
  | 'unsupported_signature_version'
  /** The signed timestamp is older or further in the future than `toleranceSeconds`: a replay, or a badly wrong clock. */
  | 'timestamp_out_of_range'
  /** No signature matches the body under any of the secrets: tampered, or signed with another secret. */
  | 'signature_mismatch'
  /** The signature is valid but the body is not a JSON event (`id`, `type`, `data`). */
  | 'malformed_payload'
  /** The body is larger than the handler's `maxBodyBytes`: no OpenPhone event comes near it. */
  | 'payload_too_large'
  /** The body was not text or bytes (a string, `Buffer`, typed array or `ArrayBuffer`): typically a framework parsed the JSON first. */
  | 'invalid_body_type'
  /** A configured secret is empty or is not base64 (with or without `whsec_`). */
  | 'invalid_secret'
  /** `toleranceSeconds` or `now` is not a usable number. */
  | 'invalid_options';

export interface WebhookVerificationErrorOptions {
  readonly scheme?: WebhookScheme;
  /** The header the failure is about, lower-cased. */
  readonly header?: string;
  readonly cause?: unknown;
}

/**
 * A webhook that must not be trusted. `reason` says why in a form code can
 * branch on; the message never contains a secret or an expected signature.
 */
export class WebhookVerificationError extends OpenPhoneError {
  override name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationFailure;
  /** The scheme the request was checked against, when it got that far. */
  readonly scheme: WebhookScheme | undefined;
  readonly header: string | undefined;

  constructor(reason: WebhookVerificationFailure, message: string, options: WebhookVerificationErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
    this.scheme = options.scheme;
    this.header = options.header;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, scheme: this.scheme, header: this.header };
  }
}
