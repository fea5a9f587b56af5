import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/webhooks/errors.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { messageReceived } from './fixtures.js';
import { LEGACY_KEY, WHSEC, legacySignature, standardHeaders } from './support.js';

/** Each branch of every generator below comes up dozens of times in this many runs. */
const RUNS = 300;
const NOW = new Date('2026-04-10T08:00:05.000Z');
const BODY = JSON.stringify(messageReceived);

const headerName = fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature', 'openphone-signature');
/** Names that are ours in any case, plus names that are not. */
const anyCaseName = fc.oneof(
  fc.tuple(headerName, fc.array(fc.boolean(), { minLength: 20, maxLength: 20 })).map(([name, upper]) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  fc.string(),
);
/** Values close to real ones as well as arbitrary text, arrays and non-strings. */
const headerValue = fc.oneof(
  fc.string(),
  fc.stringMatching(/^v1,[A-Za-z0-9+/=]{0,50}( v1[a-z]?,[A-Za-z0-9+/=]{0,50})*$/),
  fc.stringMatching(/^(hmac|rsa)?;[0-9]{0,2};-?[0-9]{0,20};[A-Za-z0-9+/=]{0,50}$/),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.anything(),
);
const headers = fc.oneof(
  fc.dictionary(anyCaseName, headerValue, { maxKeys: 6 }),
  fc.dictionary(anyCaseName, headerValue, { maxKeys: 6 }).map((entries) => {
    const result = new Headers();
    for (const [name, value] of Object.entries(entries)) {
      try {
        result.append(name, String(value));
      } catch {
        // Not a valid header name or value for fetch; leave it out.
      }
    }
    return result;
  }),
  fc.anything(),
);
const body = fc.oneof(fc.string(), fc.uint8Array(), fc.anything(), fc.constant(BODY));
const secret = fc.oneof(
  fc.string(),
  fc.string().map((text) => `whsec_${text}`),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constantFrom(WHSEC, LEGACY_KEY, [WHSEC, LEGACY_KEY]),
  fc.anything(),
);
const options = fc.oneof(fc.constant(undefined), fc.record({ now: fc.oneof(fc.integer(), fc.date(), fc.anything()), toleranceSeconds: fc.anything() }, { requiredKeys: [] }), fc.anything());

async function outcome(verification: () => Promise<unknown>): Promise<unknown> {
  try {
    await verification();
    return 'accepted';
  } catch (error) {
    return error;
  }
}

async function expectTypedRefusal(...args: unknown[]): Promise<WebhookVerificationError> {
  const result = await outcome(() => verifyWebhook(...(args as Parameters<typeof verifyWebhook>)));
  expect(result).toBeInstanceOf(WebhookVerificationError);
  return result as WebhookVerificationError;
}

describe('garbage input', () => {
  it('everywhere at once is refused with a WebhookVerificationError, never accepted and never any other error', async () => {
    await fc.assert(
      fc.asyncProperty(body, headers, secret, options, async (...args) => {
        await expectTypedRefusal(...args);
      }),
      { numRuns: RUNS },
    );
  });

  it('in the headers alone is refused with a typed error about them', async () => {
    await fc.assert(
      fc.asyncProperty(headers, async (given) => {
        const error = await expectTypedRefusal(BODY, given, [WHSEC, LEGACY_KEY], { now: NOW });
        expect(error.reason).not.toMatch(/invalid_|malformed_payload/);
      }),
      { numRuns: RUNS },
    );
  });

  it('in the body alone is refused with a typed error', async () => {
    const signed = standardHeaders(WHSEC, 'msg_1', NOW, BODY);
    await fc.assert(
      fc.asyncProperty(body, async (given) => {
        fc.pre(given !== BODY);
        await expectTypedRefusal(given, signed, WHSEC, { now: NOW });
      }),
      { numRuns: RUNS },
    );
  });

  it('in the secret alone is refused with a typed error, and in the options alone is honoured or refused so', async () => {
    const signed = standardHeaders(WHSEC, 'msg_1', NOW, BODY);
    await fc.assert(
      fc.asyncProperty(
        secret.filter((given) => given !== WHSEC && !(Array.isArray(given) && given.includes(WHSEC))),
        async (given) => {
          await expectTypedRefusal(BODY, signed, given, { now: NOW });
        },
      ),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        // A large enough tolerance is a legitimate option and lets the delivery through.
        const result = await outcome(() => verifyWebhook(BODY, signed, WHSEC, given as never));
        if (result !== 'accepted') expect(result).toBeInstanceOf(WebhookVerificationError);
      }),
      { numRuns: RUNS },
    );
  });

  it('in one header of an otherwise valid delivery is refused with a typed error', async () => {
    const valid: Record<string, string> = {
      ...standardHeaders(WHSEC, 'msg_1', NOW, BODY),
      'openphone-signature': legacySignature(LEGACY_KEY, NOW.getTime(), BODY),
    };
    await fc.assert(
      fc.asyncProperty(headerName, headerValue, async (name, value) => {
        fc.pre(value !== valid[name]);
        const result = await outcome(() => verifyWebhook(BODY, { ...valid, [name]: value as string }, [WHSEC, LEGACY_KEY], { now: NOW }));
        // Replacing only the legacy header leaves a valid Standard Webhooks delivery, which takes precedence.
        if (name === 'openphone-signature') expect(result).toBe('accepted');
        else expect(result).toBeInstanceOf(WebhookVerificationError);
      }),
      { numRuns: RUNS },
    );
  });

  it('in a validly signed body is refused as a malformed payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.uint8Array()), async (garbage) => {
        const text = typeof garbage === 'string' ? garbage : Buffer.from(garbage).toString('latin1');
        fc.pre(!text.includes('"type"'));
        const signed = standardHeaders(WHSEC, 'msg_1', NOW, text);
        const result = await outcome(() => verifyWebhook(text, signed, WHSEC, { now: NOW }));
        expect(result).toBeInstanceOf(WebhookVerificationError);
        expect((result as WebhookVerificationError).reason).toBe('malformed_payload');
      }),
      { numRuns: RUNS },
    );
  });
});
