/**
 * The payloads of simulated webhook events. A webhook signed with the legacy
 * `openphone-signature` scheme gets the legacy envelope (`data.object`); one
 * signed with Standard Webhooks gets the versioned one (`data.resource`,
 * `data.context`), as OpenPhone sends them. Both are typed by the SDK's
 * webhook event types, so a receiver built on them reads these as it would
 * the real thing. Event types that only versioned webhooks receive have no
 * legacy envelope: legacy webhooks are never sent them.
 */
import type { V1Call as Call, V1Contact as Contact, V1Conversation as Conversation, V1Message as Message, V1PhoneNumber as PhoneNumber } from '../internal/types.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import type {
  CallContext,
  ContactContext,
  ContactMatches,
  ContactResource,
  LegacyCall,
  LegacyContact,
  LegacyWebhookEvent,
  MessageContext,
  MessageResource,
  TaskContext,
  VersionedWebhookEvent,
  VersionedWebhookEventType,
  WebhookEvent,
} from '../webhooks/index.js';
import { isVersionedEventType } from '../webhooks/events.js';
import type { Store, StoredRecord } from './store.js';

/** The events the sandbox sends: every versioned event type, and the legacy ones among them. */
export type SandboxEventType = VersionedWebhookEventType;

/** The events `simulate` can cause (see `SimulationRequest`). */
export type SimulatedEventType = 'message.received' | 'message.delivered' | 'call.completed' | 'task.overdue';

/** A simulated event's payload, in the envelope of the scheme it is signed with. */
export type SimulatedEvent = WebhookEvent;

/** The legacy envelope's version label, as in OpenPhone's payload samples. */
const LEGACY_API_VERSION = 'v4';
/** The payload version of versioned webhooks. */
const VERSIONED_API_VERSION = '2026-03-30';

function contactMatches(ids: readonly string[]): ContactMatches {
  return { ids, lookupStatus: ids.length > 0 ? 'matched' : 'none' };
}

/** One event, built for each scheme on demand: every webhook of a scheme receives the same payload. */
export interface EventPayloads {
  readonly type: SandboxEventType;
  /** The workspace number the event is about, matched against a webhook's `resourceIds`; `null` when none is. */
  readonly phoneNumberId: string | null;
  /** Whether legacy webhooks receive this type; the payload of one that has no legacy envelope is the versioned one. */
  readonly legacy: boolean;
  payload(scheme: WebhookScheme): SimulatedEvent;
}

type Versioned<Type extends SandboxEventType> = Extract<VersionedWebhookEvent, { type: Type }>;
type LegacyObject<Type extends string> = Extract<LegacyWebhookEvent, { type: Type }>['data']['object'];

/** What an event carries: the versioned `data.resource` and `data.context`, and the legacy `data.object` where the type has one. */
interface EventContent<Type extends SandboxEventType> {
  readonly type: Type;
  readonly phoneNumberId: string | null;
  readonly createdAt: string;
  readonly resource: Versioned<Type>['data']['resource'];
  readonly context: Versioned<Type>['data']['context'];
  readonly object?: LegacyObject<Type>;
}

function event<Type extends SandboxEventType>(store: Store, content: EventContent<Type>): EventPayloads {
  const { type, createdAt, object, resource, context } = content;
  const id = store.nextId('EV');
  const versioned = { id, apiVersion: VERSIONED_API_VERSION, createdAt, type, data: { resource, context, links: { quo: null } } } as unknown as SimulatedEvent;
  return {
    type,
    phoneNumberId: content.phoneNumberId,
    legacy: object !== undefined,
    payload: (scheme) =>
      scheme === 'openphone-signature' && object !== undefined ? ({ id, object: 'event', apiVersion: LEGACY_API_VERSION, createdAt, type, data: { object } } as LegacyWebhookEvent) : versioned,
  };
}

export type MessageEventType = Extract<SandboxEventType, `message.${string}`>;
export type CallEventType = Extract<SandboxEventType, `call.${string}`>;
export type TaskEventType = Extract<SandboxEventType, `task.${string}`>;

/** Whether `type` is a versioned event type of `kind`; the webhook receiver's table, checked against the union, says which exist. */
export function isEventOf<Kind extends string>(kind: Kind, type: string): type is Extract<SandboxEventType, `${Kind}.${string}`> {
  return isVersionedEventType(type) && type.startsWith(`${kind}.`);
}

/** The carrier code a failed send carries: 30007 (filtered) for a final failure, 30003 (unreachable) for one that may be retried. */
const ERROR_CODES = { 'message.failed': '30003', 'message.undelivered': '30007' } as const;

