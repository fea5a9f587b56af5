import { getCountries, getExampleNumber, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { COUNTRIES_BY_CALLING_CODE, LEADING_DIGITS } from '../generated/phone-tables.js';
import { assertE164, isE164, regionOfE164 } from '../src/lib/phone/e164.js';
import { validationIssues } from './helpers/validation-issues.js';

describe('isE164', () => {
  it.each([
    ['+15555555555', 'US/Canada, the documentation’s fictional number'],
    ['+12133734253', 'US'],
    ['+18765551234', 'Jamaica'],
    ['+442079460958', 'UK'],
    ['+33612345678', 'France'],
    ['+4930123456', 'Germany, short number'],
    ['+5511987654321', 'Brazil'],
    ['+8613800138000', 'China'],
    ['+919876543210', 'India'],
    ['+80012345678', 'international freephone, non-geographic'],
    ['+979123456789', 'international premium rate, a +9 code that exists'],
    ['+123456789012345', '15 digits'],
  ])('accepts %s (%s)', (value) => {
    expect(isE164(value)).toBe(true);
  });

  it.each([
    ['15555555555', 'no +'],
    ['+1 555 555 5555', 'spaces'],
    ['+1-555-555-5555', 'dashes'],
    ['+1(555)5555555', 'parentheses'],
    [' +15555555555', 'leading space'],
    ['+15555555555\n', 'trailing newline'],
    ['+0123456789', 'calling code starting with 0'],
    ['+9991234567', 'well-formed but +999 is no calling code'],
    ['+991234567', '+99 is no calling code'],
    ['+1234567890123456', '16 digits'],
    ['+1', 'calling code only'],
    ['+44', 'calling code only'],
    ['+', 'plus only'],
    ['', 'empty'],
    ['+１５５５５５５５５５５', 'fullwidth digits'],
  ])('rejects %j (%s)', (value) => {
    expect(isE164(value)).toBe(false);
  });

  it.each([[15555555555], [null], [undefined], [{}], [['+15555555555']]])('rejects the non-string %j', (value) => {
    expect(isE164(value)).toBe(false);
  });
});

describe('assertE164', () => {
  it('returns for a valid number', () => {
    expect(() => assertE164('+15555555555')).not.toThrow();
  });

  it.each([
    ['+1 555 555 5555', /only digits may follow the "\+"/],
    ['5555555555', /must start with "\+" and the country calling code/],
    ['+9991234567', /does not start with a country calling code that exists/],
    ['+1234567890123456', /has 16 digits; E.164 allows at most 15/],
    ['+44', /no number after it/],
  ])('explains what is wrong with %j', (value, reason) => {
    expect(() => assertE164(value, 'to[0]')).toThrow(reason);
  });

  it('throws a ValidationError naming the field and the value', () => {
    const call = () => assertE164('+1 555 555 5555', 'to[2]');
    expect(validationIssues(call)).toEqual([expect.objectContaining({ field: 'to[2]', value: '+1 555 555 5555', rule: 'e164' })]);
    expect(call).toThrow(/^Invalid to\[2\]: "\+1 555 555 5555"/);
  });

  it('names the field phoneNumber by default', () => {
    expect(() => assertE164(42)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ field: 'phoneNumber', value: 42 })] }));
  });
});

describe('regionOfE164', () => {
  it.each([
    ['+12133734253', '1', 'US'],
    ['+14165551234', '1', 'US'],
    ['+15555555555', '1', 'US'],
    ['+18765551234', '1', 'JM'],
    ['+17875551234', '1', 'PR'],
    ['+18095551234', '1', 'DO'],
    ['+442079460958', '44', 'GB'],
    ['+447624123456', '44', 'IM'],
    ['+74951234567', '7', 'RU'],
    ['+77011234567', '7', 'KZ'],
    ['+358181234567', '358', 'AX'],
    ['+33612345678', '33', 'FR'],
    ['+80012345678', '800', null],
  ])('places %s under +%s in %s', (number, callingCode, country) => {
    expect(regionOfE164(number)).toEqual({ callingCode, country });
  });

  // Countries that share a calling code and that libphonenumber-js tells apart only by
  // complete number ranges, which the main entry point does not carry: their numbers
  // count as the calling code's main country (Canada as the US, which is priced the same).
  const SHARED_WITHOUT_LEADING_DIGITS = ['BL', 'CA', 'CC', 'CX', 'EH', 'GG', 'JE', 'MF', 'YT'];

  it('finds the country libphonenumber-js finds for every example number, except where documented', () => {
    const differences: string[] = [];
    let compared = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      compared++;
      const expected = parsePhoneNumberWithError(example.number).country;
      if (regionOfE164(example.number).country !== expected) differences.push(country);
    }
    expect(compared).toBeGreaterThan(200);
    expect(SHARED_WITHOUT_LEADING_DIGITS).toEqual(expect.arrayContaining(differences));
  });

  it('has leading digits for every country sharing a calling code except the documented ones', () => {
    const withoutLeadingDigits = Object.values(COUNTRIES_BY_CALLING_CODE)
      .filter((countries) => countries.length > 1)
      .flatMap((countries) => countries.slice(1))
      .filter((country) => LEADING_DIGITS[country] === undefined);
    expect(withoutLeadingDigits.sort()).toEqual(SHARED_WITHOUT_LEADING_DIGITS);
  });
});

describe('generated calling code table', () => {
  const codes = Object.keys(COUNTRIES_BY_CALLING_CODE);

  it('is prefix-free, so a number has at most one calling code', () => {
    for (const code of codes) {
      expect(codes.filter((other) => other !== code && other.startsWith(code))).toEqual([]);
    }
  });

  it('has only codes of 1 to 3 digits that do not start with 0', () => {
    for (const code of codes) expect(code).toMatch(/^[1-9]\d{0,2}$/);
  });
});
