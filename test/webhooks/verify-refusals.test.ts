import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { legacyMessageReceived } from './fixtures.js';
import { LEGACY_KEY, OTHER_LEGACY_KEY, OTHER_WHSEC, WHSEC, expectRefusal, legacyDigest, legacySignature, standardHeaders } from './support.js';

const SIGNED_MS = Date.parse('2026-03-02T09:15:30.000Z');
const NOW = { now: SIGNED_MS + 2_000 };
const BODY = JSON.stringify(legacyMessageReceived);
const legacy = (signature: string) => ({ 'openphone-signature': signature });
const standard = (overrides: Record<string, unknown>) => ({
  ...standardHeaders(WHSEC, 'msg_1', new Date(SIGNED_MS), BODY),
  ...overrides,
});

describe('verifyWebhook says exactly why it refuses', () => {
  it.each([
    [{}, 'an object (a parsed body?)'],
    [null, 'null'],
    [42, 'number'],
  ])('a body that is not raw: %j', async (body, shown) => {
    const error = await expectRefusal(verifyWebhook(body as unknown as string, legacy('x'), LEGACY_KEY, NOW), 'invalid_body_type');
    expect(error.message).toBe(`The body must be the raw request body (a string or bytes), got ${shown}. Read it before any JSON parser runs.`);
  });

  it('keeps what the body threw as the cause', async () => {
    const bytes = new TextEncoder().encode(BODY);
    const failure = new Error('buffer is gone');
    Object.defineProperty(bytes, 'buffer', {
      get: () => {
        throw failure;
      },
    });
    const error = await expectRefusal(verifyWebhook(bytes, legacy('x'), LEGACY_KEY, NOW), 'invalid_body_type');
    expect(error.cause).toBe(failure);
  });

  it('names the option that is not an object of options, or that is wrong', async () => {
    const refused = async (options: unknown) => (await expectRefusal(verifyWebhook(BODY, legacy('x'), LEGACY_KEY, options as object), 'invalid_options')).message;
    expect(await refused('fast')).toBe('options must be an object of options, got "fast".');
    expect(await refused({ toleranceSeconds: -1 })).toBe('toleranceSeconds must be a finite number of seconds >= 0, got -1.');
    expect(await refused({ toleranceSeconds: '300' })).toBe('toleranceSeconds must be a finite number of seconds >= 0, got "300".');
    expect(await refused({ scheme: 'svix' })).toBe(`scheme must be 'openphone-signature' or 'standard-webhooks', got "svix".`);
  });

  it('accepts a tolerance of zero for a signature made this very millisecond', async () => {
    const result = await verifyWebhook(BODY, legacy(legacySignature(LEGACY_KEY, SIGNED_MS, BODY)), LEGACY_KEY, {
      now: SIGNED_MS,
      toleranceSeconds: 0,
    });
    expect(result.signedAt).toEqual(new Date(SIGNED_MS));
  });

  it('lists the headers it looked for when there is no signature', async () => {
    const error = await expectRefusal(verifyWebhook(BODY, {}, LEGACY_KEY, NOW), 'missing_header');
    expect(error.message).toBe('The request has no webhook signature: expected webhook-id, webhook-timestamp, webhook-signature or openphone-signature.');
  });

  it('names a Standard Webhooks header that is missing or not text', async () => {
    const missing = await expectRefusal(verifyWebhook(BODY, standard({ 'webhook-id': undefined }), WHSEC, NOW), 'missing_header');
    expect([missing.message, missing.header]).toEqual(['The webhook-id header is missing.', 'webhook-id']);
    const notText = await expectRefusal(verifyWebhook(BODY, standard({ 'webhook-timestamp': 1 }), WHSEC, NOW), 'malformed_header');
    expect([notText.message, notText.header]).toEqual(['The webhook-timestamp header is not text.', 'webhook-timestamp']);
  });

  it('quotes a webhook-timestamp that is not whole seconds', async () => {
    const error = await expectRefusal(verifyWebhook(BODY, standard({ 'webhook-timestamp': '1.5' }), WHSEC, NOW), 'malformed_header');
    expect(error.message).toBe('The webhook-timestamp header is not whole seconds since the epoch: "1.5".');
  });

  it.each([
    ['only signatures of other versions, two spaces apart', 'v2,abc  v3,def', 'unsupported_signature_version', 'The webhook-signature header has no v1 signature.'],
    ['a signature with an empty version', ',abc', 'unsupported_signature_version', 'The webhook-signature header has no v1 signature.'],
    ['a v1 signature that is not base64', 'v1,not*base64', 'malformed_header', 'The webhook-signature header holds no base64 HMAC-SHA256 signature.'],
    ['an entry without a version', 'abc', 'malformed_header', 'The webhook-signature header holds no base64 HMAC-SHA256 signature.'],
    ['a malformed entry beside another version', 'v2,abc garbage', 'malformed_header', 'The webhook-signature header holds no base64 HMAC-SHA256 signature.'],
  ] as const)('a webhook-signature of %s', async (_what, signature, reason, message) => {
    const error = await expectRefusal(verifyWebhook(BODY, standard({ 'webhook-signature': signature }), WHSEC, NOW), reason);
    expect(error.message).toBe(message);
  });

  it('says whether one secret or several were tried when no signature matches', async () => {
    const headers = standard({});
    const one = await expectRefusal(verifyWebhook(BODY, headers, OTHER_WHSEC, NOW), 'signature_mismatch');
    expect(one.message).toBe('No signature in the webhook-signature header matches the body under the configured secret: the body was changed, or it was signed with another secret.');
    const signedWithAnother = legacy(legacySignature(LEGACY_KEY, SIGNED_MS, BODY));
    const two = await expectRefusal(verifyWebhook(BODY, signedWithAnother, [OTHER_LEGACY_KEY, OTHER_LEGACY_KEY], NOW), 'signature_mismatch');
    expect(two.message).toBe('No signature in the openphone-signature header matches the body under the configured secrets: the body was changed, or it was signed with another secret.');
  });

  it('explains an openphone-signature header it cannot use', async () => {
    const unsupported = await expectRefusal(verifyWebhook(BODY, legacy('hmac;2;1;abc'), LEGACY_KEY, NOW), 'unsupported_signature_version');
    expect(unsupported.message).toBe('The openphone-signature header has no hmac;1 signature.');
    const malformed = await expectRefusal(verifyWebhook(BODY, legacy('hmac;1;soon;abc'), LEGACY_KEY, NOW), 'malformed_header');
    expect(malformed.message).toBe('The openphone-signature header is not hmac;1;<timestamp>;<signature>: "hmac;1;soon;abc".');
  });

  it('gives the age of a stale signature and the tolerance in seconds', async () => {
    const header = legacy(legacySignature(LEGACY_KEY, SIGNED_MS, BODY));
    const old = await expectRefusal(verifyWebhook(BODY, header, LEGACY_KEY, { now: SIGNED_MS + 400_000 }), 'timestamp_out_of_range');
    expect(old.message).toBe('The signature is 400s old, beyond the 300s tolerance: a replay, or a wrong clock.');
    const early = await expectRefusal(verifyWebhook(BODY, header, LEGACY_KEY, { now: SIGNED_MS - 90_000, toleranceSeconds: 60 }), 'timestamp_out_of_range');
    expect(early.message).toBe('The signature is 90s in the future, beyond the 60s tolerance: a replay, or a wrong clock.');
  });

  it('reads a legacy timestamp of exactly 100 000 000 000 as milliseconds', async () => {
    const timestamp = 100_000_000_000;
    const header = legacy(`hmac;1;${timestamp};${legacyDigest(LEGACY_KEY, timestamp, BODY)}`);
    const result = await verifyWebhook(BODY, header, LEGACY_KEY, { now: timestamp });
    expect(result.signedAt).toEqual(new Date(timestamp));
  });
});
