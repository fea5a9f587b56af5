/**
 * The dated API's versioned webhooks, kept in the workspace: create (with a
 * fresh `whsec_` key), list, get, update, delete and key rotation; test
 * events, the delivery log and retries on request (see `VersionedDeliveries`).
 */
import type { QueryParams, RequestBody, VersionedWebhookWithKey } from '../../internal/types.js';
import { callEvent, contactEvent, isEventOf, messageEvent, type EventPayloads } from '../events.js';
import { taskTestEvent } from './tasks.js';
import { invalidField, notFound, type Route } from '../responses.js';
import type { Store } from '../store.js';
import { cursorPage } from './dated.js';

const API_VERSION = '2026-03-30';

/** A webhook as the API shows it after creation: without its signing key. */
function withoutKey({ key: _key, ...webhook }: VersionedWebhookWithKey) {
  return webhook;
}

function knownWebhook(store: Store, id: string): VersionedWebhookWithKey {
  const webhook = store.versionedWebhooks.find((w) => w.id === id);
  if (!webhook) throw notFound('Webhook', id);
  return webhook;
}

export const createHeaderVersionedWebhook: Route = (context) => {
  const { store } = context;
  const request = context.body as RequestBody<'createHeaderVersionedWebhook'>;
  const createdAt = store.tick();
  const webhook: VersionedWebhookWithKey = {
    // The dated API's webhook ids are stringified numbers.
    id: String(store.versionedWebhooks.reduce((max, w) => Math.max(max, Number(w.id)), 0) + 1),
    orgId: store.orgId,
    label: request.label ?? null,
    status: request.status ?? 'enabled',
    url: request.url,
    createdAt,
    updatedAt: createdAt,
    apiVersion: API_VERSION,
    events: request.events,
    resourceIds: request.resourceIds ?? ['*'],
    key: store.standardWebhooksKey(),
  };
  store.versionedWebhooks.push(webhook);
  return { status: context.operation.successStatus, body: { data: webhook } };
};

export const listHeaderVersionedWebhooks: Route = (context) => ({
  status: context.operation.successStatus,
  body: { data: context.store.versionedWebhooks.map(withoutKey) },
});

export const getHeaderVersionedWebhookById: Route = (context) => ({
  status: context.operation.successStatus,
  body: { data: withoutKey(knownWebhook(context.store, context.params.webhookId!)) },
});

/** Changes only the fields the request gives. */
export const updateHeaderVersionedWebhookById: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  const changes = context.body as RequestBody<'updateHeaderVersionedWebhookById'>;
  Object.assign(webhook, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)), { updatedAt: context.store.tick() });
  return { status: context.operation.successStatus, body: { data: withoutKey(webhook) } };
};

/** Deletes the webhook and its delivery log. */
export const deleteHeaderVersionedWebhookById: Route = (context) => {
  const { store } = context;
  const webhook = knownWebhook(store, context.params.webhookId!);
  store.versionedWebhooks.splice(store.versionedWebhooks.indexOf(webhook), 1);
  context.deliveries.forget(webhook.id);
  return { status: context.operation.successStatus };
};

/** A new signing key from now on; the old one stops signing. */
export const rotateHeaderVersionedWebhookSecret: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  webhook.key = context.store.standardWebhooksKey();
  webhook.updatedAt = context.store.tick();
  return { status: context.operation.successStatus, body: { data: { key: webhook.key } } };
};

/** Test events for calls that need an answered call (a recording, a transcript) come from the latest answered one. */
const ANSWERED_CALL_EVENTS: ReadonlySet<string> = new Set(['call.answered', 'call.recording.completed', 'call.transcript.completed', 'call.summary.completed']);

/** A sample of `eventType`, built from the workspace's latest record of its kind; an event type the sandbox cannot build is a 400. */
function testEvent(store: Store, eventType: string): EventPayloads {
  if (isEventOf('message', eventType)) {
    const message = store.messages.filter((m) => m.direction === (eventType === 'message.received' ? 'incoming' : 'outgoing')).at(-1)!;
    return messageEvent(store, eventType, message, store.conversationOf(message));
  }
  if (isEventOf('call', eventType)) {
    const call = (ANSWERED_CALL_EVENTS.has(eventType) ? store.calls.filter((c) => c.answeredAt !== null).at(-1) : undefined) ?? store.calls.at(-1)!;
    const phoneNumber = store.phoneNumber(call.phoneNumberId)!;
    return callEvent(store, eventType, call, phoneNumber, store.conversationBetween(phoneNumber.id, call.participants)!, { menuSelection: '1' });
  }
  if (isEventOf('contact', eventType)) return contactEvent(store, eventType, store.contacts.at(-1)!);
  if (isEventOf('task', eventType)) return taskTestEvent(store, eventType);
  throw invalidField('eventType', eventType, 'is not an event type the sandbox sends test events of', 'enum');
}

/** Answers with the event, and sends it to the webhook whatever its status and events, as a test delivery is meant to. */
export const sendHeaderVersionedTestWebhookEvent: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  const { eventType } = context.body as RequestBody<'sendHeaderVersionedTestWebhookEvent'>;
  const payload = testEvent(context.store, eventType).payload('standard-webhooks');
  // The answer does not wait for the receiver; the attempt is in the delivery log.
  void context.deliveries.send(webhook, payload);
  return { status: context.operation.successStatus, body: payload };
};

export const listHeaderVersionedWebhookDeliveries: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  const query = context.query as QueryParams<'listHeaderVersionedWebhookDeliveries'>;
  return { status: context.operation.successStatus, body: cursorPage(context.deliveries.list(webhook.id, query), query) };
};

export const getHeaderVersionedWebhookDelivery: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  const delivery = context.deliveries.get(webhook.id, context.params.eventId!);
  if (!delivery) throw notFound('Delivery', context.params.eventId!);
  return { status: context.operation.successStatus, body: { data: delivery } };
};

/** 202 at once; the attempt, signed with the current key, shows in the delivery's `attempts` as `manual`. */
export const retryHeaderVersionedWebhookDelivery: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  if (!context.deliveries.retry(webhook.id, context.params.eventId!)) throw notFound('Delivery', context.params.eventId!);
  return { status: context.operation.successStatus, body: {} };
};
