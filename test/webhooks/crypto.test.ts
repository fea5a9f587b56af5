import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, digestsEqual, encodeBase64 } from '../../src/webhooks/crypto.js';

describe('base64', () => {
  it('round-trips any bytes the way Node encodes them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(encoded)).toEqual(bytes);
      }),
    );
  });

  it('decodes URL-safe and unpadded base64', () => {
    const bytes = randomBytes(32);

    expect(decodeBase64(bytes.toString('base64url'))).toEqual(new Uint8Array(bytes));
    expect(decodeBase64(bytes.toString('base64').replace(/=+$/, ''))).toEqual(new Uint8Array(bytes));
  });

  it('accepts exactly standard or URL-safe base64, padded to whole quads or not padded', () => {
    const grammar = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
    const text = fc.string({ unit: fc.constantFrom('A', 'z', '0', '+', '/', '-', '_', '=', ' ', '.'), maxLength: 12 });
    fc.assert(
      fc.property(text, (candidate) => {
        const standard = candidate.replace(/-/g, '+').replace(/_/g, '/');
        expect(decodeBase64(candidate) !== undefined).toBe(grammar.test(standard));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes and refuses texts of several MiB without overflowing the stack', () => {
    const long = 'QUJD'.repeat(1_500_000);
    expect(decodeBase64(long)?.length).toBe(4_500_000);
    expect(decodeBase64(`${long}!`)).toBeUndefined();
    expect(decodeBase64(`${long}A`)).toBeUndefined();
  });

  it.each(['a', 'abcde', 'ab=c', 'a b c d', 'ab==cd==', 'é', '===='])('returns undefined for %j instead of throwing', (text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('digestsEqual', () => {
  const digest = randomBytes(32).toString('base64');

  it('is true only for the same digest', () => {
    expect(digestsEqual(digest, digest)).toBe(true);
    const flip = (c: string | undefined) => (c === 'A' ? 'B' : 'A');
    expect(digestsEqual(digest, flip(digest[0]) + digest.slice(1))).toBe(false);
    expect(digestsEqual(digest, `${digest.slice(0, 42)}${flip(digest[42])}=`)).toBe(false);
  });

  it('is false for a different length, including a prefix', () => {
    expect(digestsEqual(digest, digest.slice(0, -1))).toBe(false);
    expect(digestsEqual(digest, `${digest}=`)).toBe(false);
    expect(digestsEqual(digest, '')).toBe(false);
  });
});
