/**
 * Payloads of versioned webhooks: those created with `POST /webhooks` and an
 * API version header (`2026-03-30`), signed with the Standard Webhooks
 * `webhook-*` headers. They follow Quo's webhook event payload reference.
 */

/** A documented set of values that may grow: the known ones autocomplete, others still type-check. */
export type OpenEnum<Known extends string> = Known | (string & {});

/** The envelope every versioned delivery shares. */
export interface VersionedEventEnvelope<Type extends string, Resource, Context> {
  /** Stable across retries and payload versions. Not the delivery id: that is the `webhook-id` header. */
  readonly id: string;
  /** The payload version recorded when the webhook was created, e.g. `2026-03-30`. */
  readonly apiVersion: string;
  /** When the underlying event happened; the send time is in `webhook-timestamp`. */
  readonly createdAt: string;
  readonly type: Type;
  readonly data: {
    /** The business object the event is about. */
    readonly resource: Resource;
    /** What surrounds it: phone number, conversation, participants, contact matches. */
    readonly context: Context;
    readonly links: WebhookLinks;
  };
}

export interface WebhookLinks {
  /** Deep link into the Quo app, or `null` when there is none. */
  readonly quo: string | null;
}

/**
 * Contacts matched to the other party. `unavailable` means Quo could not tell,
 * so an empty `ids` is unknown rather than "no contact".
 */
export interface ContactMatches {
  readonly ids: readonly string[];
  readonly lookupStatus: 'matched' | 'none' | 'unavailable';
}

export interface MessageContext {
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly userId: string;
  readonly contacts: ContactMatches;
  /** Usually E.164, but internal and direct-number flows can carry other identifiers. */
  readonly senderIdentifier: string;
  readonly recipientIdentifiers: readonly string[];
}

/** `call.ringing` fires early, before contacts and participants are resolved. */
export interface CallRingingContext {
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly userId: string;
}

export interface CallContext {
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly phoneNumberType: 'shared' | 'private' | 'external' | null;
  readonly userId: string;
  readonly contacts: ContactMatches;
  /** With `resolution: 'unavailable'`, empty arrays mean unknown, not "nobody". */
  readonly participants: {
    readonly workspace: readonly string[];
    readonly external: readonly string[];
    readonly resolution: 'available' | 'unavailable';
  };
}

export interface ContactContext {
  readonly userId: string;
  readonly sharedWithIds: readonly string[];
}

export type Direction = 'incoming' | 'outgoing';

export type MessageStatus = OpenEnum<
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'receiving'
  | 'received'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'partially_delivered'
  | 'canceled'
>;

export interface MessageResource {
  readonly id: string;
  readonly direction: Direction;
  readonly text: string;
  readonly status: MessageStatus;
  readonly createdAt: string;
}

export interface CallRingingResource {
  readonly id: string;
  readonly direction: Direction;
  readonly createdAt: string;
  readonly updatedAt: string | null;
}

export interface CallAnsweredResource extends CallRingingResource {
  readonly answeredAt: string | null;
  /** The workspace user on the answering side, when known; outgoing calls also fire this when voicemail picks up. */
  readonly answeredByUserId: string | null;
}

export type CallCompletedStatus = OpenEnum<
  'answered' | 'unanswered' | 'failed' | 'forwarded' | 'abandoned' | 'ai-handled' | 'unknown'
>;

export interface CallCompletedResource extends CallRingingResource {
  readonly status: CallCompletedStatus;
  readonly answeredAt: string | null;
  readonly completedAt: string | null;
  /** Seconds; `null` for a call that never connected. */
  readonly duration: number | null;
  /** When true, a `call.voicemail.completed` event follows separately. */
  readonly hasVoicemail: boolean;
}

export interface CallForwardedResource {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string | null;
  readonly forwardedFrom: string;
  readonly forwardedTo: string;
}

/** Deliberately small: fetch the call by `id` for the rest. */
export interface CallMissedResource {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string | null;
}

export interface CallRecording {
  readonly id: string | null;
  /** Seconds. */
  readonly duration: number | null;
  readonly startTime: string | null;
  /** MIME type, e.g. `audio/mpeg`. */
  readonly type: string | null;
  /** Download and keep the file: the URL is not meant for long-term access. */
  readonly url: string | null;
}

export interface CallRecordingCompletedResource extends CallRingingResource {
  readonly answeredAt: string | null;
  readonly completedAt: string | null;
  readonly duration: number | null;
  /** Empty when this payload carries no recording metadata. */
  readonly recordings: readonly CallRecording[];
}

export type ProcessingStatus = OpenEnum<'absent' | 'in-progress' | 'completed' | 'failed'>;

export interface CallSummaryJob {
  readonly icon: string;
  readonly name: string;
  readonly result: { readonly data: readonly { readonly name: string; readonly value: string | number | boolean }[] };
}

