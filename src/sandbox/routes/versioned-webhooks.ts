/**
 * The dated API's versioned webhooks, kept in the workspace: create (with a
 * fresh `whsec_` key), list, get, update, delete and key rotation. Their
 * deliveries and test events are answered from the spec.
 */
import type { RequestBody, VersionedWebhookWithKey } from '../../types.js';
import { notFound, type Route } from '../responses.js';
import type { Store } from '../store.js';

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

export const deleteHeaderVersionedWebhookById: Route = (context) => {
  const { store } = context;
  store.versionedWebhooks.splice(store.versionedWebhooks.indexOf(knownWebhook(store, context.params.webhookId!)), 1);
  return { status: context.operation.successStatus };
};

/** A new signing key from now on; the old one stops signing. */
export const rotateHeaderVersionedWebhookSecret: Route = (context) => {
  const webhook = knownWebhook(context.store, context.params.webhookId!);
  webhook.key = context.store.standardWebhooksKey();
  webhook.updatedAt = context.store.tick();
  return { status: context.operation.successStatus, body: { data: { key: webhook.key } } };
};