export function messageEvent(store: Store, type: MessageEventType, message: Message, conversation: Conversation): EventPayloads {
  const external = message.direction === 'incoming' ? message.from : message.to[0]!;
  const contactIds = store.contactIdsFor(external);
  const status = ({ 'message.received': 'received', 'message.delivered': 'delivered', 'message.failed': 'failed', 'message.undelivered': 'undelivered' } as const)[type];
  const context: MessageContext = {
    orgId: store.orgId,
    phoneNumberId: message.phoneNumberId,
    conversationId: conversation.id,
    userId: message.userId,
    contacts: contactMatches(contactIds),
    senderIdentifier: message.from,
    recipientIdentifiers: message.to,
  };
  const resource: MessageResource = { id: message.id, direction: message.direction, text: message.text, media: [], status, createdAt: message.createdAt };
  const common = { phoneNumberId: message.phoneNumberId, createdAt: message.updatedAt, context };
  if (type === 'message.failed') {
    const { media: _media, ...failed } = resource;
    return event(store, { ...common, type, resource: { ...failed, errorCode: ERROR_CODES[type] } });
  }
  if (type === 'message.undelivered') return event(store, { ...common, type, resource: { ...resource, errorCode: ERROR_CODES[type] } });
  const object = {
    id: message.id,
    object: 'message',
    from: message.from,
    to: message.to,
    direction: message.direction,
    text: message.text,
    media: [],
    status,
    createdAt: message.createdAt,
    userId: message.userId,
    phoneNumberId: message.phoneNumberId!,
    conversationId: conversation.id,
    contactIds,
  } as const;
  return event(store, { ...common, type, resource, object });
}

/** What a call event may say beyond the call: the phone menu key pressed. */
export interface CallEventDetails {
  readonly menuSelection?: string;
}

/** The call's event of `type`, built from the call and what the workspace keeps about it (recordings, transcript, summary). */
export function callEvent(store: Store, type: CallEventType, call: Call, phoneNumber: PhoneNumber, conversation: Conversation, details: CallEventDetails = {}): EventPayloads {
  const contactIds = call.participants.flatMap((p) => store.contactIdsFor(p));
  const answered = call.answeredAt !== null;
  const participants = { workspace: [phoneNumber.number], external: call.participants, resolution: 'available' } as const;
  const context: CallContext = {
    orgId: store.orgId,
    phoneNumberId: call.phoneNumberId,
    conversationId: conversation.id,
    phoneNumberType: phoneNumber.users.length > 1 ? 'shared' : 'private',
    userId: call.userId,
    contacts: contactMatches(contactIds),
    participants,
  };
  const recordings = store.recordings.get(call.id) ?? [];
  const legacyCall: LegacyCall = {
    id: call.id,
    object: 'call',
    direction: call.direction,
    status: call.status,
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
    answeredAt: call.answeredAt,
    answeredBy: call.answeredBy,
    initiatedBy: call.initiatedBy,
    completedAt: call.completedAt,
    duration: call.duration,
    forwardedFrom: call.forwardedFrom,
    forwardedTo: call.forwardedTo,
    phoneNumberId: call.phoneNumberId,
    conversationId: conversation.id,
    participants: call.participants,
    userId: call.userId,
    contactIds,
  };
  const base = { id: call.id, createdAt: call.createdAt, updatedAt: call.updatedAt };
  const ended = { ...base, direction: call.direction, answeredAt: call.answeredAt, completedAt: call.completedAt };
  const common = { phoneNumberId: call.phoneNumberId, createdAt: call.completedAt ?? call.createdAt, context };
  const summary = store.summaries.get(call.id);
  const transcript = store.transcripts.get(call.id);
  switch (type) {
    case 'call.ringing':
      return event(store, {
        type,
        phoneNumberId: call.phoneNumberId,
        createdAt: call.createdAt,
        context: { ...context, participants },
        resource: { ...base, direction: call.direction },
        object: { ...legacyCall, status: 'ringing' },
      });
    case 'call.answered':
      return event(store, { ...common, type, resource: { ...base, direction: call.direction, answeredAt: call.answeredAt, answeredByUserId: call.answeredBy } });
    case 'call.forwarded':
      return event(store, { ...common, type, resource: { ...base, forwardedFrom: call.forwardedFrom ?? phoneNumber.number, forwardedTo: call.forwardedTo ?? '' } });
    case 'call.missed':
      return event(store, { ...common, type, resource: base });
    case 'call.menu.selected':
      return event(store, { ...common, type, resource: { ...base, phoneMenuSelection: details.menuSelection ?? null, phoneMenuSelectionName: null, statusReason: 'phone-menu-dial' } });
    case 'call.completed':
      return event(store, {
        ...common,
        type,
        resource: {
          ...ended,
          status: answered ? 'answered' : 'unanswered',
          duration: answered ? call.duration : null,
          hasVoicemail: store.voicemails.has(call.id),
        },
        object: legacyCall,
      });
    case 'call.recording.completed':
      return event(store, {
        ...common,
        type,
        resource: {
          ...ended,
          duration: call.duration,
          recordings: recordings.map((r) => ({ id: r.id, duration: r.duration, startTime: r.startTime, type: r.type, url: r.url })),
        },
        object: { ...legacyCall, media: recordings.flatMap((r) => (r.url === null ? [] : [{ url: r.url, type: r.type ?? undefined, duration: r.duration ?? undefined }])) },
      });
    case 'call.summary.completed':
      return event(store, {
        ...common,
        type,
        resource: {
          callId: call.id,
          processingStatus: summary ? 'completed' : 'absent',
          summary: summary?.summary ?? null,
          nextSteps: summary?.nextSteps ?? null,
          fromPhoneNumber: call.direction === 'incoming' ? call.participants[0]! : phoneNumber.number,
          handledByAiAgent: false,
          answeredByUserId: call.answeredBy,
          jobs: [],
        },
        object: { callId: call.id, object: 'callSummary', status: summary?.status ?? 'absent', summary: summary?.summary ?? [], nextSteps: summary?.nextSteps ?? [], contactIds },
      });
    case 'call.transcript.completed':
      return event(store, {
        ...common,
        type,
        resource: {
          callId: call.id,
          createdAt: transcript?.createdAt ?? common.createdAt,
          duration: call.duration,
          processingStatus: transcript ? 'completed' : 'absent',
          dialogue:
            transcript?.dialogue?.map((line) => ({
              userId: line.userId ?? null,
              identifier: line.userId ? null : (line.identifier ?? null),
              content: line.content,
              start: line.start,
              end: line.end,
            })) ?? null,
        },
        object: {
          callId: call.id,
          object: 'callTranscript',
          createdAt: transcript?.createdAt ?? common.createdAt,
          dialogue: transcript?.dialogue ?? [],
          duration: call.duration,
          status: transcript?.status ?? 'absent',
          contactIds,
        },
      });
    case 'call.voicemail.completed': {
      const voicemail = store.voicemails.get(call.id);
      return event(store, {
        ...common,
        type,
        resource: {
          id: voicemail?.id ?? call.id,
          voicemailId: voicemail?.id ?? null,
          callId: call.id,
          direction: call.direction,
          duration: voicemail?.duration ?? 0,
          from: call.direction === 'incoming' ? call.participants[0]! : phoneNumber.number,
          to: call.direction === 'incoming' ? phoneNumber.number : call.participants[0]!,
          transcript: voicemail?.transcript ?? null,
          recordingUrl: voicemail?.url ?? null,
          createdAt: call.completedAt ?? call.createdAt,
          updatedAt: call.updatedAt ?? call.createdAt,
        },
      });
    }
  }
}

