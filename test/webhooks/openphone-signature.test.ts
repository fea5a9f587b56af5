import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { legacyCallCompleted, legacyMessageReceived } from './fixtures.js';
import { LEGACY_KEY, OTHER_LEGACY_KEY, expectRefusal, legacyDigest, legacySignature } from './support.js';

const SIGNED_MS = Date.parse('2026-03-02T09:15:30.250Z');
const NOW = { now: SIGNED_MS + 2_000 };
const BODY = JSON.stringify(legacyMessageReceived);
const signed = (signature: string) => ({ 'openphone-signature': signature });

describe('openphone-signature verification', () => {
  it('verifies a delivery with a millisecond timestamp, as OpenPhone sends it, and returns the typed event', async () => {
    const result = await verifyWebhook(BODY, signed(legacySignature(LEGACY_KEY, SIGNED_MS, BODY)), LEGACY_KEY, NOW);

    expect(result.scheme).toBe('openphone-signature');
    expect(result.deliveryId).toBeUndefined();
    expect(result.signedAt).toEqual(new Date(SIGNED_MS));
    expect(result.known).toBe(true);
    expect(result.event).toEqual(legacyMessageReceived);
  });

  it('also accepts a timestamp in seconds', async () => {
    const seconds = Math.floor(SIGNED_MS / 1000);

    const result = await verifyWebhook(BODY, signed(legacySignature(LEGACY_KEY, seconds, BODY)), LEGACY_KEY, NOW);

    expect(result.signedAt).toEqual(new Date(seconds * 1000));
  });

  it('signs the timestamp as written in the header', async () => {
    // Same instant, other digits: the signature covers the text, so this no longer matches.
    const digest = legacyDigest(LEGACY_KEY, SIGNED_MS, BODY);

    await expectRefusal(verifyWebhook(BODY, signed(`hmac;1;0${SIGNED_MS};${digest}`), LEGACY_KEY, NOW), 'signature_mismatch');
  });

  it.each([
    ['as shown in the app', LEGACY_KEY],
    ['with surrounding white space', `  ${LEGACY_KEY}\n`],
    ['pasted in the four-field hmac;1;<timestamp>;<key> layout', `hmac;1;1639710054089;${LEGACY_KEY}`],
  ])('accepts the signing secret %s', async (_how, secret) => {
    const header = signed(legacySignature(LEGACY_KEY, SIGNED_MS, BODY));

    await expect(verifyWebhook(BODY, header, secret, NOW)).resolves.toMatchObject({ known: true });
  });

  it('accepts any of several comma-separated signatures', async () => {
    const header = `${legacySignature(OTHER_LEGACY_KEY, SIGNED_MS, BODY)}, ${legacySignature(LEGACY_KEY, SIGNED_MS, BODY)}`;

    await expect(verifyWebhook(BODY, signed(header), LEGACY_KEY, NOW)).resolves.toMatchObject({ known: true });
  });

  it('accepts any of several configured secrets, so one can be rotated out', async () => {
    const header = signed(legacySignature(OTHER_LEGACY_KEY, SIGNED_MS, BODY));

    await expect(verifyWebhook(BODY, header, [LEGACY_KEY, OTHER_LEGACY_KEY], NOW)).resolves.toMatchObject({ signedAt: new Date(SIGNED_MS), event: legacyMessageReceived });
    await expectRefusal(verifyWebhook(BODY, header, [LEGACY_KEY], NOW), 'signature_mismatch');
  });

  it('refuses a changed body, a changed timestamp and another secret', async () => {
    const header = signed(legacySignature(LEGACY_KEY, SIGNED_MS, BODY));
    const digest = legacyDigest(LEGACY_KEY, SIGNED_MS, BODY);

    await expectRefusal(verifyWebhook(BODY.replace('3pm', '4pm'), header, LEGACY_KEY, NOW), 'signature_mismatch');
    await expectRefusal(verifyWebhook(BODY, signed(`hmac;1;${SIGNED_MS + 1};${digest}`), LEGACY_KEY, NOW), 'signature_mismatch');
    await expectRefusal(verifyWebhook(BODY, header, OTHER_LEGACY_KEY, NOW), 'signature_mismatch');
  });

  it('refuses stale and future timestamps, in milliseconds and in seconds', async () => {
    const stale = SIGNED_MS - 301_000;
    const future = SIGNED_MS + 305_000;
    for (const timestamp of [stale, future, Math.floor(stale / 1000), Math.floor(future / 1000)]) {
      const header = signed(legacySignature(LEGACY_KEY, timestamp, BODY));
      const error = await expectRefusal(verifyWebhook(BODY, header, LEGACY_KEY, NOW), 'timestamp_out_of_range');
      expect(error.header).toBe('openphone-signature');
    }
  });

  it('reports a mismatch rather than a stale entry when both are present', async () => {
    const staleValid = legacySignature(LEGACY_KEY, SIGNED_MS - 600_000, BODY);
    const freshForeign = legacySignature(OTHER_LEGACY_KEY, SIGNED_MS, BODY);

    await expectRefusal(verifyWebhook(BODY, signed(`${staleValid},${freshForeign}`), LEGACY_KEY, NOW), 'signature_mismatch');
    await expectRefusal(verifyWebhook(BODY, signed(`${freshForeign},${staleValid}`), LEGACY_KEY, NOW), 'signature_mismatch');
  });

  it.each(['hmac;2;{ts};{sig}', 'rsa;1;{ts};{sig}', 'HMAC;1;{ts};{sig}'])('refuses the unknown scheme or version %s', async (template) => {
    const header = template.replace('{ts}', String(SIGNED_MS)).replace('{sig}', legacyDigest(LEGACY_KEY, SIGNED_MS, BODY));

    await expectRefusal(verifyWebhook(BODY, signed(header), LEGACY_KEY, NOW), 'unsupported_signature_version');
  });

  it.each(['garbage', 'hmac;1;{ts}', 'hmac;1;{ts};{sig};extra', 'hmac;1;yesterday;{sig}', 'hmac;1;-{ts};{sig}', 'hmac;1;{ts};not-base64!', 'hmac;1;{ts};', ',,,'])(
    'refuses the malformed header %s',
    async (template) => {
      const header = template.replace('{ts}', String(SIGNED_MS)).replace('{sig}', legacyDigest(LEGACY_KEY, SIGNED_MS, BODY));

      const error = await expectRefusal(verifyWebhook(BODY, signed(header), LEGACY_KEY, NOW), 'malformed_header');
      expect(error.scheme).toBe('openphone-signature');
    },
  );

  it('returns an unknown event for a type the legacy family does not have', async () => {
    const body = JSON.stringify({ ...legacyCallCompleted, type: 'call.menu.selected' });
    const header = signed(legacySignature(LEGACY_KEY, SIGNED_MS, body));

    const result = await verifyWebhook(body, header, LEGACY_KEY, NOW);

    expect(result.known).toBe(false);
    expect(result.event.type).toBe('call.menu.selected');
  });
});

