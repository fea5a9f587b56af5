import type { WebhookSecret } from './crypto.js';
import { WebhookVerificationError, type WebhookScheme, type WebhookVerificationFailure } from './errors.js';
import type { UnknownWebhookEvent, WebhookEventFor } from './events.js';
import { verifyWebhook, type VerifyWebhookOptions, type WebhookDelivery } from './verify.js';

/** What a handler gets besides the event: the delivery's provenance and the request it came in. */
export type WebhookHandlerContext<Scheme extends WebhookScheme = WebhookScheme> = WebhookDelivery<Scheme> & {
  readonly request: Request;
};

/** One optional callback per event type, each given that type's payload. */
export type WebhookEventHandlers<Scheme extends WebhookScheme = WebhookScheme> = {
  readonly [Type in WebhookEventFor<Scheme>['type']]?: (
    event: Extract<WebhookEventFor<Scheme>, { readonly type: Type }>,
    context: WebhookHandlerContext<Scheme>,
  ) => unknown;
};

export interface WebhookHandlerOptions<Scheme extends WebhookScheme = WebhookScheme> extends VerifyWebhookOptions<Scheme> {
  /** The signing secret, or several while rotating. */
  readonly secret: WebhookSecret;
  /** Callbacks by event type. Events without one are acknowledged and dropped. */
  readonly on?: WebhookEventHandlers<Scheme>;
  /** Called for verified events of a type this SDK does not describe. Without it they are acknowledged and dropped. */
  readonly onUnknownEvent?: (event: UnknownWebhookEvent, context: WebhookHandlerContext<Scheme>) => unknown;
  /** Called with every refused request, e.g. to log `error.reason`; the response is sent either way. */
  readonly onVerificationFailure?: (error: WebhookVerificationError, request: Request) => void;
}

const REFUSAL_STATUS: Readonly<Record<WebhookVerificationFailure, 400 | 401 | 500>> = {
  missing_header: 400,
  malformed_header: 400,
  unsupported_signature_version: 400,
  malformed_payload: 400,
  invalid_body_type: 400,
  timestamp_out_of_range: 401,
  signature_mismatch: 401,
  invalid_secret: 500,
  invalid_options: 500,
};

type AnyEventHandler = (event: unknown, context: WebhookHandlerContext) => unknown;

/**
 * The HTTP status to answer a refused webhook with, for receivers that build
 * their own response: 400 for a malformed request, 401 for one that is not
 * authentic, and 500 when the receiver's secret or options are broken, so
 * OpenPhone keeps retrying until that is fixed instead of the events being lost.
 */
export function refusalStatus(error: WebhookVerificationError): 400 | 401 | 500 {
  return REFUSAL_STATUS[error.reason] ?? 400;
}

/**
 * A webhook endpoint for any runtime with fetch's `Request` and `Response`
 * (Cloudflare Workers, Deno, Bun, Next.js route handlers). It reads the raw
 * body, verifies it, runs the callback for the event's type and answers:
 *
 * - 204 once the callback has finished (OpenPhone treats any 2xx as delivered);
 * - 400 or 401 with `{"error": "<reason>"}` for a refused request (no secret or
 *   signature is ever echoed), 500 when the secret or options are invalid;
 * - 405 for anything but POST.
 *
 * An error thrown by a callback propagates, so the runtime answers 500 and
 * OpenPhone retries the delivery.
 */
export function createWebhookHandler<Scheme extends WebhookScheme = WebhookScheme>(
  options: WebhookHandlerOptions<Scheme>,
): (request: Request) => Promise<Response> {
  const handlers = (options.on ?? {}) as Readonly<Record<string, AnyEventHandler | undefined>>;
  const onUnknownEvent = options.onUnknownEvent as AnyEventHandler | undefined;

  return async (request) => {
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
    let verified;
    try {
      const body = new Uint8Array(await request.arrayBuffer());
      verified = await verifyWebhook(body, request.headers, options.secret, options);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      options.onVerificationFailure?.(error, request);
      return Response.json({ error: error.reason }, { status: refusalStatus(error) });
    }
    const { scheme, deliveryId, signedAt, event } = verified;
    const context = { scheme, deliveryId, signedAt, request } as WebhookHandlerContext;
    const handler = verified.known ? handlers[event.type] : onUnknownEvent;
    await handler?.(event, context);
    return new Response(null, { status: 204 });
  };
}
