/**
 * The delivery log of the dated API's webhooks: every event sent to one,
 * with each attempt's answer. A delivery answered with anything but a 2xx (or
 * not answered) is tried again after each of the retry delays in turn, then
 * marked `failed`; `retry` tries it again on request.
 */
import { ValidationError, describeValue } from '../core/errors.js';
import type { QueryParams, VersionedWebhookWithKey, WebhookDelivery, WebhookDeliveryDetail } from '../internal/types.js';
import { MAX_DELAY_MS } from './faults.js';
import { postSigned, subscribes, type WebhookDeliveryRecord } from './deliveries.js';
import type { EventPayloads, SandboxEventType, SimulatedEvent } from './events.js';
import { within } from './responses.js';
import type { Store } from './store.js';

type Attempt = WebhookDeliveryDetail['attempts'][number];

/** How many automatic retries a delivery may be given. */
const MAX_RETRIES = 20;

/** How many deliveries the log keeps; the oldest is dropped beyond it (its pending retry with it), so a long-running sandbox stays small. */
const DELIVERIES_KEPT = 10_000;

/** The default automatic retries: short, for a test server. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [250, 1000, 4000];

interface LoggedDelivery {
  readonly id: string;
  /** The stored webhook itself, which rotation and updates change in place: each attempt uses its current key and URL. */
  readonly webhook: VersionedWebhookWithKey;
  readonly eventType: SandboxEventType;
  readonly createdAt: string;
  readonly requestBody: SimulatedEvent;
  readonly attempts: Attempt[];
  status: WebhookDelivery['status'];
  nextAttemptAt: string | null;
  /** Automatic attempts made so far. */
  scheduled: number;
  timer: NodeJS.Timeout | undefined;
}

export interface VersionedDeliveriesOptions {
  readonly store: Store;
  /** How long a receiver has to answer. */
  readonly timeoutMs: number;
  /** Milliseconds to wait before each automatic retry; its length is how many there are. */
  readonly retryDelaysMs: readonly number[];
  /** Called with every attempt, as `stats.deliveries` records it. */
  readonly record: (delivery: WebhookDeliveryRecord) => void;
}

/** `retryDelaysMs` as given, or a `ValidationError` naming the entry that is not a wait a timer can honour. */
export function checkRetryDelays(delays: unknown): readonly number[] {
  const issue = (value: unknown, message: string) => new ValidationError([{ field: 'webhookRetryDelays', value, rule: 'type', message: `${describeValue(value)} ${message}` }]);
  if (!Array.isArray(delays)) throw issue(delays, 'must be a list of milliseconds');
  if (delays.length > MAX_RETRIES) throw issue(delays, `must have at most ${MAX_RETRIES} entries`);
  for (const delay of delays) {
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY_MS) {
      throw issue(delay, `must be milliseconds from 0 to ${MAX_DELAY_MS}`);
    }
  }
  return [...delays];
}

export class VersionedDeliveries {
  /** Oldest first. */
  private log: LoggedDelivery[] = [];
  private readonly closing = new AbortController();

  constructor(private readonly options: VersionedDeliveriesOptions) {}

  /** Sends the event to every versioned webhook subscribed to it; resolves when each first attempt has finished. */
  deliverEvent(event: EventPayloads): Promise<WebhookDeliveryRecord[]> {
    const payload = event.payload('standard-webhooks');
    const subscribed = this.options.store.versionedWebhooks.filter((webhook) => subscribes(webhook, event));
    return Promise.all(subscribed.map((webhook) => this.send(webhook, payload)));
  }

  /** Logs a delivery of `payload` to the webhook and makes its first attempt, resolving when that has finished. */
  send(webhook: VersionedWebhookWithKey, payload: SimulatedEvent): Promise<WebhookDeliveryRecord> {
    const delivery: LoggedDelivery = {
      // One id per event and webhook, kept across attempts: the `webhook-id` header receivers deduplicate by.
      id: `msg_${payload.id}${webhook.id}`,
      webhook,
      eventType: payload.type,
      createdAt: new Date().toISOString(),
      requestBody: payload,
      attempts: [],
      status: 'sending',
      nextAttemptAt: null,
      scheduled: 0,
      timer: undefined,
    };
    this.log.push(delivery);
    if (this.log.length > DELIVERIES_KEPT) clearTimeout(this.log.shift()!.timer);
    return this.attempt(delivery, 'scheduled');
  }

