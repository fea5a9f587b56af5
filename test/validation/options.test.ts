import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../src/lib/sms/cost.js';
import { normalizePhoneNumber } from '../../src/lib/phone/normalize.js';
import { estimateSegments } from '../../src/lib/sms/segments.js';
import { validationIssues } from '../helpers/validation-issues.js';

const optionsIssue = (value: unknown) => [{ field: 'options', value, rule: 'type', message: expect.stringMatching(/^must be an object of options, got /) }];

describe('options arguments that are not objects', () => {
  it.each([null, 'yes', 3, [true]])('are a ValidationError naming options: %j', (options) => {
    expect(validationIssues(() => estimateSegments('hi', options as never))).toEqual(optionsIssue(options));
    expect(validationIssues(() => normalizePhoneNumber('+15555550123', options as never))).toEqual(optionsIssue(options));
    expect(validationIssues(() => estimateCost('hi', options as never))).toEqual(optionsIssue(options));
  });

  it('are the defaults when left out', () => {
    expect(estimateSegments('hi', undefined).smartEncoding).toBe(true);
    expect(normalizePhoneNumber('+1 555 555 0123', undefined)).toBe('+15555550123');
  });
});

describe('normalizePhoneNumber options', () => {
  it.each([
    [{ strict: 'yes' }, 'strict', 'must be true or false, got "yes"'],
    [{ field: 7 }, 'field', 'must be a string naming the input, got 7'],
  ])('refuses %j', (options, field, message) => {
    expect(validationIssues(() => normalizePhoneNumber('+15555550123', options as never))).toEqual([{ field, value: Object.values(options)[0], rule: 'type', message }]);
  });
});