/** A contact as versioned contact events show it; its custom fields keep their values, typed as the workspace's fields are. */
function contactResource(contact: Contact): ContactResource {
  const fields = contact.defaultFields;
  return {
    id: contact.id,
    firstName: fields.firstName,
    lastName: fields.lastName,
    company: fields.company,
    role: fields.role,
    location: null,
    source: contact.source,
    externalId: contact.externalId,
    emails: fields.emails.flatMap((e) => (e.value ? [{ value: e.value, type: 'email' as const }] : [])),
    phoneNumbers: fields.phoneNumbers.flatMap((p) => (p.value ? [{ value: p.value, type: 'phone-number' as const }] : [])),
    customFields: contact.customFields.map((f) => ({ name: f.name, key: f.key, id: f.id, type: f.type, value: f.value }) as ContactResource['customFields'][number]),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
  };
}

/** `contact.updated` (also sent for a new contact) or `contact.deleted`. */
export function contactEvent(store: Store, type: 'contact.updated' | 'contact.deleted', contact: Contact): EventPayloads {
  const context: ContactContext = { orgId: store.orgId, userId: contact.createdByUserId, sharedWithIds: [] };
  const object: LegacyContact = { ...contact };
  return event(store, { type, phoneNumberId: null, createdAt: store.timestamp(), resource: contactResource(contact), context, object });
}

/** A task event: its resource (the task's id and what the type adds) and who made the change. */
export function taskEvent<Type extends TaskEventType>(
  store: Store,
  type: Type,
  task: StoredRecord,
  resource: Versioned<Type>['data']['resource'],
  change: { readonly actorId: string; readonly conversationId?: string | null },
): EventPayloads {
  const conversationId = change.conversationId === undefined ? (((task.conversationIds as string[] | undefined) ?? [])[0] ?? null) : change.conversationId;
  const conversation = conversationId === null ? undefined : store.conversations.find((c) => c.id === conversationId);
  const phoneNumberId = (task.phoneNumberId as string | null | undefined) ?? conversation?.phoneNumberId ?? null;
  const context: TaskContext = {
    orgId: store.orgId,
    actorId: change.actorId,
    phoneNumberId,
    conversationId,
    activityId: (task.activityId as string | null | undefined) ?? null,
    phoneNumberGroupId: null,
  };
  return event(store, { type, phoneNumberId, createdAt: String(task.updatedAt), resource, context } as EventContent<Type>);
}
