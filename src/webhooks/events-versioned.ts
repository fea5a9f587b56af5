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

/** Every context names the workspace (`OR…`) the event belongs to. */
interface WorkspaceContext {
  readonly orgId: string;
}

export interface MessageContext extends WorkspaceContext {
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly userId: string;
  readonly contacts: ContactMatches;
  /** Usually E.164, but internal and direct-number flows can carry other identifiers. */
  readonly senderIdentifier: string;
  readonly recipientIdentifiers: readonly string[];
}

/** With `resolution: 'unavailable'`, empty arrays mean unknown, not "nobody". */
export interface CallParticipants {
  /** On an incoming call, the dialled workspace number. */
  readonly workspace: readonly string[];
  /** On an incoming call, the caller. */
  readonly external: readonly string[];
  readonly resolution: 'available' | 'unavailable';
}

/** `call.ringing` fires early, before contacts are matched and the number's type is known. */
export interface CallRingingContext extends WorkspaceContext {
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly userId: string;
  readonly participants: CallParticipants;
}

export interface CallContext extends WorkspaceContext {
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly phoneNumberType: 'shared' | 'private' | 'external' | null;
  readonly userId: string;
  readonly contacts: ContactMatches;
  readonly participants: CallParticipants;
}

export interface ContactContext extends WorkspaceContext {
  readonly userId: string;
  readonly sharedWithIds: readonly string[];
}

/** Where a task event happened; what a task is linked to or unlinked from is here, not in the resource. */
export interface TaskContext extends WorkspaceContext {
  /** The user who made the change; for `task.overdue`, the task's owner. */
  readonly actorId: string;
  readonly phoneNumberId: string | null;
  readonly conversationId: string | null;
  readonly activityId: string | null;
  readonly phoneNumberGroupId: string | null;
}

export type Direction = 'incoming' | 'outgoing';

export type MessageStatus = OpenEnum<
  'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'receiving' | 'received' | 'accepted' | 'scheduled' | 'read' | 'partially_delivered' | 'canceled'
>;

export interface MessageMedia {
  /** MIME type, when known. */
  readonly type?: string;
  readonly url: string;
}

export interface MessageResource {
  readonly id: string;
  readonly direction: Direction;
  readonly text: string;
  readonly media: readonly MessageMedia[];
  readonly status: MessageStatus;
  readonly createdAt: string;
}

/** A send that failed; it carries no `media`. */
export interface FailedMessageResource extends Omit<MessageResource, 'media'> {
  /** The carrier's or provider's code (e.g. `"30007"`), when there is one. */
  readonly errorCode: string | null;
}

