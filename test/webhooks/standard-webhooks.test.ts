import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { callCompleted, messageReceived } from './fixtures.js';
import { OTHER_WHSEC, WHSEC, expectRefusal, refusal, standardHeaders } from './support.js';

// The test vector published with the Standard Webhooks specification.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const SPEC_HEADERS = {
  'webhook-id': SPEC.id,
  'webhook-timestamp': String(SPEC.timestamp),
  'webhook-signature': SPEC.signature,
};
const AT_SPEC_TIME = { now: SPEC.timestamp * 1000 };

const NOW = new Date('2026-04-10T09:30:10.000Z');
const BODY = JSON.stringify(callCompleted);

describe('Standard Webhooks verification', () => {
  it('accepts the specification vector: the signature passes and only its non-event body is refused', async () => {
    // `{"test": …}` is not an OpenPhone event, so the verified body is refused as a payload, after the signature.
    await expectRefusal(verifyWebhook(SPEC.body, SPEC_HEADERS, SPEC.secret, AT_SPEC_TIME), 'malformed_payload');
    await expectRefusal(verifyWebhook(SPEC.body.replace('2', '3'), SPEC_HEADERS, SPEC.secret, AT_SPEC_TIME), 'signature_mismatch');
  });

  it('accepts the secret without its whsec_ prefix', async () => {
    const bare = SPEC.secret.slice('whsec_'.length);

    await expectRefusal(verifyWebhook(SPEC.body, SPEC_HEADERS, bare, AT_SPEC_TIME), 'malformed_payload');
  });

  it('verifies a delivery signed by the reference library and returns the typed event', async () => {
    const headers = standardHeaders(WHSEC, 'msg_2abcDEF', NOW, BODY);

    const result = await verifyWebhook(BODY, headers, WHSEC, { now: NOW });

    expect(result.scheme).toBe('standard-webhooks');
    expect(result.deliveryId).toBe('msg_2abcDEF');
    expect(result.signedAt).toEqual(new Date(Math.floor(NOW.getTime() / 1000) * 1000));
    expect(result.known).toBe(true);
    expect(result.event).toEqual(callCompleted);
  });

  it('agrees with the reference library on arbitrary ids, bodies, secrets and times', async () => {
    const library = (secret: string) => new Webhook(secret);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.stringMatching(/^msg_[A-Za-z0-9]{1,32}$/),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: -299, max: 299 }),
        async (key, id, text, skewSeconds) => {
          const secret = `whsec_${Buffer.from(key).toString('base64')}`;
          const signedAt = new Date(Date.now() + skewSeconds * 1000);
          const body = JSON.stringify({ ...messageReceived, data: { ...messageReceived.data, note: text } });
          const headers = standardHeaders(secret, id, signedAt, body);

          library(secret).verify(body, headers);
          const result = await verifyWebhook(body, headers, secret);
          expect(result.deliveryId).toBe(id);

          const tampered = body.replace('"id"', '"Id"');
          expect(() => library(secret).verify(tampered, headers)).toThrow();
          await expectRefusal(verifyWebhook(tampered, headers, secret), 'signature_mismatch');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a delivery when any one of several signatures matches', async () => {
    const valid = standardHeaders(WHSEC, 'msg_1', NOW, BODY);
    const foreign = standardHeaders(OTHER_WHSEC, 'msg_1', NOW, BODY)['webhook-signature'];
    const headers = {
      ...valid,
      'webhook-signature': `v1a,${'A'.repeat(86)}== ${foreign}  ${valid['webhook-signature']}`,
    };

    await expect(verifyWebhook(BODY, headers, WHSEC, { now: NOW })).resolves.toMatchObject({ known: true });
  });

  it('accepts any of several configured secrets, so one can be rotated out', async () => {
    const signedWithOld = standardHeaders(OTHER_WHSEC, 'msg_1', NOW, BODY);

    await expect(verifyWebhook(BODY, signedWithOld, [WHSEC, OTHER_WHSEC], { now: NOW })).resolves.toMatchObject({
      scheme: 'standard-webhooks',
    });
    const error = await expectRefusal(verifyWebhook(BODY, signedWithOld, [WHSEC], { now: NOW }), 'signature_mismatch');
    expect(error.header).toBe('webhook-signature');
  });

  it.each<[string, { body?: string; headers?: Record<string, string> }]>([
    ['the body', { body: BODY.replace('answered', 'answerez') }],
    ['the webhook id', { headers: { 'webhook-id': 'msg_2' } }],
    ['the timestamp, within the tolerance', { headers: { 'webhook-timestamp': String(NOW.getTime() / 1000 - 1) } }],
  ])('refuses a delivery whose %s was changed', async (_what, change) => {
    const headers = { ...standardHeaders(WHSEC, 'msg_1', NOW, BODY), ...change.headers };

    await expectRefusal(verifyWebhook(change.body ?? BODY, headers, WHSEC, { now: NOW }), 'signature_mismatch');
  });

  it('refuses a delivery signed with another secret', async () => {
    const headers = standardHeaders(OTHER_WHSEC, 'msg_1', NOW, BODY);

    await expectRefusal(verifyWebhook(BODY, headers, WHSEC, { now: NOW }), 'signature_mismatch');
  });

  describe('timestamps', () => {
    const headers = standardHeaders(WHSEC, 'msg_1', NOW, BODY);
    const signedMs = Math.floor(NOW.getTime() / 1000) * 1000;

    it('accepts a signature exactly at the edge of the tolerance, either way', async () => {
      await expect(verifyWebhook(BODY, headers, WHSEC, { now: signedMs + 300_000 })).resolves.toMatchObject({ signedAt: new Date(signedMs) });
      await expect(verifyWebhook(BODY, headers, WHSEC, { now: signedMs - 300_000 })).resolves.toMatchObject({ signedAt: new Date(signedMs) });
    });

    it('refuses a stale signature (replay) and one from the future', async () => {
      const stale = await expectRefusal(verifyWebhook(BODY, headers, WHSEC, { now: signedMs + 301_000 }), 'timestamp_out_of_range');
      expect(stale.message).toContain('301s old');
      expect(stale.header).toBe('webhook-timestamp');
      const future = await expectRefusal(verifyWebhook(BODY, headers, WHSEC, { now: new Date(signedMs - 301_000) }), 'timestamp_out_of_range');
      expect(future.message).toContain('in the future');
    });

    it('honours a custom tolerance', async () => {
      await expectRefusal(verifyWebhook(BODY, headers, WHSEC, { now: signedMs + 11_000, toleranceSeconds: 10 }), 'timestamp_out_of_range');
      await expect(verifyWebhook(BODY, headers, WHSEC, { now: signedMs + 3_600_000, toleranceSeconds: 3600 })).resolves.toMatchObject({ signedAt: new Date(signedMs), deliveryId: 'msg_1' });
    });

    it('uses the clock when no time is given', async () => {
      const anHourAgo = standardHeaders(WHSEC, 'msg_1', new Date(Date.now() - 3_600_000), BODY);
      await expectRefusal(verifyWebhook(BODY, anHourAgo, WHSEC), 'timestamp_out_of_range');
      const fresh = standardHeaders(WHSEC, 'msg_1', new Date(), BODY);
      await expect(verifyWebhook(BODY, fresh, WHSEC)).resolves.toMatchObject({ scheme: 'standard-webhooks', deliveryId: 'msg_1', known: true });
    });

    it.each(['yesterday', '1775813410.5', '-1775813410', '1e9', '17758134100000000'])('refuses the timestamp %j as malformed', async (timestamp) => {
      const error = await expectRefusal(verifyWebhook(BODY, { ...headers, 'webhook-timestamp': timestamp }, WHSEC, { now: NOW }), 'malformed_header');
      expect(error.header).toBe('webhook-timestamp');
    });
  });

  describe('headers', () => {
    const headers = standardHeaders(WHSEC, 'msg_1', NOW, BODY);

    it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const)('refuses a delivery without %s', async (name) => {
      const rest = Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
      const error = await expectRefusal(verifyWebhook(BODY, rest, WHSEC, { now: NOW }), 'missing_header');
      expect(error.header).toBe(name);
      expect(error.scheme).toBe('standard-webhooks');
    });

    it('refuses a request with no signature header at all', async () => {
      const error = await expectRefusal(verifyWebhook(BODY, { 'content-type': 'application/json' }, WHSEC), 'missing_header');
      expect(error.message).toContain('webhook-signature');
      expect(error.message).toContain('openphone-signature');
    });

    it('refuses a signature list whose only entries use another version', async () => {
      await expectRefusal(verifyWebhook(BODY, { ...headers, 'webhook-signature': `v1a,${'A'.repeat(86)}== v2,abc` }, WHSEC, { now: NOW }), 'unsupported_signature_version');
    });

    it.each(['garbage', 'v1', 'v1,', 'v1,not base64 at all', `v1,${'A'.repeat(44)}`, `v1,${'A'.repeat(40)}=`])('refuses the signature header %j as malformed', async (signature) => {
      await expectRefusal(verifyWebhook(BODY, { ...headers, 'webhook-signature': signature }, WHSEC, { now: NOW }), 'malformed_header');
    });

    it('refuses a well-formed signature that matches nothing as a mismatch', async () => {
      await expectRefusal(verifyWebhook(BODY, { ...headers, 'webhook-signature': `v1,${'A'.repeat(43)}=` }, WHSEC, { now: NOW }), 'signature_mismatch');
    });

    it('checks only the scheme it was pinned to', async () => {
      const error = await expectRefusal(verifyWebhook(BODY, headers, WHSEC, { now: NOW, scheme: 'openphone-signature' }), 'missing_header');
      expect(error.header).toBe('openphone-signature');
      await expect(verifyWebhook(BODY, headers, WHSEC, { now: NOW, scheme: 'standard-webhooks' })).resolves.toMatchObject({ scheme: 'standard-webhooks' });
    });
  });

  describe('bodies', () => {
    const headers = standardHeaders(WHSEC, 'msg_1', NOW, BODY);
    const utf8 = Buffer.from(BODY, 'utf8');

    it.each([
      ['a string', BODY],
      ['a Buffer', utf8],
      ['a Uint8Array', new Uint8Array(utf8)],
      ['an ArrayBuffer', new Uint8Array(utf8).buffer],
      ['a DataView', new DataView(new Uint8Array(utf8).buffer)],
      ['a window onto a larger buffer', Buffer.concat([Buffer.from('xx'), utf8, Buffer.from('yy')]).subarray(2, -2)],
    ])('reads %s', async (_kind, body) => {
      await expect(verifyWebhook(body, headers, WHSEC, { now: NOW })).resolves.toMatchObject({ known: true });
    });

    it('signs over the raw bytes, even ones that are not UTF-8', async () => {
      const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
      const secret = Buffer.from(WHSEC.slice('whsec_'.length), 'base64');
      const digest = createHmac('sha256', secret).update('msg_1.1775813410.').update(bytes).digest('base64');
      const signed = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1775813410', 'webhook-signature': `v1,${digest}` };

      // The signature passes; the body is then refused because it is not JSON.
      await expectRefusal(verifyWebhook(bytes, signed, WHSEC, { now: 1775813410_000 }), 'malformed_payload');
      await expectRefusal(verifyWebhook(new Uint8Array([0x7b, 0xff, 0xfd, 0x7d]), signed, WHSEC, { now: 1775813410_000 }), 'signature_mismatch');
    });

    it('refuses a body a framework already parsed, and says so', async () => {
      const error = await expectRefusal(verifyWebhook(callCompleted as never, headers, WHSEC, { now: NOW }), 'invalid_body_type');
      expect(error.message).toContain('parsed');
    });
  });

  describe('configuration', () => {
    const headers = standardHeaders(WHSEC, 'msg_1', NOW, BODY);

    it.each([
      ['an empty secret', ''],
      ['a secret that is not base64', 'whsec_not*base64!'],
      ['only the prefix', 'whsec_'],
      ['no secrets', []],
      ['an invalid secret among valid ones', [WHSEC, 'whsec_%%%']],
      ['a secret that is not a string', 42 as never],
    ])('refuses %s without echoing it', async (_label, secret) => {
      const error = await expectRefusal(verifyWebhook(BODY, headers, secret, { now: NOW }), 'invalid_secret');
      expect(error.message).not.toContain('%%%');
      expect(error.message).not.toContain(WHSEC.slice(6));
    });

    it.each([
      ['a negative tolerance', { toleranceSeconds: -1 }],
      ['a tolerance that is not a number', { toleranceSeconds: Number.NaN }],
      ['an invalid date', { now: new Date('not a date') }],
      ['a time that is not a number', { now: 'now' as never }],
      ['an unknown scheme', { scheme: 'svix' as never }],
    ])('refuses %s', async (_label, options) => {
      await expectRefusal(verifyWebhook(BODY, headers, WHSEC, options), 'invalid_options');
    });

    it('never puts the secret or the expected signature in the error', async () => {
      const tampered = BODY.replace('answered', 'answerez');
      const expected = standardHeaders(WHSEC, 'msg_1', NOW, tampered)['webhook-signature'].slice(3);

      const error = await refusal(verifyWebhook(tampered, headers, WHSEC, { now: NOW }));

      const serialized = JSON.stringify(error) + error.message + String(error.stack);
      expect(serialized).not.toContain(expected);
      expect(serialized).not.toContain(WHSEC.slice(6));
    });
  });
});
