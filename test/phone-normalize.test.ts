import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/core/errors.js';
import { normalizePhoneNumber } from '../src/lib/phone/normalize.js';
import { isE164 } from '../src/lib/phone/e164.js';
import { validationIssues } from './helpers/validation-issues.js';

describe('normalizePhoneNumber: what people type', () => {
  it.each([
    ['(555) 555-5555', 'US', '+15555555555'],
    ['555.555.5555', 'US', '+15555555555'],
    ['555-555-5555', 'us', '+15555555555'],
    ['+1 555 555 5555', undefined, '+15555555555'],
    ['001 555 555 5555', 'US', '+15555555555'],
    ['001 555 555 5555', undefined, '+15555555555'],
    ['00 1 555 555 5555', 'GB', '+15555555555'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['+44 (0)20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['07911 123456', 'GB', '+447911123456'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['876-555-1234', 'US', '+18765551234'],
    ['(416) 555-0123', 'CA', '+14165550123'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+33 (0)6 12 34 56 78', undefined, '+33612345678'],
    ['030 123456', 'DE', '+4930123456'],
    ['(02) 9876 5432', 'AU', '+61298765432'],
    ['+91 98765 43210', undefined, '+919876543210'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['+52 55 1234 5678', undefined, '+525512345678'],
    ['  +1 (555) 555-5555  ', undefined, '+15555555555'],
  ])('turns %j (default country %s) into %s', (input, defaultCountry, expected) => {
    expect(normalizePhoneNumber(input, defaultCountry === undefined ? {} : { defaultCountry })).toBe(expected);
  });

  it('leaves a number that is already E.164 as it is', () => {
    expect(normalizePhoneNumber('+15555555555')).toBe('+15555555555');
  });
});

describe('normalizePhoneNumber: strict', () => {
  it.each([
    ['+1 213 373 4253', '+12133734253'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+49 30 123456', '+4930123456'],
  ])('accepts %j, a number in an assigned range', (input, expected) => {
    expect(normalizePhoneNumber(input, { strict: true })).toBe(expected);
  });

  it.each([
    ['+1 555 555 5555', /not in a number range assigned in the \+1 numbering plan/],
    ['+49 1234', /not in a number range assigned in DE/],
  ])('rejects %j, which only has a possible length', (input, reason) => {
    expect(normalizePhoneNumber(input)).toMatch(/^\+\d+$/);
    expect(() => normalizePhoneNumber(input, { strict: true })).toThrow(reason);
  });
});

describe('normalizePhoneNumber: errors say which field, which value and why', () => {
  const issueOf = (call: () => unknown) => validationIssues(call)[0];

  it.each([
    ['555 5555', {}, 'country', /has no country calling code/],
    ['12', { defaultCountry: 'US' }, 'tooShort', /too short for a number in US/],
    ['+1 555 555 55555', {}, 'tooLong', /too long for a number in the \+1 numbering plan/],
    ['+33 6 12 34 56 78 9', {}, 'tooLong', /too long for a number in FR/],
    ['80000000000000', { defaultCountry: 'DE' }, 'tooLong', /16 digits, and E.164 allows 15/],
    ['+999 123 4567', {}, 'callingCode', /country calling code that exists/],
    ['hello', {}, 'phoneNumber', /is not a phone number/],
    ['', {}, 'phoneNumber', /is not a phone number/],
    ['call +1 213 373 4253 now', {}, 'phoneNumber', /is not a phone number/],
    ['000000', { defaultCountry: 'DE' }, 'phoneNumber', /is not a phone number/],
    ['+1 213 373 4253 ext. 12', {}, 'extension', /extension/],
  ])('rejects %j %j as %s', (input, options, rule, reason) => {
    const issue = issueOf(() => normalizePhoneNumber(input, options));
    expect(issue).toMatchObject({ field: 'phoneNumber', value: input, rule });
    expect(issue?.message).toMatch(reason);
    expect(issue?.message).toContain(JSON.stringify(input));
  });

  it('reports a length no number of the country has', () => {
    // UK numbers have 7, 9 or 10 digits after +44.
    const issue = issueOf(() => normalizePhoneNumber('+44 2222 2222'));
    expect(issue).toMatchObject({ rule: 'length', value: '+44 2222 2222' });
    expect(issue?.message).toMatch(/has a length that no number in the \+44 numbering plan has/);
  });

  it('uses the field name it is given', () => {
    const issue = issueOf(() => normalizePhoneNumber('12', { defaultCountry: 'US', field: 'to[3]' }));
    expect(issue).toMatchObject({ field: 'to[3]', value: '12' });
  });

  it('names defaultCountry when it is not a country', () => {
    const issue = issueOf(() => normalizePhoneNumber('555 5555', { defaultCountry: 'XX' }));
    expect(issue).toMatchObject({ field: 'defaultCountry', value: 'XX', rule: 'country' });
  });

  it('rejects a value that is not a string', () => {
    const issue = issueOf(() => normalizePhoneNumber(5555555555 as unknown as string));
    expect(issue).toMatchObject({ field: 'phoneNumber', value: 5555555555, rule: 'type' });
  });
});

describe('normalizePhoneNumber: properties', () => {
  const formatted = fc
    .tuple(fc.constantFrom('', '+', '00', '+1 ', '+44 ', '(', '0'), fc.array(fc.tuple(fc.stringMatching(/^\d{1,4}$/), fc.constantFrom('', ' ', '-', '.', ') ')), { maxLength: 5 }))
    .map(([prefix, groups]) => prefix + groups.map(([digits, separator]) => digits + separator).join(''));

  it('returns only numbers isE164 accepts, and throws nothing but ValidationError', () => {
    fc.assert(
      fc.property(formatted, fc.constantFrom(undefined, 'US', 'GB', 'DE', 'IN'), fc.boolean(), (input, defaultCountry, strict) => {
        let result: string;
        try {
          result = normalizePhoneNumber(input, { strict, ...(defaultCountry && { defaultCountry }) });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        expect(isE164(result)).toBe(true);
        expect(normalizePhoneNumber(result, { strict })).toBe(result);
      }),
      { numRuns: 1000 },
    );
  });
});
