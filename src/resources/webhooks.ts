import type { APIPromise } from '../api-promise.js';
import type { CursorPage, PagePromise } from '../pagination.js';
import type {
  QueryParams,
  RequestBody,
  VersionedWebhook,
  VersionedWebhookWithKey,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookTestEvent,
} from '../types.js';
import { Resource, asOptionalList, defined, isoDate, wholeBody, type ListOptions, type ListParams, type RequestOptions } from './resource.js';

export type CreateWebhookParams = RequestBody<'createHeaderVersionedWebhook'>;
export type UpdateWebhookParams = RequestBody<'updateHeaderVersionedWebhookById'>;
export type SendTestEventParams = RequestBody<'sendHeaderVersionedTestWebhookEvent'>;
export type ListWebhookDeliveriesParams = Omit<ListParams<'listHeaderVersionedWebhookDeliveries', 'eventTypes', 'createdAfter' | 'createdBefore'>, 'webhookId'>;

/**
 * Webhooks of the versioned API (dated, `Quo-Api-Version: 2026-03-30`): one
 * webhook for any of the event types, signed with Standard Webhooks, with
 * secret rotation, a delivery log, manual retries and test events. To receive
 * the events, see `verifyWebhook` and `createWebhookHandler`.
 */
export class Webhooks extends Resource {
  /** Registers `url` for `events`; the result holds the `key` deliveries are signed with. */
  create(params: CreateWebhookParams, options: RequestOptions = {}): APIPromise<VersionedWebhookWithKey> {
    return this.data('createHeaderVersionedWebhook', { body: params }, (init, body) => this.raw.POST('/webhooks', { body, ...init }), options);
  }

  /** The workspace's versioned webhooks (one page: the API returns them all). */
  list(options: ListOptions = {}): PagePromise<VersionedWebhook> {
    return this.single('listHeaderVersionedWebhooks', () => ({ fetch: (init) => this.raw.GET('/webhooks', init), options }));
  }

  get(webhookId: string, options: RequestOptions = {}): APIPromise<VersionedWebhook> {
    const path = { webhookId };
    return this.data('getHeaderVersionedWebhookById', { path }, (init) => this.raw.GET('/webhooks/{webhookId}', { params: { path }, ...init }), options);
  }

  /** Changes the URL, events, resources, status or label; returns the webhook as changed. */
  update(webhookId: string, changes: UpdateWebhookParams, options: RequestOptions = {}): APIPromise<VersionedWebhook> {
    const path = { webhookId };
    return this.data(
      'updateHeaderVersionedWebhookById',
      { path, body: changes },
      (init, body) => this.raw.PATCH('/webhooks/{webhookId}', { params: { path }, body, ...init }),
      options,
    );
  }

  delete(webhookId: string, options: RequestOptions = {}): APIPromise<void> {
    const path = { webhookId };
    return this.done('deleteHeaderVersionedWebhookById', { path }, (init) => this.raw.DELETE('/webhooks/{webhookId}', { params: { path }, ...init }), options);
  }

  /**
   * Issues a new signing key. Verify with `[oldKey, newKey]` until every
   * receiver has the new one, so no delivery is refused during the switch.
   */
  rotateSecret(webhookId: string, options: RequestOptions = {}): APIPromise<{ key: string }> {
    const path = { webhookId };
    return this.data('rotateHeaderVersionedWebhookSecret', { path }, (init) => this.raw.POST('/webhooks/{webhookId}/rotate', { params: { path }, ...init }), options);
  }

  /** The webhook's deliveries, newest first as the API orders them, by cursor; filter by status, event types and time. */
  deliveries(webhookId: string, filters: ListWebhookDeliveriesParams = {}, options: ListOptions = {}): PagePromise<WebhookDelivery, CursorPage<WebhookDelivery>> {
    return this.paginate<WebhookDelivery, CursorPage<WebhookDelivery>>('listHeaderVersionedWebhookDeliveries', () => {
      const given = this.readFilters('listHeaderVersionedWebhookDeliveries', filters, 'filters');
      return {
        fetchPage: ({ position, pageSize }, init) => {
        const path = { webhookId };
        const query: QueryParams<'listHeaderVersionedWebhookDeliveries'> = defined({
          status: given.status,
          eventTypes: asOptionalList(given.eventTypes),
          createdAfter: isoDate(given.createdAfter),
          createdBefore: isoDate(given.createdBefore),
          limit: pageSize,
          after: position,
        });
        this.validate('listHeaderVersionedWebhookDeliveries', { path, query });
        return this.raw.GET('/webhooks/{webhookId}/events', { params: { path, query }, ...init });
        },
        options,
        pageSize: given.limit,
        start: given.after,
      };
    });
  }

  /** One delivery with the request body sent and every attempt's response status. */
  delivery(webhookId: string, deliveryId: string, options: RequestOptions = {}): APIPromise<WebhookDeliveryDetail> {
    const path = { webhookId, eventId: deliveryId };
    return this.data(
      'getHeaderVersionedWebhookDelivery',
      { path },
      (init) => this.raw.GET('/webhooks/{webhookId}/events/{eventId}', { params: { path }, ...init }),
      options,
    );
  }

  /** Delivers the event again; resolves when the API accepts the retry (202). Safe to repeat: it creates no new event. */
  retryDelivery(webhookId: string, deliveryId: string, options: RequestOptions = {}): APIPromise<void> {
    const path = { webhookId, eventId: deliveryId };
    return this.done(
      'retryHeaderVersionedWebhookDelivery',
      { path },
      (init) => this.raw.POST('/webhooks/{webhookId}/events/{eventId}/retry', { params: { path }, ...init }),
      options,
    );
  }

  /** Sends a sample event of `eventType` to the webhook, signed like a real one; resolves to the event sent. */
  sendTestEvent(webhookId: string, params: SendTestEventParams, options: RequestOptions = {}): APIPromise<WebhookTestEvent> {
    const path = { webhookId };
    return this.call(
      'sendHeaderVersionedTestWebhookEvent',
      { path, body: params },
      (init, body) => this.raw.POST('/webhooks/{webhookId}/events/test', { params: { path }, body, ...init }),
      options,
      wholeBody,
    );
  }
}
