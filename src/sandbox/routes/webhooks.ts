import { invalidField, noContent, notFound, ok, queryOf, requestBody, type Route } from '../responses.js';
import type { Webhook } from '../../internal/types.js';
import type { Store } from '../store.js';

interface WebhookRequest<Events> {
  readonly url: string;
  readonly events: Events;
  readonly label?: string;
  readonly status?: 'enabled' | 'disabled';
  readonly userId?: string;
  readonly resourceIds?: string[] | '*'[];
}

/**
 * Stores a webhook as the four create operations do: owned by `userId` or the
 * workspace owner, enabled unless told otherwise, for every number (`['*']`)
 * unless `resourceIds` names some, with a fresh signing `key`.
 */
function addWebhook<Events extends Webhook['events']>(store: Store, request: WebhookRequest<Events>) {
  const userId = request.userId ?? store.owner.id;
  if (!store.user(userId)) throw invalidField('userId', userId, 'is not a user of this workspace');
  const id = store.nextId('WH');
  const createdAt = store.timestamp();
  const webhook = {
    id,
    userId,
    orgId: store.orgId,
    label: request.label ?? null,
    status: request.status ?? 'enabled',
    url: request.url,
    key: store.webhookKey(),
    createdAt,
    updatedAt: createdAt,
    deletedAt: null,
    events: request.events,
    resourceIds: request.resourceIds ?? ['*'],
  };
  // `Events` is one kind's event list, so this is that kind of webhook; the compiler cannot pair the two up.
  store.webhooks.push(webhook as Webhook);
  return webhook;
}

export const createMessageWebhook_v1: Route = (context) => ok('createMessageWebhook_v1', { data: addWebhook(context.store, requestBody(context, 'createMessageWebhook_v1')) });

export const createCallWebhook_v1: Route = (context) => ok('createCallWebhook_v1', { data: addWebhook(context.store, requestBody(context, 'createCallWebhook_v1')) });

export const createCallSummaryWebhook_v1: Route = (context) => ok('createCallSummaryWebhook_v1', { data: addWebhook(context.store, requestBody(context, 'createCallSummaryWebhook_v1')) });

export const createCallTranscriptWebhook_v1: Route = (context) => ok('createCallTranscriptWebhook_v1', { data: addWebhook(context.store, requestBody(context, 'createCallTranscriptWebhook_v1')) });

/** The webhooks of `userId`, which defaults to the workspace owner, as documented. */
export const listWebhooks_v1: Route = (context) => {
  const userId = queryOf(context, 'listWebhooks_v1').userId ?? context.store.owner.id;
  return ok('listWebhooks_v1', { data: context.store.webhooks.filter((w) => w.userId === userId) });
};

function knownWebhook(store: Store, id: string) {
  const webhook = store.webhooks.find((w) => w.id === id);
  if (!webhook) throw notFound('Webhook', id);
  return webhook;
}

export const getWebhookById_v1: Route = ({ store, params }) => ok('getWebhookById_v1', { data: knownWebhook(store, params.id!) });

export const deleteWebhookById_v1: Route = ({ store, params }) => {
  store.webhooks.splice(store.webhooks.indexOf(knownWebhook(store, params.id!)), 1);
  return noContent('deleteWebhookById_v1');
};
