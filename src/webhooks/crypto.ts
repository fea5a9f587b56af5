/**
 * HMAC-SHA256 and base64 on the Web Crypto and encoding globals that Node,
 * Deno, Bun and Cloudflare Workers all provide: nothing here imports a module.
 */

import { WebhookVerificationError } from './errors.js';

export type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** A raw body as a framework hands it over: text, or bytes (`Buffer` and `Uint8Array` are views). */
export type RawBody = string | ArrayBuffer | ArrayBufferView;

/** One signing secret, or several while one is being rotated out. */
export type WebhookSecret = string | readonly string[];

const encoder = /* @__PURE__ */ new TextEncoder();

const STANDARD_WEBHOOKS_SECRET_PREFIX = 'whsec_';
/** A base64 SHA-256 digest is always 44 characters, the last one padding. */
const BASE64_DIGEST = /^[A-Za-z0-9+/]{43}=$/;
const NOT_BASE64 = /[^A-Za-z0-9+/]/;

/** Recognises bytes by their internal slots, not `instanceof`, so a `Buffer` from another realm (as under Jest) still counts. */
export function isRawBody(value: unknown): value is RawBody {
  return typeof value === 'string' || ArrayBuffer.isView(value) || isArrayBuffer(value);
}

export function bodyBytes(body: RawBody): Uint8Array {
  if (typeof body === 'string') return encoder.encode(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(body);
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function isBase64Digest(text: string): boolean {
  return BASE64_DIGEST.test(text);
}

/** Decodes standard or URL-safe base64, padded or not; `undefined` for anything else, never a thrown `DOMException`. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  // Checked without a backtracking pattern, which overflows its stack on a text of a few MiB.
  const digits = standard.replace(/={1,2}$/, '');
  if (digits !== standard && standard.length % 4 !== 0) return undefined;
  if (digits.length % 4 === 1 || NOT_BASE64.test(digits)) return undefined;
  const binary = atob(digits);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The HMAC key behind a secret as people paste it: `whsec_<base64>` from the
 * webhooks API, the bare base64 key from the OpenPhone app, or that key inside
 * the four `;`-separated fields of the `hmac;1;<timestamp>;<key>` layout.
 * Surrounding white space (a trailing newline in an env file) is ignored.
 */
function decodeSecret(secret: string): Uint8Array | undefined {
  let text = secret.trim();
  const fields = text.split(';');
  if (fields.length === 4) text = fields[3]!.trim();
  if (text.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX)) text = text.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length);
  const key = decodeBase64(text);
  return key !== undefined && key.length > 0 ? key : undefined;
}

/** Decodes every secret up front, so a misconfigured one fails loudly on every request rather than matching nothing. */
export async function importSecrets(secret: WebhookSecret): Promise<readonly HmacKey[]> {
  const keys = decodeSecrets(secret);
  return Promise.all(keys.map((key) => crypto.subtle.importKey('raw', concat([key]), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])));
}

/** The keys of every configured secret; a hole in an array, or an array whose reading throws, is a bad secret too. */
function decodeSecrets(secret: unknown): Uint8Array[] {
  let secrets: readonly unknown[];
  try {
    secrets = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? Array.from(secret as unknown[]) : [];
  } catch (cause) {
    throw new WebhookVerificationError('invalid_secret', 'The webhook secrets could not be read.', { cause });
  }
  if (secrets.length === 0) {
    throw new WebhookVerificationError('invalid_secret', 'No webhook secret was configured: pass a string or a non-empty array of strings.');
  }
  return secrets.map((candidate, index) => {
    const key = typeof candidate === 'string' ? decodeSecret(candidate) : undefined;
    if (key === undefined) {
      const which = secrets.length === 1 ? 'The webhook secret' : `Webhook secret #${index + 1}`;
      throw new WebhookVerificationError('invalid_secret', `${which} is not a base64 key (optionally prefixed with whsec_). Copy it again from OpenPhone.`);
    }
    return key;
  });
}

/**
 * A short, stable name for the configured secrets, whatever order they are
 * given in: SHA-256 over the sorted keys, as hex. It names the webhook the
 * secrets belong to without revealing them.
 */
export async function secretFingerprint(secret: WebhookSecret): Promise<string> {
  const keys = decodeSecrets(secret)
    .map((key) => encodeBase64(key))
    .sort();
  const digest = await crypto.subtle.digest('SHA-256', concat([utf8(`openphone-sdk webhook\u0000${keys.join('\u0000')}`)]));
  return Array.from(new Uint8Array(digest).subarray(0, 12), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** base64(HMAC-SHA256(key, parts joined)) without copying the body into a string. */
export async function hmacBase64(key: HmacKey, parts: readonly Uint8Array[]): Promise<string> {
  const digest = await crypto.subtle.sign('HMAC', key, concat(parts));
  return encodeBase64(new Uint8Array(digest));
}

/**
 * Compares two base64 digests in time that depends only on their length,
 * which is public (always 44): no early exit on the first differing character.
 */
export function digestsEqual(expected: string, received: string): boolean {
  if (expected.length !== received.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ received.charCodeAt(i);
  return difference === 0;
}

/**
 * Copies into a fresh `ArrayBuffer`: Web Crypto wants one, and a `Uint8Array`
 * may be a window onto a larger (or shared) buffer.
 */
function concat(parts: readonly Uint8Array[]): ArrayBuffer {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined.buffer;
}
