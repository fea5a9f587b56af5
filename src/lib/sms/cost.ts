/**
 * What a message will cost through the API: $0.01 per segment to US and Canadian
 * numbers; $0.01 plus a destination rate per segment anywhere else. The SDK
 * ships no destination rates: pass the ones you know, and recipients without
 * one are reported as unpriced, never as free.
 */
import { ValidationError, describeValue, type ValidationIssue } from '../../core/errors.js';
import { e164Issue, isKnownCountry, regionOfE164 } from '../phone/e164.js';
import { readOptions } from '../../internal/validation/options.js';
import { estimateSegments, type EstimateSegmentsOptions, type SegmentEstimate } from './segments.js';
import { isRecord } from '../../internal/validation/is-record.js';

/** An exact amount of US dollars. */
export interface UsdAmount {
  /** Millionths of a dollar, an integer: add these, never the decimal strings. */
  readonly micros: number;
  /** The same amount as a decimal string with at least two decimals, e.g. `"0.03"` or `"0.0475"`. */
  readonly usd: string;
}

/**
 * Destination rates in US dollars per segment, on top of the $0.01 every
 * segment costs, keyed by ISO 3166-1 alpha-2 country (`GB`, `MX`, ...). A
 * number (`0.0475`) or a decimal string (`"0.0475"`), at most 6 decimals.
 */
export type DestinationRates = Readonly<Record<string, number | string>>;

export interface EstimateCostOptions extends EstimateSegmentsOptions {
  /** One E.164 recipient or several: each is priced as its own send. */
  readonly to: string | readonly string[];
  readonly rates?: DestinationRates;
}

export interface RecipientCost {
  readonly to: string;
  /** `local` is the US and Canada. */
  readonly destination: 'local' | 'international';
  /**
   * The country whose rate applies (see `regionOfE164` for numbers of countries
   * that share a calling code); `null` for local numbers and for non-geographic
   * ones (+800, +881, ...), which no country rate can price.
   */
  readonly country: string | null;
  /** $0.01 plus the destination rate; `null` when the rate is unknown. */
  readonly perSegment: UsdAmount | null;
  /** `perSegment` times the message's segments; `null` when the rate is unknown. */
  readonly cost: UsdAmount | null;
}

export interface CostEstimate {
  /** The segment estimate the cost is based on (the same for every recipient). */
  readonly message: SegmentEstimate;
  readonly recipients: readonly RecipientCost[];
  /** The exact total, or `null` when any recipient's rate is unknown. */
  readonly total: UsdAmount | null;
  /** The sum over the recipients that could be priced: the total when all could, a lower bound otherwise. */
  readonly pricedTotal: UsdAmount;
  /** Recipients whose destination rate is unknown (pass it in `rates`). */
  readonly unpricedRecipients: readonly string[];
}

const MICROS_PER_DOLLAR = 1_000_000;
/** $0.01: the price of a segment to the US and Canada, and the base of every international one. */
const BASE_MICROS_PER_SEGMENT = 10_000;
const LOCAL_COUNTRIES: ReadonlySet<string | null> = new Set(['US', 'CA']);
const RATE_FORMAT = /^(\d+)(?:\.(\d{1,6}))?$/;

/**
 * Estimates what sending `text` to each of `to` costs, from `estimateSegments`
 * (smart encoding on unless `smartEncoding: false`). Throws a `ValidationError`
 * listing every invalid recipient (`to[0]`, ...) and rate (`rates.GB`, ...).
 */
export function estimateCost(text: string, options: EstimateCostOptions): CostEstimate {
  const { to, rates = {}, smartEncoding } = readOptions(options, ['to', 'rates', 'smartEncoding']);
  const issues: ValidationIssue[] = [];
  let message: SegmentEstimate | undefined;
  try {
    message = estimateSegments(text, { smartEncoding: smartEncoding as boolean | undefined });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    issues.push(...error.issues);
  }
  const recipients = recipientList(to, issues);
  const ratesByCountry = destinationRates(rates, issues);
  if (message === undefined || issues.length > 0) throw new ValidationError(issues);

  const segments = message.segments;
  const priced = recipients.map((recipient) => priceRecipient(recipient, segments, ratesByCountry));
  const pricedMicros = priced.reduce((sum, recipient) => sum + (recipient.cost?.micros ?? 0), 0);
  const unpricedRecipients = priced.filter((recipient) => recipient.cost === null).map((recipient) => recipient.to);
  return {
    message,
    recipients: priced,
    total: unpricedRecipients.length === 0 ? usdAmount(pricedMicros) : null,
    pricedTotal: usdAmount(pricedMicros),
    unpricedRecipients,
  };
}

