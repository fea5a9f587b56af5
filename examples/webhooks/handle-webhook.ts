/**
 * What a receiver does with a verified webhook, shared by the Node http and
 * Express examples. In an application, import from 'openphone-sdk/webhooks'.
 */
import type { VerifiedWebhook } from '../../src/webhooks/index.js';

export async function handleWebhook(webhook: VerifiedWebhook, log: (line: string) => void = console.log): Promise<void> {
  if (!webhook.known) {
    // A type this SDK version does not describe yet: acknowledge it so OpenPhone does not retry.
    log(`Ignoring ${webhook.event.type}`);
    return;
  }
  if (webhook.scheme === 'standard-webhooks') {
    // webhook.deliveryId stays the same across retries: record it to skip duplicates.
    const { event } = webhook;
    switch (event.type) {
      case 'message.received':
        log(`Message from ${event.data.context.senderIdentifier}: ${event.data.resource.text}`);
        break;
      case 'call.completed':
        log(`Call ${event.data.resource.id} ended (${event.data.resource.status}) after ${event.data.resource.duration ?? 0}s`);
        break;
      case 'call.summary.completed':
        log(`Summary of ${event.data.resource.callId}: ${(event.data.resource.summary ?? []).join(' ')}`);
        break;
      default:
        log(`Received ${event.type}`);
    }
    return;
  }
  // Legacy webhooks (created in the OpenPhone app or with /v1/webhooks) carry data.object.
  const { event } = webhook;
  switch (event.type) {
    case 'message.received':
      log(`Message from ${event.data.object.from}: ${event.data.object.text ?? event.data.object.body ?? ''}`);
      break;
    case 'call.completed':
      log(`Call ${event.data.object.id} ended (${event.data.object.status})`);
      break;
    default:
      log(`Received ${event.type}`);
  }
}
