import { WebhookVerificationError, type WebhookScheme } from './errors.js';
import type { LegacyWebhookEvent, LegacyWebhookEventType } from './events-legacy.js';
import type { VersionedWebhookEvent, VersionedWebhookEventType } from './events-versioned.js';
import { isRecord } from '../internal/validation/is-record.js';

/** Every event type this SDK describes, legacy and versioned; the same `type` can appear in both. */
export type WebhookEvent = LegacyWebhookEvent | VersionedWebhookEvent;
export type AnyWebhookEventType = WebhookEvent['type'];

/** The events a scheme delivers: legacy payloads come with `openphone-signature`, versioned ones with Standard Webhooks. */
export type WebhookEventFor<Scheme extends WebhookScheme> = Scheme extends 'openphone-signature' ? LegacyWebhookEvent : VersionedWebhookEvent;

/**
 * An event of a type this SDK does not describe (yet), or one whose `data`
 * does not have the documented container. It still verified; handle it or
 * acknowledge it, so a new event type never breaks a receiver.
 */
export interface UnknownWebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

export type ParsedEvent<Scheme extends WebhookScheme> = { readonly known: true; readonly event: WebhookEventFor<Scheme> } | { readonly known: false; readonly event: UnknownWebhookEvent };

const decoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a verified body. Only the envelope is checked (`id`, `type`, `data`,
 * and `data.object` or `data.resource` for known types); the fields inside
 * are typed from the documentation, not validated one by one.
 */
export function parseEvent<Scheme extends WebhookScheme>(body: Uint8Array, scheme: Scheme): ParsedEvent<Scheme> {
  const payload = parseJson(body, scheme);
  if (!isRecord(payload) || typeof payload['id'] !== 'string' || typeof payload['type'] !== 'string') {
    throw malformed('The body is not an event: it needs a string `id` and `type`.', scheme);
  }
  const data = payload['data'];
  if (!isRecord(data)) throw malformed('The body is not an event: `data` is not an object.', scheme);
  const envelope = payload as UnknownWebhookEvent;
  const event = scheme === 'openphone-signature' ? withDocumentedLegacyType(envelope) : envelope;
  return isKnown(event, scheme) ? { known: true, event: event as unknown as WebhookEventFor<Scheme> } : { known: false, event };
}

/**
 * OpenPhone's legacy payload samples name two event types after their objects
 * (`callSummary`, `callTranscript`). They are the documented summary and
 * transcript events, so they are delivered as those.
 */
const LEGACY_TYPE_ALIASES: Readonly<Record<string, LegacyWebhookEventType>> = {
  callSummary: 'call.summary.completed',
  callTranscript: 'call.transcript.completed',
};

function withDocumentedLegacyType(event: UnknownWebhookEvent): UnknownWebhookEvent {
  const type = Object.hasOwn(LEGACY_TYPE_ALIASES, event.type) ? LEGACY_TYPE_ALIASES[event.type] : undefined;
  return type === undefined ? event : { ...event, type };
}

function isKnown(event: UnknownWebhookEvent, scheme: WebhookScheme): boolean {
  return scheme === 'openphone-signature' ? Object.hasOwn(LEGACY_EVENT_TYPES, event.type) && isRecord(event.data['object']) : isVersionedEventType(event.type) && isRecord(event.data['resource']);
}

/** Whether `type` is one of the versioned (Standard Webhooks) event types. */
export function isVersionedEventType(type: string): type is VersionedWebhookEventType {
  return Object.hasOwn(VERSIONED_EVENT_TYPES, type);
}

function parseJson(body: Uint8Array, scheme: WebhookScheme): unknown {
  try {
    return JSON.parse(decoder.decode(body));
  } catch (cause) {
    throw malformed('The body is not UTF-8 JSON.', scheme, cause);
  }
}

function malformed(message: string, scheme: WebhookScheme, cause?: unknown): WebhookVerificationError {
  return new WebhookVerificationError('malformed_payload', `${message} Its signature is valid.`, { scheme, cause });
}

/** Both tables are checked against the unions: a type missing from one, or one too many, does not compile. */
const LEGACY_EVENT_TYPES: Readonly<Record<LegacyWebhookEventType, true>> = {
  'message.received': true,
  'message.delivered': true,
  'call.ringing': true,
  'call.completed': true,
  'call.recording.completed': true,
  'call.summary.completed': true,
  'call.transcript.completed': true,
  'contact.updated': true,
  'contact.deleted': true,
};

const VERSIONED_EVENT_TYPES: Readonly<Record<VersionedWebhookEventType, true>> = {
  'message.received': true,
  'message.delivered': true,
  'message.failed': true,
  'message.undelivered': true,
  'call.ringing': true,
  'call.answered': true,
  'call.completed': true,
  'call.forwarded': true,
  'call.missed': true,
  'call.menu.selected': true,
  'call.recording.completed': true,
  'call.summary.completed': true,
  'call.transcript.completed': true,
  'call.voicemail.completed': true,
  'contact.updated': true,
  'contact.deleted': true,
  'task.created': true,
  'task.updated': true,
  'task.deleted': true,
  'task.completed': true,
  'task.reopened': true,
  'task.assigned': true,
  'task.unassigned': true,
  'task.overdue': true,
  'task.linked': true,
  'task.unlinked': true,
  'task.duedate.updated': true,
  'task.duedate.removed': true,
};
