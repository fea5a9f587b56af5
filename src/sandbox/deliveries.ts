import { linkSignals } from '../transport/signals.js';
import type { Webhook } from '../types.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import { signWebhook } from '../webhooks/sign.js';
import type { EventPayloads, SimulatedEventType } from './events.js';
import type { Store } from './store.js';

/** One POST of an event to a webhook, as `stats.deliveries` records it. */
export interface WebhookDeliveryRecord {
  readonly webhookId: string;
  readonly url: string;
  readonly eventId: string;
  readonly eventType: SimulatedEventType;
  readonly scheme: WebhookScheme;
  /** The receiver's HTTP status; `null` when it never answered. */
  readonly status: number | null;
  /** Why there was no answer (refused, reset, timed out); `null` when there was one. */
  readonly error: string | null;
}

export interface DispatcherOptions {
  readonly store: Store;
  readonly scheme: WebhookScheme;
  /** How long a receiver has to answer. */
  readonly timeoutMs: number;
  readonly record: (delivery: WebhookDeliveryRecord) => void;
}

/** Sends events to the webhooks subscribed to them, signed with each webhook's `key`. Deliveries are not retried. */
export class WebhookDispatcher {
  private readonly closing = new AbortController();

  constructor(private readonly options: DispatcherOptions) {}

  /** Enabled webhooks subscribed to the event's type, for all numbers (`*`) or for the event's number. */
  subscribers(event: EventPayloads): Webhook[] {
    return this.options.store.webhooks.filter((webhook) => {
      const resourceIds = webhook.resourceIds as readonly string[];
      return (
        webhook.status === 'enabled' &&
        (webhook.events as readonly string[]).includes(event.type) &&
        (resourceIds.includes('*') || resourceIds.includes(event.phoneNumberId))
      );
    });
  }

  /** Delivers to every subscriber at once; resolves when each has answered or failed. */
  deliver(event: EventPayloads): Promise<WebhookDeliveryRecord[]> {
    return Promise.all(this.subscribers(event).map((webhook) => this.post(webhook, event)));
  }

  /** Aborts deliveries in flight. */
  close(): void {
    this.closing.abort();
  }

  private async post(webhook: Webhook, event: EventPayloads): Promise<WebhookDeliveryRecord> {
    const { scheme, timeoutMs } = this.options;
    const payload = event.payload(scheme);
    // Signed with the real clock: receivers check the timestamp against theirs.
    const signed = await signWebhook(payload, webhook.key, scheme, { id: `msg_${payload.id}${webhook.id}` });
    let status: number | null = null;
    let error: string | null = null;
    const signal = linkSignals(AbortSignal.timeout(timeoutMs), this.closing.signal);
    try {
      const response = await fetch(webhook.url, { method: 'POST', headers: signed.headers, body: signed.body, signal: signal.signal });
      status = response.status;
      await response.body?.cancel();
    } catch (failure) {
      error = this.closing.signal.aborted ? 'the sandbox closed' : describeFailure(failure, timeoutMs);
    } finally {
      signal.dispose();
    }
    const delivery = { webhookId: webhook.id, url: webhook.url, eventId: payload.id, eventType: event.type, scheme, status, error };
    this.options.record(delivery);
    return delivery;
  }
}

function describeFailure(failure: unknown, timeoutMs: number): string {
  if (failure instanceof Error && failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = failure instanceof Error ? (failure.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? String(failure);
}
