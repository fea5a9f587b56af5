/**
 * The payloads of simulated webhook events. A webhook signed with the legacy
 * `openphone-signature` scheme gets the legacy envelope (`data.object`); one
 * signed with Standard Webhooks gets the versioned one (`data.resource`,
 * `data.context`), as OpenPhone sends them. Both are typed by the SDK's
 * webhook event types, so a receiver built on them reads these as it would
 * the real thing.
 */
import type { V1Call as Call, V1Conversation as Conversation, V1Message as Message, V1PhoneNumber as PhoneNumber } from '../internal/types.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import type {
  CallCompletedEvent,
  CallCompletedResource,
  CallContext,
  ContactMatches,
  LegacyCall,
  LegacyCallCompletedEvent,
  LegacyEventEnvelope,
  LegacyMessage,
  MessageContext,
  MessageResource,
  VersionedEventEnvelope,
} from '../webhooks/index.js';
import type { Store } from './store.js';

type MessageEventType = 'message.received' | 'message.delivered' | 'message.failed';

/** The events the sandbox can simulate. */
export type SimulatedEventType = 'message.received' | 'message.delivered' | 'call.completed';

/** The events the sandbox builds payloads for: the simulated ones, and `message.failed` for test events. */
export type SandboxEventType = MessageEventType | 'call.completed';

/** A simulated event's payload, in the envelope of the scheme it is signed with. */
export type SimulatedEvent =
  | LegacyEventEnvelope<MessageEventType, LegacyMessage>
  | VersionedEventEnvelope<MessageEventType, MessageResource, MessageContext>
  | LegacyCallCompletedEvent
  | CallCompletedEvent;

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
  readonly phoneNumberId: string;
  payload(scheme: WebhookScheme): SimulatedEvent;
}

/** What an event carries in either envelope: the legacy `data.object`, or the versioned `data.resource` and `data.context`. */
interface EventContent<Type extends SandboxEventType, LegacyObject, Resource, Context> {
  readonly type: Type;
  readonly phoneNumberId: string;
  readonly createdAt: string;
  readonly object: LegacyObject;
  readonly resource: Resource;
  readonly context: Context;
}

function event<Type extends SandboxEventType, LegacyObject, Resource, Context>(
  store: Store,
  content: EventContent<Type, LegacyObject, Resource, Context>,
): { readonly type: Type; readonly phoneNumberId: string; payload(scheme: WebhookScheme): LegacyEventEnvelope<Type, LegacyObject> | VersionedEventEnvelope<Type, Resource, Context> } {
  const { type, createdAt, object, resource, context } = content;
  const id = store.nextId('EV');
  return {
    type,
    phoneNumberId: content.phoneNumberId,
    payload: (scheme) =>
      scheme === 'openphone-signature'
        ? { id, object: 'event', apiVersion: LEGACY_API_VERSION, createdAt, type, data: { object } }
        : { id, apiVersion: VERSIONED_API_VERSION, createdAt, type, data: { resource, context, links: { quo: null } } },
  };
}

export function messageEvent(store: Store, type: MessageEventType, message: Message, conversation: Conversation): EventPayloads {
  const external = message.direction === 'incoming' ? message.from : message.to[0]!;
  const contactIds = store.contactIdsFor(external);
  const status = ({ 'message.received': 'received', 'message.delivered': 'delivered', 'message.failed': 'failed' } as const)[type];
  return event<MessageEventType, LegacyMessage, MessageResource, MessageContext>(store, {
    type,
    phoneNumberId: message.phoneNumberId!,
    createdAt: message.updatedAt,
    object: {
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
    },
    resource: { id: message.id, direction: message.direction, text: message.text, media: [], status, createdAt: message.createdAt },
    context: {
      orgId: store.orgId,
      phoneNumberId: message.phoneNumberId,
      conversationId: conversation.id,
      userId: message.userId,
      contacts: contactMatches(contactIds),
      senderIdentifier: message.from,
      recipientIdentifiers: message.to,
    },
  });
}

export function callCompletedEvent(store: Store, call: Call, phoneNumber: PhoneNumber, conversation: Conversation): EventPayloads {
  const contactIds = call.participants.flatMap((p) => store.contactIdsFor(p));
  const answered = call.answeredAt !== null;
  return event<'call.completed', LegacyCall, CallCompletedResource, CallContext>(store, {
    type: 'call.completed',
    phoneNumberId: call.phoneNumberId,
    createdAt: call.completedAt ?? call.createdAt,
    object: {
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
    },
    resource: {
      id: call.id,
      direction: call.direction,
      status: answered ? 'answered' : 'unanswered',
      createdAt: call.createdAt,
      updatedAt: call.updatedAt,
      answeredAt: call.answeredAt,
      completedAt: call.completedAt,
      duration: answered ? call.duration : null,
      hasVoicemail: false,
    },
    context: {
      orgId: store.orgId,
      phoneNumberId: call.phoneNumberId,
      conversationId: conversation.id,
      phoneNumberType: phoneNumber.users.length > 1 ? 'shared' : 'private',
      userId: call.userId,
      contacts: contactMatches(contactIds),
      participants: { workspace: [phoneNumber.number], external: call.participants, resolution: 'available' },
    },
  });
}
