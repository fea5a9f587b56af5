import { describe, expect, it } from 'vitest';
import { OpenPhoneError } from '../../src/core/errors.js';
import { WebhookVerificationError } from '../../src/webhooks/errors.js';

describe('WebhookVerificationError', () => {
  it('is an OpenPhoneError carrying a machine-readable reason, the scheme and the header', () => {
    const cause = new Error('underlying');
    const error = new WebhookVerificationError('signature_mismatch', 'No signature matches.', {
      scheme: 'standard-webhooks',
      header: 'webhook-signature',
      cause,
    });

    expect(error).toBeInstanceOf(OpenPhoneError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WebhookVerificationError');
    expect(error.reason).toBe('signature_mismatch');
    expect(error.scheme).toBe('standard-webhooks');
    expect(error.header).toBe('webhook-signature');
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('No signature matches.');
  });

  it('serializes its reason, scheme and header', () => {
    const error = new WebhookVerificationError('missing_header', 'The openphone-signature header is missing.', {
      scheme: 'openphone-signature',
      header: 'openphone-signature',
    });

    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'WebhookVerificationError',
      message: 'The openphone-signature header is missing.',
      reason: 'missing_header',
      scheme: 'openphone-signature',
      header: 'openphone-signature',
    });
  });

  it('leaves scheme and header undefined when the failure happened before a scheme was chosen', () => {
    const error = new WebhookVerificationError('invalid_secret', 'No webhook secret was configured.');

    expect(error.scheme).toBeUndefined();
    expect(error.header).toBeUndefined();
  });
});
