/**
 * Turns phone numbers as people write them into E.164. This module loads
 * libphonenumber-js with its full ("max") metadata, which `strict` needs to
 * know which number ranges are assigned; it is the `openphone-sdk/phone` entry
 * point so that code which never normalizes does not load it.
 */
import { ParseError, isSupportedCountry, parsePhoneNumberWithError, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { ValidationError, describeValue } from '../../core/errors.js';
import { readOptions } from '../../internal/validation/options.js';

export interface NormalizePhoneNumberOptions {
  /**
   * ISO 3166-1 alpha-2 country (any case) of numbers written without a country
   * calling code, e.g. `'US'` for `(555) 555-5555`.
   */
  readonly defaultCountry?: string;
  /**
   * Also require a number range that is actually assigned in that country.
   * Default `false`: any number of a possible length for its country is
   * accepted, such as the fictional 555 numbers of the API documentation.
   */
  readonly strict?: boolean;
  /** The name of the input in error messages. Default `'phoneNumber'`. */
  readonly field?: string;
}

const E164_MAX_DIGITS = 15;

/** Most of the world dials 00 before a country calling code; tried when a number does not read as national. */
const INTERNATIONAL_00 = /^00/;

/**
 * The E.164 form (`+15555555555`) of a phone number written in any common way:
 * `(555) 555-5555`, `555.555.5555`, `+1 555 555 5555`, `001 555 555 5555`,
 * `+44 (0)20 7946 0958`. Throws a `ValidationError` naming the field and the
 * value, and saying why: no country given, too short, too long, not a possible
 * length, or (with `strict`) not an assigned number.
 */
export function normalizePhoneNumber(input: string, options: NormalizePhoneNumberOptions = {}): string {
  const given = readOptions(options, ['strict', 'field', 'defaultCountry']);
  const { strict = false, field = 'phoneNumber' } = given;
  if (typeof field !== 'string') throw invalidOption('field', field, 'must be a string naming the input');
  if (typeof strict !== 'boolean') throw invalidOption('strict', strict, 'must be true or false');
  const reject = (rule: string, problem: string): never => {
    throw new ValidationError([{ field, value: input, rule, message: `${describeValue(input)} ${problem}` }]);
  };
  if (typeof input !== 'string') return reject('type', 'is not a string');
  const defaultCountry = checkedCountry(given.defaultCountry);

  const trimmed = input.trim();
  const attempts = [parse(trimmed, defaultCountry)];
  if (INTERNATIONAL_00.test(trimmed)) attempts.push(parse(trimmed.replace(INTERNATIONAL_00, '+'), undefined));
  const number = attempts.find((attempt) => attempt.number?.isPossible())?.number;
  if (number === undefined) {
    const failure = attempts[attempts.length - 1]!;
    return reject(...(failure.number ? lengthFailure(failure) : parseFailure(failure)));
  }
  const digits = number.number.length - 1;
  if (digits > E164_MAX_DIGITS) {
    return reject('tooLong', `is too long: with its calling code it has ${digits} digits, and E.164 allows ${E164_MAX_DIGITS}`);
  }
  if (number.ext !== undefined) {
    return reject('extension', `has an extension (${number.ext}), which a text message cannot reach`);
  }
  if (strict && !number.isValid()) {
    return reject('unassigned', `is not in a number range assigned in ${regionName(number)} (strict validation)`);
  }
  // A national number that still starts with the trunk prefix ("0 0...") would read back as another number.
  if (parse(number.number, undefined).number?.number !== number.number) {
    return reject('phoneNumber', 'is not a phone number');
  }
  return number.number;
}

function invalidOption(field: string, value: unknown, problem: string): ValidationError {
  return new ValidationError([{ field, value, rule: 'type', message: `${problem}, got ${describeValue(value)}` }]);
}

function checkedCountry(country: unknown): CountryCode | undefined {
  if (country === undefined) return undefined;
  const code = typeof country === 'string' ? country.toUpperCase() : '';
  if (isSupportedCountry(code)) return code;
  throw new ValidationError([
    {
      field: 'defaultCountry',
      value: country,
      rule: 'country',
      message: `${describeValue(country)} is not an ISO 3166-1 alpha-2 country code with a numbering plan (e.g. US, GB)`,
    },
  ]);
}

interface Attempt {
  readonly input: string;
  readonly defaultCountry: CountryCode | undefined;
  /** The number libphonenumber-js read, or else its reason (`TOO_SHORT`, `INVALID_COUNTRY`, ...). */
  readonly number?: PhoneNumber;
  readonly reason?: string;
}

function parse(input: string, defaultCountry: CountryCode | undefined): Attempt {
  try {
    return { input, defaultCountry, number: parsePhoneNumberWithError(input, { defaultCountry, extract: false }) };
  } catch (error) {
    if (error instanceof ParseError) return { input, defaultCountry, reason: error.message };
    throw error;
  }
}

function parseFailure({ input, defaultCountry, reason }: Attempt): [string, string] {
  switch (reason) {
    case 'INVALID_COUNTRY':
      return input.includes('+') || INTERNATIONAL_00.test(input) || defaultCountry !== undefined
        ? ['callingCode', 'does not start with a country calling code that exists']
        : ['country', 'has no country calling code: write it with "+" and the code, or pass defaultCountry'];
    case 'TOO_SHORT':
      return ['tooShort', 'is too short to be a phone number'];
    case 'TOO_LONG':
      return ['tooLong', 'is too long to be a phone number'];
    default:
      return ['phoneNumber', 'is not a phone number'];
  }
}

function lengthFailure({ input, defaultCountry, number }: Attempt): [string, string] {
  const region = regionName(number!);
  switch (validatePhoneNumberLength(input, { defaultCountry })) {
    case 'TOO_SHORT':
      return ['tooShort', `is too short for a number in ${region}`];
    case 'TOO_LONG':
      return ['tooLong', `is too long for a number in ${region}`];
    default:
      return ['length', `has a length that no number in ${region} has`];
  }
}

function regionName(number: PhoneNumber): string {
  return number.country ?? `the +${number.countryCallingCode} numbering plan`;
}