  /** The webhook's deliveries, newest first, filtered as `listHeaderVersionedWebhookDeliveries` documents. */
  list(webhookId: string, query: QueryParams<'listHeaderVersionedWebhookDeliveries'>): WebhookDelivery[] {
    return this.log
      .filter(
        (d) =>
          d.webhook.id === webhookId &&
          (query.status === undefined || d.status === query.status) &&
          (query.eventType === undefined || d.eventType === query.eventType) &&
          (query.eventTypes === undefined || (query.eventTypes as readonly string[]).includes(d.eventType)) &&
          within(d.createdAt, query['createdAt[gt]'] ?? query.createdAfter, query['createdAt[lt]'] ?? query.createdBefore),
      )
      .reverse()
      .map(({ id, eventType, status, nextAttemptAt, createdAt }) => ({ id, eventType, status, nextAttemptAt, createdAt }));
  }

  /** One delivery with its payload and attempts, or `undefined` when the webhook has none by that id. */
  get(webhookId: string, deliveryId: string): WebhookDeliveryDetail | undefined {
    const delivery = this.find(webhookId, deliveryId);
    if (!delivery) return undefined;
    const { id, eventType, createdAt, requestBody, attempts } = delivery;
    return structuredClone({ id, eventType, createdAt, requestBody, attempts });
  }

  /** Tries the delivery again now, whatever its status; `false` when the webhook has no delivery by that id. */
  retry(webhookId: string, deliveryId: string): boolean {
    const delivery = this.find(webhookId, deliveryId);
    if (!delivery) return false;
    void this.attempt(delivery, 'manual');
    return true;
  }

  /** Forgets a deleted webhook's deliveries and cancels their retries, so a later webhook given the same id starts with an empty log. */
  forget(webhookId: string): void {
    for (const delivery of this.log) if (delivery.webhook.id === webhookId) clearTimeout(delivery.timer);
    this.log = this.log.filter((d) => d.webhook.id !== webhookId);
  }

  /** Forgets every delivery and cancels their pending retries. */
  reset(): void {
    for (const delivery of this.log) clearTimeout(delivery.timer);
    this.log = [];
  }

  /** Cancels pending retries and aborts attempts in flight; nothing is scheduled afterwards. */
  close(): void {
    this.closing.abort();
    this.reset();
  }

  private find(webhookId: string, deliveryId: string): LoggedDelivery | undefined {
    return this.log.find((d) => d.webhook.id === webhookId && d.id === deliveryId);
  }

  /**
   * POSTs the payload, signed with the webhook's key at the time (so a
   * rotation applies to the next attempt), and logs the answer. A failed
   * automatic attempt schedules the next one while retry delays remain.
   */
  private async attempt(delivery: LoggedDelivery, triggerType: Attempt['triggerType']): Promise<WebhookDeliveryRecord> {
    const { webhook } = delivery;
    const { url } = webhook;
    if (triggerType === 'scheduled') delivery.scheduled += 1;
    // A manual attempt replaces a pending automatic one; if it fails, `settle` schedules the next.
    clearTimeout(delivery.timer);
    delivery.timer = undefined;
    delivery.status = 'sending';
    delivery.nextAttemptAt = null;
    const timestamp = new Date().toISOString();
    const outcome = await postSigned({ url, key: webhook.key, scheme: 'standard-webhooks', deliveryId: delivery.id }, delivery.requestBody, this.options.timeoutMs, this.closing.signal);
    const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    delivery.attempts.push({
      id: `atmpt_${delivery.id.slice('msg_'.length)}${delivery.attempts.length + 1}`,
      timestamp,
      status: succeeded ? 'success' : 'failed',
      // The schema wants a number: 0 stands for "no answer", and the body then says why.
      responseStatusCode: outcome.status ?? 0,
      responseBody: outcome.error ?? outcome.responseBody,
      responseDurationMs: Math.round(outcome.durationMs),
      triggerType,
      url,
    });
    this.settle(delivery, succeeded);
    const record = { webhookId: webhook.id, url, eventId: delivery.requestBody.id, eventType: delivery.eventType, scheme: 'standard-webhooks', status: outcome.status, error: outcome.error } as const;
    this.options.record(record);
    return record;
  }

  /** After an attempt: done on success; otherwise the next automatic retry, if any remain, or `failed`. */
  private settle(delivery: LoggedDelivery, succeeded: boolean): void {
    const delay = this.options.retryDelaysMs[delivery.scheduled - 1];
    // A delivery dropped meanwhile (by `reset`, `close` or the webhook's deletion) is never scheduled again.
    const live = !this.closing.signal.aborted && this.log.includes(delivery);
    if (succeeded || delay === undefined || !live) {
      delivery.status = succeeded ? 'success' : 'failed';
      return;
    }
    delivery.status = 'pending';
    delivery.nextAttemptAt = new Date(Date.now() + delay).toISOString();
    delivery.timer = setTimeout(() => void this.attempt(delivery, 'scheduled'), delay);
  }
}