describe('openphone-signature verification work', () => {
  afterEach(() => vi.restoreAllMocks());
  const forged = (entries: number, firstMs = SIGNED_MS) => Array.from({ length: entries }, (_, i) => `hmac;1;${firstMs + i};${'A'.repeat(43)}=`).join(',');
  const hmacs = () => vi.spyOn(crypto.subtle, 'sign');

  it('computes one HMAC per distinct timestamp, however many signatures share it', async () => {
    const sign = hmacs();
    // Seven entries over three timestamps; the valid one shares the last timestamp.
    const header = `${forged(3)},${forged(3)},${legacySignature(LEGACY_KEY, SIGNED_MS + 2, BODY)}`;

    const result = await verifyWebhook(BODY, signed(header), LEGACY_KEY, NOW);
    expect(result.signedAt).toEqual(new Date(SIGNED_MS + 2));
    expect(sign).toHaveBeenCalledTimes(3);
  });

  it('computes no HMAC for a timestamp outside the tolerance', async () => {
    const sign = hmacs();
    await expectRefusal(verifyWebhook(BODY, signed(forged(8, SIGNED_MS - 3_600_000)), LEGACY_KEY, NOW), 'timestamp_out_of_range');
    expect(sign).not.toHaveBeenCalled();
  });

  it('checks up to 8 signatures, and refuses a header with more before computing any HMAC', async () => {
    const sign = hmacs();
    await expectRefusal(verifyWebhook(BODY, signed(forged(8)), LEGACY_KEY, NOW), 'signature_mismatch');
    expect(sign).toHaveBeenCalledTimes(8);
    sign.mockClear();

    const error = await expectRefusal(verifyWebhook(BODY, signed(forged(247)), LEGACY_KEY, NOW), 'malformed_header');
    expect(error.message).toBe('The openphone-signature header holds 247 signatures; at most 8 are checked.');
    expect(sign).not.toHaveBeenCalled();
  });

  it('counts only non-empty entries toward the limit', async () => {
    const header = `${legacySignature(LEGACY_KEY, SIGNED_MS, BODY)}${', '.repeat(20)}`;
    await expect(verifyWebhook(BODY, signed(header), LEGACY_KEY, NOW)).resolves.toMatchObject({ known: true });
  });
});
