/**
 * Receiving OpenPhone (Quo) webhooks: verify either signature scheme, get a
 * typed event, or mount a ready-made fetch handler. Runs wherever Web Crypto
 * does (Node 20+, Deno, Bun, Cloudflare Workers); nothing here imports a
 * Node module.
 */
export { verifyWebhook, DEFAULT_TOLERANCE_SECONDS } from './verify.js';
export type { VerifiedWebhook, VerifyWebhookOptions, VerifiedDelivery } from './verify.js';
export { createWebhookHandler, refusalStatus } from './handler.js';
export type { WebhookEventHandlers, WebhookHandlerContext, WebhookHandlerOptions } from './handler.js';
export type { DedupeClaim, WebhookDedupeStore } from './dedupe.js';
export { signWebhook } from './sign.js';
export type { SignWebhookOptions, SignedWebhook } from './sign.js';
export { WebhookVerificationError } from './errors.js';
export type { WebhookScheme, WebhookVerificationErrorOptions, WebhookVerificationFailure } from './errors.js';
export type { HeaderLookup, WebhookHeaders } from './headers.js';
export type { RawBody, WebhookSecret } from './crypto.js';
export type { ParsedEvent, UnknownWebhookEvent, WebhookEvent, WebhookEventFor, AnyWebhookEventType } from './events.js';
export type * from './events-legacy.js';
export type * from './events-versioned.js';