/** A message that could not be delivered or was blocked: final, not to be retried. */
export interface UndeliveredMessageResource extends MessageResource {
  readonly errorCode: string | null;
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

export type CallCompletedStatus = OpenEnum<'answered' | 'unanswered' | 'failed' | 'forwarded' | 'abandoned' | 'ai-handled' | 'unknown'>;

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

/** How a phone menu ended: dialled through, to voicemail, by a played message, forwarded, abandoned; `null` when it cannot be told. */
export type PhoneMenuStatusReason = OpenEnum<'phone-menu-dial' | 'phone-menu-voicemail' | 'phone-menu-audio' | 'phone-menu' | 'phone-menu-abandoned'> | null;

export interface CallMenuSelectedResource {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string | null;
  /** The key pressed, as text (`"1"`); `null` on a timeout or fall-through. */
  readonly phoneMenuSelection: string | null;
  readonly phoneMenuSelectionName: string | null;
  readonly statusReason: PhoneMenuStatusReason;
}

/** Deliberately small: fetch the call by `id` for the rest. */
export interface CallMissedResource {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string | null;
}

export interface VersionedCallRecording {
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
  readonly recordings: readonly VersionedCallRecording[];
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

export type VersionedContactCustomField =
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
  readonly customFields: readonly VersionedContactCustomField[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Most task events carry only the task's id (`TK…`): fetch the task for its full state. */
export interface TaskRef {
  readonly id: string;
}

export interface TaskCreatedResource extends TaskRef {
  readonly title: string;
  readonly description: string | null;
  readonly dueDate: string | null;
}

/** One field of `task.updated`: `updatedValue` is there only when `isUpdated` is true. */
export type TaskFieldUpdate<Value> = { readonly isUpdated: true; readonly updatedValue: Value } | { readonly isUpdated: false };

/** `task.updated` fires for title and description changes only. */
export interface TaskUpdatedResource extends TaskRef {
  readonly updatedFields: {
    readonly title: TaskFieldUpdate<string>;
    readonly description: TaskFieldUpdate<string | null>;
  };
}

export interface TaskAssignedResource extends TaskRef {
  /** The user (`US…`) it was assigned to. */
  readonly assignedTo: string;
}

export interface TaskUnassignedResource extends TaskRef {
  readonly unassignedFrom: string;
}

export interface TaskOverdueResource extends TaskRef {
  readonly dueDate: string;
}

export interface TaskDueDateUpdatedResource extends TaskRef {
  readonly updatedDueDate: string;
}

type TaskEvent<Type extends string, Resource = TaskRef> = VersionedEventEnvelope<Type, Resource, TaskContext>;

export type MessageReceivedEvent = VersionedEventEnvelope<'message.received', MessageResource, MessageContext>;
export type MessageDeliveredEvent = VersionedEventEnvelope<'message.delivered', MessageResource, MessageContext>;
/** The reference says a carrier or provider error code is included when available, but does not name its field. */
export type MessageFailedEvent = VersionedEventEnvelope<'message.failed', FailedMessageResource, MessageContext>;
export type MessageUndeliveredEvent = VersionedEventEnvelope<'message.undelivered', UndeliveredMessageResource, MessageContext>;
export type CallRingingEvent = VersionedEventEnvelope<'call.ringing', CallRingingResource, CallRingingContext>;
export type CallAnsweredEvent = VersionedEventEnvelope<'call.answered', CallAnsweredResource, CallContext>;
export type CallCompletedEvent = VersionedEventEnvelope<'call.completed', CallCompletedResource, CallContext>;
export type CallForwardedEvent = VersionedEventEnvelope<'call.forwarded', CallForwardedResource, CallContext>;
export type CallMissedEvent = VersionedEventEnvelope<'call.missed', CallMissedResource, CallContext>;
export type CallMenuSelectedEvent = VersionedEventEnvelope<'call.menu.selected', CallMenuSelectedResource, CallContext>;
export type CallRecordingCompletedEvent = VersionedEventEnvelope<'call.recording.completed', CallRecordingCompletedResource, CallContext>;
export type CallSummaryCompletedEvent = VersionedEventEnvelope<'call.summary.completed', CallSummaryResource, CallContext>;
export type CallTranscriptCompletedEvent = VersionedEventEnvelope<'call.transcript.completed', CallTranscriptResource, CallContext>;
export type CallVoicemailCompletedEvent = VersionedEventEnvelope<'call.voicemail.completed', VoicemailResource, CallContext>;
export type ContactUpdatedEvent = VersionedEventEnvelope<'contact.updated', ContactResource, ContactContext>;
/** Same resource shape as `contact.updated`: only `type` tells them apart. */
export type ContactDeletedEvent = VersionedEventEnvelope<'contact.deleted', ContactResource, ContactContext>;
export type TaskCreatedEvent = TaskEvent<'task.created', TaskCreatedResource>;
export type TaskUpdatedEvent = TaskEvent<'task.updated', TaskUpdatedResource>;
export type TaskDeletedEvent = TaskEvent<'task.deleted'>;
export type TaskCompletedEvent = TaskEvent<'task.completed'>;
export type TaskReopenedEvent = TaskEvent<'task.reopened'>;
export type TaskAssignedEvent = TaskEvent<'task.assigned', TaskAssignedResource>;
export type TaskUnassignedEvent = TaskEvent<'task.unassigned', TaskUnassignedResource>;
export type TaskOverdueEvent = TaskEvent<'task.overdue', TaskOverdueResource>;
/** The task was linked; what to is in `context` (`conversationId`, `activityId`, `phoneNumberId`). */
export type TaskLinkedEvent = TaskEvent<'task.linked'>;
/** The task was unlinked from the conversation in `context.conversationId`. */
export type TaskUnlinkedEvent = TaskEvent<'task.unlinked'>;
export type TaskDueDateUpdatedEvent = TaskEvent<'task.duedate.updated', TaskDueDateUpdatedResource>;
export type TaskDueDateRemovedEvent = TaskEvent<'task.duedate.removed'>;

/** A versioned delivery (Standard Webhooks headers), discriminated on `type`. */
export type VersionedWebhookEvent =
  | MessageReceivedEvent
  | MessageDeliveredEvent
  | MessageFailedEvent
  | MessageUndeliveredEvent
  | CallRingingEvent
  | CallAnsweredEvent
  | CallCompletedEvent
  | CallForwardedEvent
  | CallMissedEvent
  | CallMenuSelectedEvent
  | CallRecordingCompletedEvent
  | CallSummaryCompletedEvent
  | CallTranscriptCompletedEvent
  | CallVoicemailCompletedEvent
  | ContactUpdatedEvent
  | ContactDeletedEvent
  | TaskCreatedEvent
  | TaskUpdatedEvent
  | TaskDeletedEvent
  | TaskCompletedEvent
  | TaskReopenedEvent
  | TaskAssignedEvent
  | TaskUnassignedEvent
  | TaskOverdueEvent
  | TaskLinkedEvent
  | TaskUnlinkedEvent
  | TaskDueDateUpdatedEvent
  | TaskDueDateRemovedEvent;

export type VersionedWebhookEventType = VersionedWebhookEvent['type'];
