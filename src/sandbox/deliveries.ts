import { linkSignals } from '../internal/transport/signals.js';
import type { Webhook, WebhookEventType } from '../internal/types.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import { signWebhook } from '../webhooks/sign.js';
import type { EventPayloads, SimulatedEvent } from './events.js';
import type { Store } from './store.js';
import type { VersionedDeliveries } from './versioned-deliveries.js';

/** One POST of an event to a webhook, as `stats.deliveries` records it. */
export interface WebhookDeliveryRecord {
  readonly webhookId: string;
  readonly url: string;
  readonly eventId: string;
  readonly eventType: WebhookEventType;
  readonly scheme: WebhookScheme;
  /** The receiver's HTTP status; `null` when it never answered. */
  readonly status: number | null;
  /** Why there was no answer (refused, reset, timed out); `null` when there was one. */
  readonly error: string | null;
}

/** How one POST went: the receiver's status and the start of its body, or why it never answered. */
export interface PostOutcome {
  readonly status: number | null;
  readonly error: string | null;
  /** At most `RESPONSE_BODY_KEPT` characters of what the receiver answered. */
  readonly responseBody: string;
  readonly durationMs: number;
}

/** How much of a receiver's answer a delivery log keeps. */
export const RESPONSE_BODY_KEPT = 1024;

/** The webhook subscribes to the event: enabled, lists its type, and covers all numbers (`*`) or the event's number. */
export function subscribes(
  webhook: { readonly status: string; readonly events: readonly string[]; readonly resourceIds: readonly string[] },
  event: Pick<EventPayloads, 'type' | 'phoneNumberId'>,
): boolean {
  return (
    webhook.status === 'enabled' && webhook.events.includes(event.type) && (webhook.resourceIds.includes('*') || (event.phoneNumberId !== null && webhook.resourceIds.includes(event.phoneNumberId)))
  );
}

/**
 * Signs `payload` with `key` and POSTs it to `url`. Never throws: a receiver
 * that refuses, resets or outlasts `timeoutMs` is an outcome with an `error`.
 */
export async function postSigned(
  target: { readonly url: string; readonly key: string; readonly scheme: WebhookScheme; readonly deliveryId: string },
  payload: SimulatedEvent,
  timeoutMs: number,
  closing: AbortSignal,
): Promise<PostOutcome> {
  // Signed with the real clock: receivers check the timestamp against theirs.
  const signed = await signWebhook(payload, target.key, target.scheme, { id: target.deliveryId });
  const started = performance.now();
  const signal = linkSignals(AbortSignal.timeout(timeoutMs), closing);
  try {
    const response = await fetch(target.url, { method: 'POST', headers: signed.headers, body: signed.body, signal: signal.signal });
    const responseBody = await readStart(response);
    return { status: response.status, error: null, responseBody, durationMs: performance.now() - started };
  } catch (failure) {
    const error = closing.aborted ? 'the sandbox closed' : describeFailure(failure, timeoutMs);
    return { status: null, error, responseBody: '', durationMs: performance.now() - started };
  } finally {
    signal.dispose();
  }
}

/** The first `RESPONSE_BODY_KEPT` characters of the body; the rest is never read, so a huge answer costs nothing. */
async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_BODY_KEPT) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, RESPONSE_BODY_KEPT);
}

export interface DispatcherOptions {
  readonly store: Store;
  readonly scheme: WebhookScheme;
  /** How long a receiver has to answer. */
  readonly timeoutMs: number;
  readonly record: (delivery: WebhookDeliveryRecord) => void;
  /** Delivers to the dated API's webhooks, with their log and retries. */
  readonly versioned: VersionedDeliveries;
}

/**
 * Sends events to the webhooks subscribed to them, signed with each webhook's
 * `key`: v1 webhooks once each, in the sandbox's scheme; versioned webhooks
 * through their delivery log, which retries.
 */
export class WebhookDispatcher {
  private readonly closing = new AbortController();

  constructor(private readonly options: DispatcherOptions) {}

  /**
   * Delivers to every subscriber at once; resolves when each has answered or
   * failed its first attempt. v1 webhooks signed with the legacy scheme get
   * only the event types that have a legacy envelope.
   */
  async deliver(event: EventPayloads): Promise<WebhookDeliveryRecord[]> {
    const receivesType = event.legacy || this.options.scheme === 'standard-webhooks';
    const subscribed = receivesType ? this.options.store.webhooks.filter((webhook) => subscribes(webhook, event)) : [];
    const legacy = subscribed.map((webhook) => this.post(webhook, event));
    const [legacyDeliveries, versionedDeliveries] = await Promise.all([Promise.all(legacy), this.options.versioned.deliverEvent(event)]);
    return [...legacyDeliveries, ...versionedDeliveries];
  }

  /** Aborts deliveries in flight. */
  close(): void {
    this.closing.abort();
  }

  private async post(webhook: Webhook, event: EventPayloads): Promise<WebhookDeliveryRecord> {
    const { scheme, timeoutMs } = this.options;
    const payload = event.payload(scheme);
    const outcome = await postSigned({ url: webhook.url, key: webhook.key, scheme, deliveryId: `msg_${payload.id}${webhook.id}` }, payload, timeoutMs, this.closing.signal);
    const delivery = { webhookId: webhook.id, url: webhook.url, eventId: payload.id, eventType: event.type, scheme, status: outcome.status, error: outcome.error };
    this.options.record(delivery);
    return delivery;
  }
}

function describeFailure(failure: unknown, timeoutMs: number): string {
  if (failure instanceof Error && failure.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = failure instanceof Error ? (failure.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? String(failure);
}