/** `rates` is keyed by country; a non-geographic number (`country` null) finds no rate. */
function priceRecipient(to: string, segments: number, rates: ReadonlyMap<string | null, number>): RecipientCost {
  const { country } = regionOfE164(to);
  if (LOCAL_COUNTRIES.has(country)) {
    return { to, destination: 'local', country: null, ...perSegmentCost(BASE_MICROS_PER_SEGMENT, segments) };
  }
  const rate = rates.get(country);
  if (rate === undefined) return { to, destination: 'international', country, perSegment: null, cost: null };
  return { to, destination: 'international', country, ...perSegmentCost(BASE_MICROS_PER_SEGMENT + rate, segments) };
}

function perSegmentCost(micros: number, segments: number): Pick<RecipientCost, 'perSegment' | 'cost'> {
  return { perSegment: usdAmount(micros), cost: usdAmount(micros * segments) };
}

function recipientList(to: unknown, issues: ValidationIssue[]): string[] {
  if (typeof to === 'string') {
    const issue = e164Issue(to, 'to');
    if (issue !== undefined) issues.push(issue);
    return [to];
  }
  if (!Array.isArray(to) || to.length === 0) {
    issues.push({
      field: 'to',
      value: to,
      rule: 'minItems',
      message: `must be an E.164 number or a non-empty list of them, got ${describeValue(to)}`,
    });
    return [];
  }
  to.forEach((recipient: unknown, index) => {
    const issue = e164Issue(recipient, `to[${index}]`);
    if (issue !== undefined) issues.push(issue);
  });
  return to as string[];
}

/** Validates the rate table and converts each rate to micro-dollars. */
function destinationRates(rates: unknown, issues: ValidationIssue[]): ReadonlyMap<string, number> {
  const converted = new Map<string, number>();
  if (!isRecord(rates)) {
    issues.push({
      field: 'rates',
      value: rates,
      rule: 'type',
      message: `must be an object of rates by country, e.g. { GB: 0.04 }, got ${describeValue(rates)}`,
    });
    return converted;
  }
  for (const [country, rate] of Object.entries(rates)) {
    const field = `rates.${country}`;
    if (!isKnownCountry(country)) {
      issues.push({
        field,
        value: country,
        rule: 'country',
        message: `${describeValue(country)} is not the ISO 3166-1 alpha-2 code of a country with phone numbers (e.g. GB, not UK)`,
      });
    } else if (LOCAL_COUNTRIES.has(country)) {
      issues.push({
        field,
        value: rate,
        rule: 'localCountry',
        message: `${country} is priced at $0.01 per segment; rates are for international destinations`,
      });
    } else {
      const micros = usdToMicros(rate);
      if (micros === undefined) {
        issues.push({
          field,
          value: rate,
          rule: 'rate',
          message: `${describeValue(rate)} is not a rate: give US dollars per segment, 0 or more, at most 6 decimals (0.0475)`,
        });
      } else {
        converted.set(country, micros);
      }
    }
  }
  return converted;
}

/** Parses a dollar amount (a number or decimal text) exactly: 0.0475 becomes 47 500 micro-dollars. */
export function usdToMicros(rate: unknown): number | undefined {
  if (typeof rate !== 'string' && typeof rate !== 'number') return undefined;
  const match = RATE_FORMAT.exec(typeof rate === 'string' ? rate.trim() : String(rate));
  if (match === null) return undefined;
  const micros = Number(match[1]) * MICROS_PER_DOLLAR + Number((match[2] ?? '').padEnd(6, '0'));
  return Number.isSafeInteger(micros) ? micros : undefined;
}

/** An exact amount from micro-dollars. */
export function usdAmount(micros: number): UsdAmount {
  const fraction = micros % MICROS_PER_DOLLAR;
  const dollars = (micros - fraction) / MICROS_PER_DOLLAR;
  const decimals = String(fraction).padStart(6, '0').replace(/0+$/, '').padEnd(2, '0');
  return { micros, usd: `${dollars}.${decimals}` };
}
