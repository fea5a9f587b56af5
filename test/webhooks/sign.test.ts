import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { signWebhook } from '../../src/webhooks/sign.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { legacyMessageReceived, messageReceived } from './fixtures.js';
import { LEGACY_KEY, OTHER_LEGACY_KEY, OTHER_WHSEC, WHSEC, expectRefusal, legacySignature } from './support.js';

const AT = new Date('2026-04-10T08:00:00.750Z');

describe('signWebhook', () => {
  it('signs Standard Webhooks deliveries exactly as the reference library does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^msg_[A-Za-z0-9]{1,32}$/),
        fc.jsonValue().filter((value) => typeof value !== 'string'),
        fc.date({ min: new Date('2001-09-09T01:46:40Z'), max: new Date('2286-11-20T17:46:39Z'), noInvalidDate: true }),
        async (id, payload, timestamp) => {
          const signed = await signWebhook(payload, WHSEC, 'standard-webhooks', { id, timestamp });

          expect(signed.body).toBe(JSON.stringify(payload));
          expect(signed.headers['webhook-id']).toBe(id);
          expect(signed.headers['webhook-timestamp']).toBe(String(Math.floor(timestamp.getTime() / 1000)));
          expect(signed.headers['webhook-signature']).toBe(new Webhook(WHSEC).sign(id, timestamp, signed.body));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('signs openphone-signature deliveries in milliseconds by default, or in seconds', async () => {
    const body = JSON.stringify(legacyMessageReceived);

    const inMs = await signWebhook(legacyMessageReceived, LEGACY_KEY, 'openphone-signature', { timestamp: AT });
    const inSeconds = await signWebhook(legacyMessageReceived, LEGACY_KEY, 'openphone-signature', {
      timestamp: AT.getTime(),
      legacyTimestampUnit: 'seconds',
    });

    expect(inMs.headers['openphone-signature']).toBe(legacySignature(LEGACY_KEY, AT.getTime(), body));
    expect(inSeconds.headers['openphone-signature']).toBe(legacySignature(LEGACY_KEY, Math.floor(AT.getTime() / 1000), body));
  });

  it.each(['standard-webhooks', 'openphone-signature'] as const)('produces a %s delivery that verifies and has a JSON content type', async (scheme) => {
    const event = scheme === 'standard-webhooks' ? messageReceived : legacyMessageReceived;
    const secret = scheme === 'standard-webhooks' ? WHSEC : LEGACY_KEY;

    const { body, headers } = await signWebhook(event, secret, scheme);

    expect(headers['content-type']).toBe('application/json');
    await expect(verifyWebhook(body, headers, secret)).resolves.toMatchObject({ scheme, known: true, event });
  });

  it('makes up a fresh delivery id and uses the current time by default', async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
    const second = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');

    expect(first.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(second.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
    expect(Number(first.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(Number(first.headers['webhook-timestamp'])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it('attaches one signature per secret, as during a rotation', async () => {
    const standard = await signWebhook(messageReceived, [WHSEC, OTHER_WHSEC], 'standard-webhooks', { timestamp: AT });
    const legacy = await signWebhook(legacyMessageReceived, [LEGACY_KEY, OTHER_LEGACY_KEY], 'openphone-signature', {
      timestamp: AT,
    });

    expect(standard.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(legacy.headers['openphone-signature']?.split(',')).toHaveLength(2);
    for (const secret of [WHSEC, OTHER_WHSEC]) {
      await expect(verifyWebhook(standard.body, standard.headers, secret, { now: AT })).resolves.toMatchObject({ scheme: 'standard-webhooks', event: messageReceived });
    }
    for (const secret of [LEGACY_KEY, OTHER_LEGACY_KEY]) {
      await expect(verifyWebhook(legacy.body, legacy.headers, secret, { now: AT })).resolves.toMatchObject({ scheme: 'openphone-signature', event: legacyMessageReceived });
    }
  });

  it('sends a string payload as it is and signs bytes as bytes', async () => {
    const text = ' {"spaced": true} ';
    const bytes = new TextEncoder().encode(JSON.stringify(messageReceived));

    const fromText = await signWebhook(text, WHSEC, 'standard-webhooks', { id: 'msg_1', timestamp: AT });
    const fromBytes = await signWebhook(bytes, WHSEC, 'standard-webhooks', { id: 'msg_1', timestamp: AT });

    expect(fromText.body).toBe(text);
    expect(fromText.headers['webhook-signature']).toBe(new Webhook(WHSEC).sign('msg_1', AT, text));
    expectTypeOf(fromBytes.body).toEqualTypeOf<Uint8Array>();
    expect(fromBytes.body).toEqual(bytes);
    await expect(verifyWebhook(fromBytes.body, fromBytes.headers, WHSEC, { now: AT })).resolves.toMatchObject({
      event: messageReceived,
    });
  });

  it('refuses an invalid secret, an invalid time and a payload JSON cannot represent', async () => {
    await expectRefusal(signWebhook(messageReceived, 'whsec_***', 'standard-webhooks'), 'invalid_secret');
    await expect(signWebhook(messageReceived, WHSEC, 'standard-webhooks', { timestamp: Number.NaN })).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [expect.objectContaining({ field: 'timestamp', value: Number.NaN })],
    });
    await expect(signWebhook(undefined, WHSEC, 'standard-webhooks')).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'payload', message: 'cannot be serialized to JSON, got undefined' })],
    });
    await expect(signWebhook({ n: 1n }, WHSEC, 'standard-webhooks')).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'payload', rule: 'json' })],
    });
    await expect(signWebhook('{}', WHSEC, 'v2' as never)).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'scheme', value: 'v2' })],
    });
    await expect(signWebhook('{}', WHSEC, 'standard-webhooks', { id: 7 as never })).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'id', value: 7 })],
    });
  });
});
