import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { legacyMessageReceived } from './fixtures.js';
import { LEGACY_KEY, expectRefusal, legacySignature } from './support.js';

const SIGNED_MS = Date.parse('2026-03-02T09:15:30.250Z');
const NOW = { now: SIGNED_MS + 2_000 };
const BODY = JSON.stringify(legacyMessageReceived);
const headers = (key: string) => ({ 'openphone-signature': legacySignature(key, SIGNED_MS, BODY) });
const throwing = () => {
  throw new Error('getter failed');
};

describe('verifyWebhook on hostile input refuses with a WebhookVerificationError', () => {
  it('verifies with a secret of several MiB, and refuses one that is not base64', async () => {
    const huge = randomBytes(4_500_000).toString('base64');
    await expect(verifyWebhook(BODY, headers(huge), huge, NOW)).resolves.toMatchObject({ known: true });
    await expectRefusal(verifyWebhook(BODY, headers(LEGACY_KEY), `${huge}!`, NOW), 'invalid_secret');
  });

  it('refuses a hole in an array of secrets, naming which one', async () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the input under test.
    const sparse = [, LEGACY_KEY] as unknown as string[];
    const error = await expectRefusal(verifyWebhook(BODY, headers(LEGACY_KEY), sparse, NOW), 'invalid_secret');
    expect(error.message).toMatch(/^Webhook secret #1 is not a base64 key/);
  });

  it('refuses secrets that throw when read', async () => {
    const secrets = [LEGACY_KEY];
    Object.defineProperty(secrets, 0, { get: throwing });
    await expectRefusal(verifyWebhook(BODY, headers(LEGACY_KEY), secrets, NOW), 'invalid_secret');
  });

  it.each(['now', 'toleranceSeconds', 'scheme'])('refuses options whose %s getter throws', async (name) => {
    const options = Object.defineProperty({}, name, { get: throwing, enumerable: true });
    const error = await expectRefusal(verifyWebhook(BODY, headers(LEGACY_KEY), LEGACY_KEY, options), 'invalid_options');
    expect(error.cause).toEqual(new Error('getter failed'));
  });

  it('refuses a now that looks like a Date but is not one', async () => {
    const fake = Object.create(Date.prototype) as Date;
    const error = await expectRefusal(verifyWebhook(BODY, headers(LEGACY_KEY), LEGACY_KEY, { now: fake }), 'invalid_options');
    expect(error.message).toMatch(/^now must be a valid Date or epoch milliseconds/);
  });

  it('accepts a Date from the options as the clock', async () => {
    const result = await verifyWebhook(BODY, headers(LEGACY_KEY), LEGACY_KEY, { now: new Date(NOW.now) });
    expect(result.signedAt).toEqual(new Date(SIGNED_MS));
  });

  it('refuses bytes whose buffer throws when read', async () => {
    const bytes = new TextEncoder().encode(BODY);
    Object.defineProperty(bytes, 'buffer', { get: throwing });
    const error = await expectRefusal(verifyWebhook(bytes, headers(LEGACY_KEY), LEGACY_KEY, NOW), 'invalid_body_type');
    expect(error.message).toBe('The body could not be read as text or bytes.');
  });
});
