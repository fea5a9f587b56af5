import { describe, expect, it } from 'vitest';
import { estimateCost } from '../src/lib/sms/cost.js';
import { validationIssues } from './helpers/validation-issues.js';

const US = '+12133734253';
const CANADA = '+14165550123';
const JAMAICA = '+18765551234';
const UK = '+442079460958';
const FRANCE = '+33612345678';
const MEXICO = '+525512345678';

describe('estimateCost: US and Canada', () => {
  it('charges $0.01 per segment', () => {
    const estimate = estimateCost('Hello!', { to: US });
    expect(estimate.message.segments).toBe(1);
    expect(estimate.recipients).toEqual([{ to: US, destination: 'local', country: null, perSegment: { micros: 10_000, usd: '0.01' }, cost: { micros: 10_000, usd: '0.01' } }]);
    expect(estimate.total).toEqual({ micros: 10_000, usd: '0.01' });
    expect(estimate.unpricedRecipients).toEqual([]);
  });

  it('multiplies by the segment count', () => {
    const estimate = estimateCost('a'.repeat(161), { to: CANADA });
    expect(estimate.message.segments).toBe(2);
    expect(estimate.total?.usd).toBe('0.02');
  });

  it('prices the fictional 555 numbers of the documentation as US', () => {
    expect(estimateCost('Hi', { to: '+15555555555' }).recipients[0]).toMatchObject({ destination: 'local' });
  });

  it('counts segments with smart encoding unless told otherwise', () => {
    const text = `It’s ${'a'.repeat(150)}`;
    expect(estimateCost(text, { to: US }).total?.usd).toBe('0.01');
    expect(estimateCost(text, { to: US, smartEncoding: false }).total?.usd).toBe('0.03');
  });
});

describe('estimateCost: international', () => {
  it('charges $0.01 plus the destination rate per segment', () => {
    const estimate = estimateCost('a'.repeat(200), { to: UK, rates: { GB: 0.04 } });
    expect(estimate.recipients[0]).toEqual({
      to: UK,
      destination: 'international',
      country: 'GB',
      perSegment: { micros: 50_000, usd: '0.05' },
      cost: { micros: 100_000, usd: '0.10' },
    });
    expect(estimate.total?.usd).toBe('0.10');
  });

  it('treats other NANP countries such as Jamaica (+1 876) as international', () => {
    const estimate = estimateCost('Hi', { to: JAMAICA, rates: { JM: '0.09' } });
    expect(estimate.recipients[0]).toMatchObject({ destination: 'international', country: 'JM', perSegment: { usd: '0.10' } });
  });

  it('reports an unknown rate as unknown, never as zero', () => {
    const estimate = estimateCost('Hi', { to: [US, JAMAICA], rates: { GB: 0.04 } });
    expect(estimate.recipients[1]).toMatchObject({ to: JAMAICA, country: 'JM', perSegment: null, cost: null });
    expect(estimate.total).toBeNull();
    expect(estimate.pricedTotal.usd).toBe('0.01');
    expect(estimate.unpricedRecipients).toEqual([JAMAICA]);
  });

  it('cannot price non-geographic numbers by country', () => {
    const estimate = estimateCost('Hi', { to: '+80012345678', rates: { GB: 0.04 } });
    expect(estimate.recipients[0]).toMatchObject({ destination: 'international', country: null, cost: null });
    expect(estimate.total).toBeNull();
  });
});

describe('estimateCost: several recipients and exact money', () => {
  it('prices each recipient and adds them up', () => {
    const estimate = estimateCost('a'.repeat(161), { to: [US, UK, FRANCE], rates: { GB: 0.04, FR: '0.075' } });
    expect(estimate.recipients.map((recipient) => recipient.cost?.usd)).toEqual(['0.02', '0.10', '0.17']);
    expect(estimate.total).toEqual({ micros: 290_000, usd: '0.29' });
  });

  it('adds without floating-point drift', () => {
    // In floating point, 0.11 + 0.21 is 0.32000000000000006.
    const estimate = estimateCost('Hi', { to: [UK, FRANCE], rates: { GB: 0.1, FR: 0.2 } });
    expect(estimate.total).toEqual({ micros: 320_000, usd: '0.32' });
  });

  it('keeps fractions of a cent exactly', () => {
    const estimate = estimateCost('a'.repeat(307), { to: [MEXICO, MEXICO, MEXICO], rates: { MX: 0.0475 } });
    expect(estimate.recipients[0]?.perSegment?.usd).toBe('0.0575');
    expect(estimate.recipients[0]?.cost?.usd).toBe('0.1725');
    expect(estimate.total).toEqual({ micros: 517_500, usd: '0.5175' });
  });

  it('prices rates of $10 or more per segment', () => {
    const estimate = estimateCost('a'.repeat(161), { to: [UK, FRANCE], rates: { GB: 12.5, FR: '10' } });
    expect(estimate.recipients.map((recipient) => [recipient.perSegment, recipient.cost])).toEqual([
      [
        { micros: 12_510_000, usd: '12.51' },
        { micros: 25_020_000, usd: '25.02' },
      ],
      [
        { micros: 10_010_000, usd: '10.01' },
        { micros: 20_020_000, usd: '20.02' },
      ],
    ]);
    expect(estimate.total).toEqual({ micros: 45_040_000, usd: '45.04' });
  });

  it('reads a rate given as text with whitespace around it', () => {
    const estimate = estimateCost('Hi', { to: [UK, FRANCE], rates: { GB: ' 0.04 ', FR: '\t0.0475\n' } });
    expect(estimate.recipients.map((recipient) => recipient.perSegment?.micros)).toEqual([50_000, 57_500]);
  });

  it('adds many small amounts exactly', () => {
    const recipients = Array.from({ length: 1000 }, () => FRANCE);
    expect(estimateCost('Hi', { to: recipients, rates: { FR: 0.000001 } }).total).toEqual({ micros: 10_001_000, usd: '10.001' });
  });

  it('costs nothing for the empty message, which the API would reject anyway', () => {
    expect(estimateCost('', { to: US }).total).toEqual({ micros: 0, usd: '0.00' });
  });
});

