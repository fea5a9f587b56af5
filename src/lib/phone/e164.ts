/**
 * E.164 checks without libphonenumber-js: the wire format the API accepts plus
 * a country calling code that exists, from tables generated out of
 * libphonenumber-js metadata. Turning typed input into E.164 lives in
 * `phone-normalize.ts` (the `openphone-sdk/phone` entry point).
 */
import { COUNTRIES_BY_CALLING_CODE, LEADING_DIGITS } from '../../../generated/phone-tables.js';
import { ValidationError, describeValue, type ValidationIssue } from '../../core/errors.js';

/**
 * Where every message about a number that is not E.164 points, when the value holds digits: it is
 * probably a number as people write it, which `normalizePhoneNumber` turns into E.164.
 */
export function normalizeHint(value: unknown): string {
  return typeof value === 'string' && /\d/.test(value) ? ' (normalizePhoneNumber from "openphone-sdk/phone" converts numbers as people write them)' : '';
}

/** The pattern the spec gives E.164 phone number fields: the form alone, any calling code. */
export const E164_PATTERN = '^\\+[1-9]\\d{1,14}$';

/** E.164 allows at most 15 digits after the "+", calling code included. */
const MAX_DIGITS = 15;

/**
 * True when `value` is an E.164 phone number as the API expects it: "+", a
 * country calling code that exists, then the rest of the number, digits only,
 * at most 15 digits in all (`+15555555555`). It checks the form, not whether
 * the number has a possible length for its country: `normalizePhoneNumber`
 * from `openphone-sdk/phone` does that.
 */
export function isE164(value: unknown): value is string {
  return e164Problem(value) === undefined;
}

/** Throws a `ValidationError` naming `field` and the value unless `isE164(value)`. */
export function assertE164(value: unknown, field = 'phoneNumber'): asserts value is string {
  const issue = e164Issue(value, typeof field === 'string' ? field : 'phoneNumber');
  if (issue !== undefined) throw new ValidationError([issue]);
}

/** The problem with `value` as an E.164 number, as a validation issue for `field`. */
export function e164Issue(value: unknown, field: string): ValidationIssue | undefined {
  const problem = e164Problem(value);
  return problem === undefined ? undefined : { field, value, rule: 'e164', message: `${describeValue(value)} ${problem}` };
}

function e164Problem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string: expected an E.164 phone number such as "+15555555555"';
  if (!value.startsWith('+')) {
    return `is not in E.164 format: it must start with "+" and the country calling code, e.g. "+15555555555"${normalizeHint(value)}`;
  }
  const digits = value.slice(1);
  if (!/^\d+$/.test(digits)) {
    return `is not in E.164 format: only digits may follow the "+", without spaces or punctuation${normalizeHint(value)}`;
  }
  if (digits.length > MAX_DIGITS) return `has ${digits.length} digits; E.164 allows at most ${MAX_DIGITS}`;
  const callingCode = callingCodeOf(digits);
  if (callingCode === undefined) return 'does not start with a country calling code that exists';
  if (digits.length === callingCode.length) return `has the calling code +${callingCode} but no number after it`;
  return undefined;
}

/** Calling codes are prefix-free, so at most one of the first 1 to 3 digits is one. */
function callingCodeOf(digits: string): string | undefined {
  for (let length = 1; length <= 3; length++) {
    const candidate = digits.slice(0, length);
    if (Object.hasOwn(COUNTRIES_BY_CALLING_CODE, candidate)) return candidate;
  }
  return undefined;
}

/** Where an E.164 number is registered, as far as its calling code and leading digits tell. */
export interface NumberRegion {
  readonly callingCode: string;
  /**
   * ISO 3166-1 alpha-2 country; `null` for non-geographic codes (+800, +881, ...).
   * Where countries share a calling code, the first whose leading digits the number
   * starts with, else the code's main country. Countries that libphonenumber-js tells
   * apart only by complete number ranges, which this table leaves out to stay small,
   * count as the main country: Canada as US (+1), Guernsey and Jersey as GB (+44),
   * the Cocos and Christmas Islands as AU (+61), Western Sahara as MA (+212),
   * Mayotte as RE (+262), Saint Barthélemy and Saint Martin as GP (+590).
   */
  readonly country: string | null;
}

/** The region of a number that passed `isE164`. */
export function regionOfE164(e164: string): NumberRegion {
  const digits = e164.slice(1);
  const callingCode = callingCodeOf(digits)!;
  const countries = COUNTRIES_BY_CALLING_CODE[callingCode]!;
  const nationalNumber = digits.slice(callingCode.length);
  const country = countries.find((candidate) => leadingDigitsMatcher(candidate)?.test(nationalNumber)) ?? countries[0];
  return { callingCode, country: country ?? null };
}

/** True for the ISO 3166-1 alpha-2 codes of countries with a calling code. */
export function isKnownCountry(country: string): boolean {
  return knownCountries().has(country);
}

let countries: ReadonlySet<string> | undefined;

function knownCountries(): ReadonlySet<string> {
  countries ??= new Set(Object.values(COUNTRIES_BY_CALLING_CODE).flat());
  return countries;
}

const leadingDigitsMatchers = new Map<string, RegExp | null>();

function leadingDigitsMatcher(country: string): RegExp | null {
  let matcher = leadingDigitsMatchers.get(country);
  if (matcher === undefined) {
    const pattern = LEADING_DIGITS[country];
    matcher = pattern === undefined ? null : new RegExp(`^(?:${pattern})`);
    leadingDigitsMatchers.set(country, matcher);
  }
  return matcher;
}
