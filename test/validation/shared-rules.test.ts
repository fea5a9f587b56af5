import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import type { ValidationIssue } from '../../src/core/errors.js';
import { checkConstraint } from '../../src/internal/validation/constraints.js';
import { isDateTime } from '../../src/internal/validation/date-time.js';
import { joinPath } from '../../src/internal/validation/field-path.js';
import { isRecord } from '../../src/internal/validation/is-record.js';
import { withoutTrailingSlashes } from '../../src/internal/trailing-slashes.js';
import { customFieldValue } from '../../src/sandbox/contacts.js';

/** Ajv's `date-time` check, which the sandbox validates requests with. */
const ajvDateTime = (fullFormats['date-time'] as { validate: (text: string) => boolean }).validate;

const dateField = { name: 'Due', key: 'due', type: 'date' } as Parameters<typeof customFieldValue>[0];

const accepted = ['2025-01-31T09:00:00Z', '2025-01-31t09:00:00z', '2025-01-31 09:00:00Z', '2025-01-31T09:00:00.123+05:30', '2025-01-31T09:00:00-08:00'];
const refused = ['2025-01-31', '2025-01-31T09:00:00', '2025-01-31T09:00Z', '2025-13-01T09:00:00Z', '2025-01-31T25:00:00Z', '2025-01-31T09:00:00+0530', ' 2025-01-31T09:00:00Z', 'tomorrow'];

describe('the date-time rule', () => {
  it.each(accepted)('accepts %s in the client check, the sandbox contact fields and the sandbox validator', (text) => {
    const issues: ValidationIssue[] = [];
    checkConstraint(text, { type: 'string', format: 'date-time' }, 'createdAfter', issues);
    expect(isDateTime(text)).toBe(true);
    expect(issues).toEqual([]);
    expect(customFieldValue(dateField, 'f1', text)).toMatchObject({ value: text });
    expect(ajvDateTime(text)).toBe(true);
  });

  it.each(refused)('refuses %s in the client check and the sandbox contact fields alike', (text) => {
    const issues: ValidationIssue[] = [];
    checkConstraint(text, { type: 'string', format: 'date-time' }, 'createdAfter', issues);
    expect(isDateTime(text)).toBe(false);
    expect(issues).toMatchObject([{ field: 'createdAfter', value: text, rule: 'format' }]);
    expect(customFieldValue(dateField, 'f1', text)).toMatch(/is not a valid value for the date field "due"/);
  });
});

describe('isRecord', () => {
  it('is true for plain objects and false for arrays, null and other values', () => {
    expect([{}, { a: 1 }, Object.create(null)].map(isRecord)).toEqual([true, true, true]);
    expect([[], [1], null, undefined, 'x', 1, () => {}].map(isRecord)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('joinPath', () => {
  it('names nested fields with dots and list entries with brackets', () => {
    expect(joinPath('', 'to')).toBe('to');
    expect(joinPath('to', 0)).toBe('to[0]');
    expect(joinPath(joinPath(joinPath('', 'body'), 'phoneNumbers'), 1)).toBe('body.phoneNumbers[1]');
  });
});

describe('withoutTrailingSlashes', () => {
  it('drops every trailing slash and nothing else', () => {
    expect(withoutTrailingSlashes('https://host/base///')).toBe('https://host/base');
    expect(withoutTrailingSlashes('https://host/a/b')).toBe('https://host/a/b');
    expect(withoutTrailingSlashes('/')).toBe('');
  });
});
