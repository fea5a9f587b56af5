import type { APIPromise } from '../core/api-promise.js';
import type { CursorPage, PagePromise } from '../core/pagination.js';
import type { RequestBody, VersionedWebhook, WebhookDelivery, WebhookDeliveryDetail, WebhookTestEvent } from '../internal/types.js';
import {
  Webhooks as DerivedWebhooks,
  type CreateHeaderVersionedWebhookParams,
  type ListHeaderVersionedWebhookDeliveriesParams,
  type SendHeaderVersionedTestWebhookEventParams,
} from '../../generated/2026-03-30.resources.js';
import type { ListOptions, RequestOptions } from './resource.js';

export type CreateWebhookParams = CreateHeaderVersionedWebhookParams;
export type UpdateWebhookParams = RequestBody<'updateHeaderVersionedWebhookById'>;
export type SendTestEventParams = SendHeaderVersionedTestWebhookEventParams;
export type ListWebhookDeliveriesParams = ListHeaderVersionedWebhookDeliveriesParams;

/**
 * Webhooks of the versioned API (dated, `Quo-Api-Version: 2026-03-30`): one
 * webhook for any of the event types, signed with Standard Webhooks, with
 * secret rotation, a delivery log, manual retries and test events. To receive
 * the events, see `verifyWebhook` and `createWebhookHandler`. `get`, `list`
 * and `update` name the webhook as one model; the other methods below keep
 * the names they had before the derived `rotate` and `events.*`.
 */
export class Webhooks extends DerivedWebhooks {
  /** The workspace's versioned webhooks (one page: the API returns them all). */
  list(options: ListOptions = {}): PagePromise<VersionedWebhook> {
    return this.listOperation('listHeaderVersionedWebhooks', [], undefined, options);
  }

  get(webhookId: string, options: RequestOptions = {}): APIPromise<VersionedWebhook> {
    return this.callOperation('getHeaderVersionedWebhookById', [webhookId], undefined, options);
  }

  /** Changes the URL, events, resources, status or label; returns the webhook as changed. */
  update(webhookId: string, changes: UpdateWebhookParams, options: RequestOptions = {}): APIPromise<VersionedWebhook> {
    return this.callOperation('updateHeaderVersionedWebhookById', [webhookId], changes, options);
  }

  /**
   * Issues a new signing key. Verify with `[oldKey, newKey]` until every
   * receiver has the new one, so no delivery is refused during the switch.
   */
  rotateSecret(webhookId: string, options: RequestOptions = {}): APIPromise<{ key: string }> {
    return this.rotate(webhookId, options);
  }

  /** The webhook's deliveries, newest first as the API orders them, by cursor; filter by status, event types and time. */
  deliveries(webhookId: string, filters?: ListWebhookDeliveriesParams, options: ListOptions = {}): PagePromise<WebhookDelivery, CursorPage<WebhookDelivery>> {
    return this.events.list(webhookId, filters, options);
  }

  /** One delivery with the request body sent and every attempt's response status. */
  delivery(webhookId: string, deliveryId: string, options: RequestOptions = {}): APIPromise<WebhookDeliveryDetail> {
    return this.events.get(webhookId, deliveryId, options);
  }

  /** Delivers the event again; resolves when the API accepts the retry (202). Safe to repeat: it creates no new event. */
  retryDelivery(webhookId: string, deliveryId: string, options: RequestOptions = {}): APIPromise<void> {
    return this.events.retry(webhookId, deliveryId, options);
  }

  /** Sends a sample event of `eventType` to the webhook, signed like a real one; resolves to the event sent. */
  sendTestEvent(webhookId: string, params: SendTestEventParams, options: RequestOptions = {}): APIPromise<WebhookTestEvent> {
    return this.events.test(webhookId, params, options);
  }
}
