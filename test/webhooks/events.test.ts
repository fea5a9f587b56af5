import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { hasLiveReference, liveReferencePath } from '../helpers/shared-specs.js';
import type { WebhookVerificationError } from '../../src/webhooks/errors.js';
import type { LegacyMessage } from '../../src/webhooks/events-legacy.js';
import type { CallCompletedResource } from '../../src/webhooks/events-versioned.js';
import { parseEvent, type UnknownWebhookEvent } from '../../src/webhooks/events.js';
import { callCompleted, contactUpdated, legacyCallCompleted, legacyCallTranscriptCompleted, legacyMessageReceived, messageReceived, taskAssigned, unknownTypeEvent } from './fixtures.js';

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function refusal(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    return error as WebhookVerificationError;
  }
  throw new Error('expected a refusal');
}

describe('parseEvent', () => {
  it.each([legacyMessageReceived, legacyCallCompleted, legacyCallTranscriptCompleted])('recognises the legacy $type payload', (payload) => {
    const parsed = parseEvent(bytes(payload), 'openphone-signature');

    expect(parsed.known).toBe(true);
    expect(parsed.event).toEqual(payload);
  });

  it.each([messageReceived, callCompleted, contactUpdated, taskAssigned])('recognises the versioned $type payload', (payload) => {
    const parsed = parseEvent(bytes(payload), 'standard-webhooks');

    expect(parsed.known).toBe(true);
    expect(parsed.event).toEqual(payload);
  });

  it('parses a type it does not describe as an unknown event instead of refusing it', () => {
    const parsed = parseEvent(bytes(unknownTypeEvent), 'standard-webhooks');

    expect(parsed).toEqual({ known: false, event: unknownTypeEvent });
  });

  it('treats a versioned-only type arriving with a legacy signature as unknown', () => {
    const voicemail = { ...unknownTypeEvent, type: 'call.voicemail.completed', object: 'event', data: { object: {} } };

    expect(parseEvent(bytes(voicemail), 'openphone-signature').known).toBe(false);
  });

  it('treats a known type without the container its scheme documents as unknown', () => {
    expect(parseEvent(bytes(legacyMessageReceived), 'standard-webhooks').known).toBe(false);
    expect(parseEvent(bytes(messageReceived), 'openphone-signature').known).toBe(false);
  });

  it('keeps the bytes exactly: unicode and fields the types do not list survive', () => {
    const payload = { ...messageReceived, extra: { nested: [1, 2] }, data: { ...messageReceived.data, note: 'café 🚀' } };

    expect(parseEvent(bytes(payload), 'standard-webhooks').event).toEqual(payload);
  });

  it.each([
    ['not JSON', bytes('{"id":'), 'not UTF-8 JSON'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'not UTF-8 JSON'],
    ['a JSON array', bytes([messageReceived]), 'string `id` and `type`'],
    ['JSON null', bytes('null'), 'string `id` and `type`'],
    ['an event without a type', bytes({ ...messageReceived, type: undefined }), 'string `id` and `type`'],
    ['an event with a numeric id', bytes({ ...messageReceived, id: 42 }), 'string `id` and `type`'],
    ['an event whose data is a string', bytes({ ...messageReceived, data: 'x' }), '`data` is not an object'],
  ])('refuses %s as a malformed payload', (_label, body, message) => {
    const error = refusal(() => parseEvent(body, 'standard-webhooks'));

    expect(error.reason).toBe('malformed_payload');
    expect(error.scheme).toBe('standard-webhooks');
    expect(error.message).toContain(message);
  });
});

describe.skipIf(!hasLiveReference)('the event types Quo documents', () => {
  const reference = hasLiveReference ? (JSON.parse(readFileSync(liveReferencePath, 'utf8')) as { webhookEvents: Record<string, string[]> }).webhookEvents : {};
  const schemes = { v1: 'openphone-signature', '2026-03-30': 'standard-webhooks' } as const;

  it.each(Object.entries(schemes))('on %s are each described, so each reaches its own callback', (surface, scheme) => {
    const types = reference[surface] ?? [];
    expect(types.length).toBeGreaterThan(0);
    const container = scheme === 'standard-webhooks' ? { resource: {} } : { object: {} };
    const unknown = types.filter((type) => !parseEvent(bytes({ id: 'EV1', type, data: container }), scheme).known);
    expect(unknown).toEqual([]);
  });
});

describe('event types', () => {
  it('narrow to the documented payload on each type', () => {
    const parsed = parseEvent(bytes(callCompleted), 'standard-webhooks');
    if (!parsed.known) throw new Error('expected a known event');
    const { event } = parsed;

    switch (event.type) {
      case 'call.completed':
        expectTypeOf(event.data.resource).toEqualTypeOf<CallCompletedResource>();
        expectTypeOf(event.data.context.participants.resolution).toEqualTypeOf<'available' | 'unavailable'>();
        break;
      case 'message.failed':
        expectTypeOf(event.data.resource.text).toEqualTypeOf<string>();
        expectTypeOf(event.data.resource.errorCode).toEqualTypeOf<string | null>();
        break;
      case 'task.assigned':
        expectTypeOf(event.data.resource.assignedTo).toEqualTypeOf<string>();
        expectTypeOf(event.data.context.actorId).toEqualTypeOf<string>();
        break;
      case 'call.menu.selected':
        expectTypeOf(event.data.resource.phoneMenuSelection).toEqualTypeOf<string | null>();
        break;
      default:
        expectTypeOf(event.type).not.toEqualTypeOf<'call.completed'>();
    }
  });

  it('give legacy events their data.object and unknown events a loose shape', () => {
    const legacy = parseEvent(bytes(legacyMessageReceived), 'openphone-signature');
    if (legacy.known && legacy.event.type === 'message.received') {
      expectTypeOf(legacy.event.data.object).toEqualTypeOf<LegacyMessage>();
    }
    const unknown = parseEvent(bytes(unknownTypeEvent), 'standard-webhooks');
    if (!unknown.known) expectTypeOf(unknown.event).toEqualTypeOf<UnknownWebhookEvent>();
  });
});