export interface CallSummaryResource {
  readonly callId: string;
  /** Trust this rather than arrival order: `summary` and `nextSteps` are arrays only once it is `completed`. */
  readonly processingStatus: ProcessingStatus;
  readonly summary: readonly string[] | null;
  readonly nextSteps: readonly string[] | null;
  readonly fromPhoneNumber: string | null;
  readonly handledByAiAgent: boolean;
  readonly answeredByUserId: string | null;
  readonly jobs: readonly CallSummaryJob[];
}

export interface DialogueEntry {
  /** Set for workspace users; `null` for an external speaker. */
  readonly userId: string | null;
  /** Set for an external speaker (usually a phone number). */
  readonly identifier: string | null;
  readonly content: string;
  /** Seconds from the start of the call. */
  readonly start: number;
  readonly end: number;
}

export interface CallTranscriptResource {
  readonly callId: string;
  readonly createdAt: string;
  /** Seconds. */
  readonly duration: number;
  readonly processingStatus: ProcessingStatus;
  readonly dialogue: readonly DialogueEntry[] | null;
}

export interface VoicemailResource {
  /** The voicemail activity, not the call: correlate with `callId`. */
  readonly id: string;
  readonly voicemailId: string | null;
  /** `null` when the source call could not be resolved. */
  readonly callId: string | null;
  readonly direction: Direction;
  /** Seconds. */
  readonly duration: number;
  readonly from: string;
  readonly to: string;
  /** `null` while still processing or when unavailable. */
  readonly transcript: string | null;
  readonly recordingUrl: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface CustomFieldBase<Type extends string, Value> {
  readonly name: string;
  readonly key: string;
  /** Absent on some fields. */
  readonly id?: string;
  readonly type: Type;
  readonly value: Value;
}

export type ContactCustomField =
  | CustomFieldBase<'string' | 'url' | 'address', string | null>
  | CustomFieldBase<'number', number | null>
  | CustomFieldBase<'boolean', boolean>
  | CustomFieldBase<'date', string | null>
  | CustomFieldBase<'multi-select', readonly string[]>;

export interface ContactResource {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly company: string | null;
  readonly role: string | null;
  readonly location: string | null;
  readonly source: string | null;
  readonly externalId: string | null;
  readonly emails: readonly { readonly value: string; readonly type: 'email' }[];
  readonly phoneNumbers: readonly { readonly value: string; readonly type: 'phone-number' }[];
  readonly customFields: readonly ContactCustomField[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type MessageReceivedEvent = VersionedEventEnvelope<'message.received', MessageResource, MessageContext>;
export type MessageDeliveredEvent = VersionedEventEnvelope<'message.delivered', MessageResource, MessageContext>;
/** The reference says a carrier or provider error code is included when available, but does not name its field. */
export type MessageFailedEvent = VersionedEventEnvelope<'message.failed', MessageResource, MessageContext>;
export type CallRingingEvent = VersionedEventEnvelope<'call.ringing', CallRingingResource, CallRingingContext>;
export type CallAnsweredEvent = VersionedEventEnvelope<'call.answered', CallAnsweredResource, CallContext>;
export type CallCompletedEvent = VersionedEventEnvelope<'call.completed', CallCompletedResource, CallContext>;
export type CallForwardedEvent = VersionedEventEnvelope<'call.forwarded', CallForwardedResource, CallContext>;
export type CallMissedEvent = VersionedEventEnvelope<'call.missed', CallMissedResource, CallContext>;
export type CallRecordingCompletedEvent = VersionedEventEnvelope<
  'call.recording.completed',
  CallRecordingCompletedResource,
  CallContext
>;
export type CallSummaryCompletedEvent = VersionedEventEnvelope<'call.summary.completed', CallSummaryResource, CallContext>;
export type CallTranscriptCompletedEvent = VersionedEventEnvelope<
  'call.transcript.completed',
  CallTranscriptResource,
  CallContext
>;
export type CallVoicemailCompletedEvent = VersionedEventEnvelope<'call.voicemail.completed', VoicemailResource, CallContext>;
export type ContactUpdatedEvent = VersionedEventEnvelope<'contact.updated', ContactResource, ContactContext>;
/** Same resource shape as `contact.updated`: only `type` tells them apart. */
export type ContactDeletedEvent = VersionedEventEnvelope<'contact.deleted', ContactResource, ContactContext>;

/** A versioned delivery (Standard Webhooks headers), discriminated on `type`. */
export type VersionedWebhookEvent =
  | MessageReceivedEvent
  | MessageDeliveredEvent
  | MessageFailedEvent
  | CallRingingEvent
  | CallAnsweredEvent
  | CallCompletedEvent
  | CallForwardedEvent
  | CallMissedEvent
  | CallRecordingCompletedEvent
  | CallSummaryCompletedEvent
  | CallTranscriptCompletedEvent
  | CallVoicemailCompletedEvent
  | ContactUpdatedEvent
  | ContactDeletedEvent;

export type VersionedWebhookEventType = VersionedWebhookEvent['type'];
