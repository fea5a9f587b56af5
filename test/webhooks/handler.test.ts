import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  createWebhookHandler,
  refusalStatus,
  signWebhook,
  WebhookVerificationError,
  type LegacyMessage,
  type MessageResource,
  type WebhookHandlerContext,
  type WebhookScheme,
} from '../../src/webhooks/index.js';
import { callCompleted, legacyCallTranscriptCompleted, legacyMessageReceived, messageReceived, taskAssigned, unknownTypeEvent } from './fixtures.js';
import { validationIssues } from '../helpers/validation-issues.js';
import { withThrowingGetter } from '../helpers/throwing-getter.js';
import { LEGACY_KEY, WHSEC } from './support.js';

const ENDPOINT = 'https://example.com/webhooks/openphone';

async function delivery(payload: unknown, scheme: WebhookScheme = 'standard-webhooks', secret = WHSEC): Promise<Request> {
  const { body, headers } = await signWebhook(payload, secret, scheme);
  return new Request(ENDPOINT, { method: 'POST', body, headers });
}

describe('createWebhookHandler', () => {
  it('runs the callback for the event type with the event and its delivery, then answers 204', async () => {
    const onMessage = vi.fn();
    const onCall = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage, 'call.completed': onCall } });
    const request = await delivery(messageReceived);

    const response = await handle(request);

    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(onCall).not.toHaveBeenCalled();
    expect(onMessage).toHaveBeenCalledOnce();
    const [event, context] = onMessage.mock.calls[0] as [unknown, WebhookHandlerContext];
    expect(event).toEqual(messageReceived);
    expect(context.scheme).toBe('standard-webhooks');
    expect(context.deliveryId).toBe(request.headers.get('webhook-id'));
    expect(context.signedAt).toBeInstanceOf(Date);
    expect(context.request).toBe(request);
  });

  it('answers only after an asynchronous callback has finished', async () => {
    const steps: string[] = [];
    const handle = createWebhookHandler({
      secret: WHSEC,
      on: {
        'call.completed': async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          steps.push('callback done');
        },
      },
    });

    await handle(await delivery(callCompleted));
    steps.push('answered');

    expect(steps).toEqual(['callback done', 'answered']);
  });

  it('hands a task event to its own callback, typed', async () => {
    const assigned: string[] = [];
    const handle = createWebhookHandler({
      secret: WHSEC,
      on: { 'task.assigned': (event) => void assigned.push(`${event.data.resource.assignedTo} by ${event.data.context.actorId}`) },
    });

    expect((await handle(await delivery(taskAssigned))).status).toBe(204);
    expect(assigned).toEqual(['USagent002 by USowner01']);
  });

  it('hands unknown types and known types without their documented container to onUnknownEvent', async () => {
    const onUnknownEvent = vi.fn();
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage }, onUnknownEvent });
    const withoutResource = { ...messageReceived, id: 'EVshape01', data: { text: 'Running late' } };

    expect((await handle(await delivery(unknownTypeEvent))).status).toBe(204);
    expect((await handle(await delivery(withoutResource))).status).toBe(204);

    expect(onMessage).not.toHaveBeenCalled();
    expect(onUnknownEvent.mock.calls.map(([event]) => event)).toEqual([unknownTypeEvent, withoutResource]);
  });

  describe('never acknowledges an event no callback saw', () => {
    async function unhandled(response: Response, type: string): Promise<void> {
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: 'unhandled_event', type });
    }

    it('answers 422 to a known type without a callback', async () => {
      const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': vi.fn() } });

      await unhandled(await handle(await delivery(callCompleted)), 'call.completed');
    });

    it('answers 422 to an unknown type, or a known type without its container, when onUnknownEvent is absent', async () => {
      const onMessage = vi.fn();
      const handle = createWebhookHandler({ secret: [WHSEC, LEGACY_KEY], on: { 'message.received': onMessage } });
      const legacyWithoutObject = { ...legacyMessageReceived, id: 'EVshape02', data: { text: 'hi' } };

      await unhandled(await handle(await delivery(unknownTypeEvent)), 'invoice.paid');
      await unhandled(await handle(await delivery({ ...messageReceived, data: {} })), 'message.received');
      await unhandled(await handle(await delivery(legacyWithoutObject, 'openphone-signature', LEGACY_KEY)), 'message.received');
      expect(onMessage).not.toHaveBeenCalled();
    });

    it('delivers the legacy callSummary and callTranscript types to the summary and transcript callbacks', async () => {
      const onSummary = vi.fn();
      const onTranscript = vi.fn();
      const handle = createWebhookHandler({
        secret: LEGACY_KEY,
        scheme: 'openphone-signature',
        on: { 'call.summary.completed': onSummary, 'call.transcript.completed': onTranscript },
      });
      const summary = {
        ...legacyCallTranscriptCompleted,
        id: 'EValias01',
        type: 'callSummary',
        data: { object: { callId: 'AC1', object: 'callSummary', status: 'completed', summary: ['Order'], nextSteps: [] } },
      };
      const transcript = { ...legacyCallTranscriptCompleted, id: 'EValias02', type: 'callTranscript' };

      expect((await handle(await delivery(summary, 'openphone-signature', LEGACY_KEY))).status).toBe(204);
      expect((await handle(await delivery(transcript, 'openphone-signature', LEGACY_KEY))).status).toBe(204);

      expect(onSummary).toHaveBeenCalledOnce();
      expect(onSummary.mock.calls[0]?.[0]).toEqual({ ...summary, type: 'call.summary.completed' });
      expect(onTranscript.mock.calls[0]?.[0]).toEqual({ ...transcript, type: 'call.transcript.completed' });
    });
  });

  it('serves legacy deliveries too', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: [WHSEC, LEGACY_KEY], on: { 'message.received': onMessage } });

    const response = await handle(await delivery(legacyMessageReceived, 'openphone-signature', LEGACY_KEY));

    expect(response.status).toBe(204);
    expect(onMessage).toHaveBeenCalledWith(legacyMessageReceived, expect.objectContaining({ scheme: 'openphone-signature' }));
  });

  describe('refusals', () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage } });

    async function refused(request: Request, status: number, reason: string): Promise<string> {
      const response = await handle(request);
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(JSON.parse(text)).toEqual({ error: reason });
      return text;
    }

    it('answers 400 to a request without a signature', async () => {
      const request = new Request(ENDPOINT, { method: 'POST', body: JSON.stringify(messageReceived) });

      await refused(request, 400, 'missing_header');
    });

    it('answers 401 to a tampered body and to a stale delivery, echoing neither secret nor signature', async () => {
      const { body, headers } = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
      const tampered = body.replace('Running', 'Walking');
      const expected = (await signWebhook(tampered, WHSEC, 'standard-webhooks', { id: headers['webhook-id'] })).headers['webhook-signature'];

      const text = await refused(new Request(ENDPOINT, { method: 'POST', body: tampered, headers }), 401, 'signature_mismatch');
      expect(text).not.toContain(WHSEC.slice(6));
      expect(text).not.toContain(expected?.slice(3));
      expect(text).not.toContain(headers['webhook-signature']?.slice(3));

      const stale = await signWebhook(messageReceived, WHSEC, 'standard-webhooks', { timestamp: Date.now() - 600_000 });
      await refused(new Request(ENDPOINT, { method: 'POST', ...stale }), 401, 'timestamp_out_of_range');
      expect(onMessage).not.toHaveBeenCalled();
    });

    it('answers 400 to a signed body that is not an event', async () => {
      await refused(await delivery('not json'), 400, 'malformed_payload');
    });

    it('answers 500 when its own secret is invalid, so the sender retries once it is fixed', async () => {
      const misconfigured = createWebhookHandler({ secret: '' });

      const response = await misconfigured(await delivery(messageReceived));

      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'invalid_secret' });
    });

    it('answers 405 to anything but POST', async () => {
      const response = await handle(new Request(ENDPOINT, { method: 'GET' }));

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });

    it('reports each refusal to onVerificationFailure', async () => {
      const onVerificationFailure = vi.fn();
      const request = new Request(ENDPOINT, { method: 'POST', body: '{}' });

      await createWebhookHandler({ secret: WHSEC, onVerificationFailure })(request);

      expect(onVerificationFailure).toHaveBeenCalledWith(expect.any(WebhookVerificationError), request);
      expect(onVerificationFailure.mock.calls[0]?.[0]).toMatchObject({ reason: 'missing_header' });
    });

    it('accepts only the scheme it was pinned to', async () => {
      const pinned = createWebhookHandler({ secret: [WHSEC, LEGACY_KEY], scheme: 'standard-webhooks' });

      const response = await pinned(await delivery(legacyMessageReceived, 'openphone-signature', LEGACY_KEY));

      expect(response.status).toBe(400);
    });
  });

  it('lets an error thrown by a callback propagate, so the runtime answers 500 and the delivery is retried', async () => {
    const failure = new Error('database down');
    const handle = createWebhookHandler({
      secret: WHSEC,
      on: {
        'message.received': () => {
          throw failure;
        },
      },
    });

    await expect(handle(await delivery(messageReceived))).rejects.toBe(failure);
  });

  it('types each callback with its payload, narrowed further when the scheme is pinned', () => {
    createWebhookHandler({
      secret: WHSEC,
      scheme: 'standard-webhooks',
      on: {
        'message.received': (event, context) => {
          expectTypeOf(event.data.resource).toEqualTypeOf<MessageResource>();
          expectTypeOf(context.deliveryId).toEqualTypeOf<string>();
        },
      },
    });
    createWebhookHandler({
      secret: LEGACY_KEY,
      scheme: 'openphone-signature',
      on: {
        'message.received': (event, context) => {
          expectTypeOf(event.data.object).toEqualTypeOf<LegacyMessage>();
          expectTypeOf(context.deliveryId).toEqualTypeOf<undefined>();
        },
      },
    });
    createWebhookHandler({
      secret: WHSEC,
      on: {
        'message.received': (event) => {
          const text = 'resource' in event.data ? event.data.resource.text : event.data.object.text;
          expectTypeOf(text).toEqualTypeOf<string | undefined>();
        },
      },
    });
  });
});

