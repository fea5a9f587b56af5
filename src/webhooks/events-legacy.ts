/**
 * Payloads of legacy webhooks: those created in the OpenPhone app or with the
 * `/v1/webhooks` endpoints, signed with the `openphone-signature` header. The
 * v1 OpenAPI document has no webhook schemas, so these follow OpenPhone's
 * payload samples; fields the samples do not always show are optional.
 */

/** The envelope every legacy delivery shares; `data.object` is the call, message, summary, transcript or contact. */
export interface LegacyEventEnvelope<Type extends string, DataObject> {
  readonly id: string;
  readonly object: 'event';
  /** A version label such as `v4`, not a date. */
  readonly apiVersion: string;
  readonly createdAt: string;
  readonly type: Type;
  readonly data: {
    readonly object: DataObject;
    /** Link into the OpenPhone app, when the delivery carries one. */
    readonly deepLink?: string;
  };
}

/** An attachment or a recording, as a URL to download. */
export interface LegacyMedia {
  readonly url: string;
  /** MIME type, e.g. `image/jpeg` or `audio/mpeg`. */
  readonly type?: string;
  /** Seconds, for audio. */
  readonly duration?: number;
}

export interface LegacyMessage {
  readonly id: string;
  readonly object: 'message';
  /** E.164 number of the sender. */
  readonly from: string;
  readonly to: readonly string[];
  readonly direction: 'incoming' | 'outgoing';
  /** The message text. Older payload samples call it `body`, so read `text ?? body`. */
  readonly text?: string;
  readonly body?: string;
  readonly media?: readonly LegacyMedia[];
  readonly status: string;
  readonly createdAt: string;
  readonly userId?: string;
  readonly phoneNumberId?: string;
  readonly conversationId?: string;
  readonly contactIds?: readonly string[];
}

export interface LegacyCall {
  readonly id: string;
  readonly object: 'call';
  readonly direction: 'incoming' | 'outgoing';
  /** e.g. `ringing` on `call.ringing`, `completed` once the call ended. */
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt?: string | null;
  readonly answeredAt?: string | null;
  /** User id of whoever answered. */
  readonly answeredBy?: string | null;
  /** User id of whoever placed an outgoing call. */
  readonly initiatedBy?: string | null;
  readonly completedAt?: string | null;
  /** Seconds. */
  readonly duration?: number;
  readonly forwardedFrom?: string | null;
  readonly forwardedTo?: string | null;
  readonly phoneNumberId?: string;
  readonly conversationId?: string;
  /** E.164 numbers of the other parties. */
  readonly participants: readonly string[];
  readonly userId?: string;
  readonly contactIds?: readonly string[];
  /** Left on an unanswered incoming call (`call.completed`). */
  readonly voicemail?: LegacyMedia;
  /** Recordings (`call.recording.completed`). */
  readonly media?: readonly LegacyMedia[];
}

export interface LegacyCallSummary {
  readonly callId: string;
  readonly object: 'callSummary';
  readonly status: string;
  readonly summary: readonly string[];
  readonly nextSteps: readonly string[];
  readonly contactIds?: readonly string[];
}

export interface LegacyDialogueLine {
  readonly content: string;
  /** Seconds from the start of the call. */
  readonly start: number;
  readonly end: number;
  /** Phone number of the speaker. */
  readonly identifier?: string;
  /** Set when the speaker is a workspace user. */
  readonly userId?: string | null;
}

export interface LegacyCallTranscript {
  readonly callId: string;
  readonly object: 'callTranscript';
  readonly createdAt: string;
  readonly dialogue: readonly LegacyDialogueLine[];
  /** Seconds. */
  readonly duration: number;
  readonly status: string;
  readonly contactIds?: readonly string[];
}

/** The samples do not show a legacy contact in full; only its id is certain. */
export interface LegacyContact {
  readonly id: string;
  readonly [field: string]: unknown;
}

export type LegacyMessageReceivedEvent = LegacyEventEnvelope<'message.received', LegacyMessage>;
export type LegacyMessageDeliveredEvent = LegacyEventEnvelope<'message.delivered', LegacyMessage>;
export type LegacyCallRingingEvent = LegacyEventEnvelope<'call.ringing', LegacyCall>;
export type LegacyCallCompletedEvent = LegacyEventEnvelope<'call.completed', LegacyCall>;
export type LegacyCallRecordingCompletedEvent = LegacyEventEnvelope<'call.recording.completed', LegacyCall>;
export type LegacyCallSummaryCompletedEvent = LegacyEventEnvelope<'call.summary.completed', LegacyCallSummary>;
export type LegacyCallTranscriptCompletedEvent = LegacyEventEnvelope<'call.transcript.completed', LegacyCallTranscript>;
export type LegacyContactUpdatedEvent = LegacyEventEnvelope<'contact.updated', LegacyContact>;
export type LegacyContactDeletedEvent = LegacyEventEnvelope<'contact.deleted', LegacyContact>;

/** A legacy delivery (`openphone-signature`), discriminated on `type`. */
export type LegacyWebhookEvent =
  | LegacyMessageReceivedEvent
  | LegacyMessageDeliveredEvent
  | LegacyCallRingingEvent
  | LegacyCallCompletedEvent
  | LegacyCallRecordingCompletedEvent
  | LegacyCallSummaryCompletedEvent
  | LegacyCallTranscriptCompletedEvent
  | LegacyContactUpdatedEvent
  | LegacyContactDeletedEvent;

export type LegacyWebhookEventType = LegacyWebhookEvent['type'];