describe('estimateCost: invalid input', () => {
  it('names every invalid recipient by index, with its value', () => {
    const issues = validationIssues(() => estimateCost('Hi', { to: [US, '+1 555 555 5555', UK, '5555555555'] }));
    expect(issues).toEqual([expect.objectContaining({ field: 'to[1]', value: '+1 555 555 5555', rule: 'e164' }), expect.objectContaining({ field: 'to[3]', value: '5555555555', rule: 'e164' })]);
  });

  it('names a single invalid recipient "to"', () => {
    expect(validationIssues(() => estimateCost('Hi', { to: '+9991234567' }))).toEqual([expect.objectContaining({ field: 'to', value: '+9991234567' })]);
  });

  it('requires at least one recipient', () => {
    expect(validationIssues(() => estimateCost('Hi', { to: [] }))).toEqual([expect.objectContaining({ field: 'to', rule: 'minItems' })]);
  });

  it.each([
    [{ UK: 0.04 }, 'rates.UK', 'country'],
    [{ gb: 0.04 }, 'rates.gb', 'country'],
    [{ US: 0.01 }, 'rates.US', 'localCountry'],
    [{ CA: 0 }, 'rates.CA', 'localCountry'],
    [{ GB: -0.01 }, 'rates.GB', 'rate'],
    [{ GB: '4 cents' }, 'rates.GB', 'rate'],
    [{ GB: 0.0000001 }, 'rates.GB', 'rate'],
    [{ GB: Number.NaN }, 'rates.GB', 'rate'],
    [{ GB: null }, 'rates.GB', 'rate'],
  ])('rejects the rate table %j at %s (%s)', (rates, field, rule) => {
    const issues = validationIssues(() => estimateCost('Hi', { to: UK, rates: rates as Record<string, number> }));
    expect(issues).toEqual([expect.objectContaining({ field, rule })]);
  });

  it.each([
    [null, 'null'],
    [['GB', 0.04], '["GB",0.04]'],
    ['GB=0.04', '"GB=0.04"'],
  ])('refuses a rate table that is not an object: %j', (rates, shown) => {
    expect(validationIssues(() => estimateCost('Hi', { to: UK, rates: rates as unknown as Record<string, number> }))).toEqual([
      { field: 'rates', value: rates, rule: 'type', message: `must be an object of rates by country, e.g. { GB: 0.04 }, got ${shown}` },
    ]);
  });

  it('says what a missing list of recipients should have been', () => {
    const expected = (value: unknown, shown: string) => [{ field: 'to', value, rule: 'minItems', message: `must be an E.164 number or a non-empty list of them, got ${shown}` }];
    expect(validationIssues(() => estimateCost('Hi', { to: [] }))).toEqual(expected([], '[]'));
    expect(validationIssues(() => estimateCost('Hi', { to: 12133734253 as unknown as string }))).toEqual(expected(12133734253, '12133734253'));
  });

  it('explains each refused rate in its message', () => {
    const issues = validationIssues(() => estimateCost('Hi', { to: UK, rates: { UK: 0.04, US: 0.01, GB: '4 cents' } }));
    expect(issues).toEqual([
      {
        field: 'rates.UK',
        value: 'UK',
        rule: 'country',
        message: '"UK" is not the ISO 3166-1 alpha-2 code of a country with phone numbers (e.g. GB, not UK)',
      },
      {
        field: 'rates.US',
        value: 0.01,
        rule: 'localCountry',
        message: 'US is priced at $0.01 per segment; rates are for international destinations',
      },
      {
        field: 'rates.GB',
        value: '4 cents',
        rule: 'rate',
        message: '"4 cents" is not a rate: give US dollars per segment, 0 or more, at most 6 decimals (0.0475)',
      },
    ]);
  });

  it.each([[[0.04]], [{ toString: () => '0.04' }], [true]])('refuses a rate that is neither a number nor text: %j', (rate) => {
    expect(validationIssues(() => estimateCost('Hi', { to: UK, rates: { GB: rate as unknown as number } }))).toEqual([expect.objectContaining({ field: 'rates.GB', value: rate, rule: 'rate' })]);
  });

  it('refuses a rate too large to count exactly in micro-dollars', () => {
    // Number.MAX_SAFE_INTEGER is 9 007 199 254 740 991 micro-dollars.
    expect(estimateCost('Hi', { to: UK, rates: { GB: '9007199254' } }).total?.micros).toBe(9_007_199_254_010_000);
    expect(validationIssues(() => estimateCost('Hi', { to: UK, rates: { GB: '9007199255' } }))).toEqual([expect.objectContaining({ field: 'rates.GB', value: '9007199255', rule: 'rate' })]);
  });

  it('lists every problem at once', () => {
    const issues = validationIssues(() => estimateCost(7 as unknown as string, { to: ['nope'], rates: { UK: 1 } }));
    expect(issues.map((issue) => issue.field)).toEqual(['text', 'to[0]', 'rates.UK']);
  });
});