describe('createWebhookHandler given options that are not what it takes', () => {
  it.each([null, 'whsec_x', 7, [WHSEC]])('refuses %j with a ValidationError naming options', (options) => {
    expect(validationIssues(() => createWebhookHandler(options as never))).toEqual([expect.objectContaining({ field: 'options', rule: 'type' })]);
  });

  it('refuses an option whose getter throws, naming it', () => {
    const options = withThrowingGetter('on', { secret: WHSEC });
    expect(validationIssues(() => createWebhookHandler(options))).toEqual([expect.objectContaining({ field: 'on', rule: 'readable' })]);
  });

  it.each([
    ['on', { on: 'message.received' }],
    ['on.message.received', { on: { 'message.received': 'log it' } }],
    ['onUnknownEvent', { onUnknownEvent: true }],
    ['onVerificationFailure', { onVerificationFailure: {} }],
  ])('refuses a callback option that is not a function, naming %s', (field, options) => {
    expect(validationIssues(() => createWebhookHandler({ secret: WHSEC, ...options } as never))).toEqual([expect.objectContaining({ field, rule: 'type' })]);
  });
});

describe('refusalStatus', () => {
  it('answers 500 for anything that is not a WebhookVerificationError: the receiver is broken, so the sender keeps retrying', () => {
    for (const value of [undefined, null, new Error('boom'), { reason: 'signature_mismatch' }, 'signature_mismatch']) {
      expect(refusalStatus(value as never)).toBe(500);
    }
  });

  it('answers the documented status for each reason', () => {
    expect(refusalStatus(new WebhookVerificationError('missing_header', 'no header'))).toBe(400);
    expect(refusalStatus(new WebhookVerificationError('signature_mismatch', 'bad'))).toBe(401);
    expect(refusalStatus(new WebhookVerificationError('invalid_secret', 'bad secret'))).toBe(500);
  });

  it('answers 400 for a reason it does not know, even one named like an Object property', () => {
    expect(refusalStatus(new WebhookVerificationError('constructor' as never, 'odd'))).toBe(400);
  });
});
