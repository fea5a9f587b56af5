import { ValidationError, describeValue } from '../errors.js';

/**
 * An options argument as an object to read fields from: `undefined` means none
 * given; anything that is not an object (`null`, a string, an array) is a
 * `ValidationError` naming `field`.
 */
export function optionsObject(value: unknown, field = 'options'): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ValidationError([
    { field, value, rule: 'type', message: `must be an object of options, got ${describeValue(value)}` },
  ]);
}
