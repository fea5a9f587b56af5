/**
 * Receiving OpenPhone webhooks in a fetch-style runtime: Cloudflare Workers,
 * Deno, Bun or a Next.js route handler. `request.arrayBuffer()` gives the raw
 * body, so there is no parser to get in the way.
 * In an application, the import is 'openphone-sdk/webhooks'.
 *
 * The same handler plugs in elsewhere:
 *   Deno:     Deno.serve(createOpenPhoneHandler(Deno.env.get('OPENPHONE_WEBHOOK_SECRET')!))
 *   Bun:      Bun.serve({ fetch: createOpenPhoneHandler(Bun.env.OPENPHONE_WEBHOOK_SECRET!) })
 *   Next.js:  app/webhooks/openphone/route.ts:
 *             export const POST = createOpenPhoneHandler(process.env.OPENPHONE_WEBHOOK_SECRET!);
 */
import { createWebhookHandler } from '../../src/webhooks/index.js';

export function createOpenPhoneHandler(secret: string | string[], log: (line: string) => void = console.log) {
  return createWebhookHandler({
    secret,
    // Only Standard Webhooks deliveries (webhooks created with the versioned API) are accepted here.
    scheme: 'standard-webhooks',
    on: {
      'message.received': (event, { deliveryId }) => {
        // deliveryId stays the same across retries: record it to skip duplicates.
        log(`[${deliveryId}] Message from ${event.data.context.senderIdentifier}: ${event.data.resource.text}`);
      },
      'call.completed': (event) => {
        log(`Call ${event.data.resource.id} ended (${event.data.resource.status})`);
      },
      'call.transcript.completed': (event) => {
        const lines = event.data.resource.dialogue ?? [];
        log(`Transcript of ${event.data.resource.callId}: ${lines.length} lines`);
      },
    },
    onUnknownEvent: (event) => log(`Ignoring ${event.type}`),
    onVerificationFailure: (error) => log(`Refused a webhook: ${error.reason}`),
  });
}

interface Env {
  readonly OPENPHONE_WEBHOOK_SECRET: string;
}

/** Cloudflare Workers: the secret is a binding (`wrangler secret put OPENPHONE_WEBHOOK_SECRET`). */
export default {
  fetch(request: Request, env: Env): Promise<Response> {
    return createOpenPhoneHandler(env.OPENPHONE_WEBHOOK_SECRET)(request);
  },
};
