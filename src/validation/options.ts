import { ValidationError, describeValue, type ValidationIssue } from '../errors.js';

/** How a caller's options are refused: a `ValidationError` unless the caller documents another error. */
export type RefuseOptions = (issue: ValidationIssue, cause?: unknown) => Error;

const validationError: RefuseOptions = (issue) => new ValidationError([issue]);

/**
 * The named fields of an options argument, each read once. `undefined` means
 * no options; anything that is not an object (`null`, a string, an array), or
 * a field whose getter throws, is refused naming the field.
 */
export function readOptions<Name extends string>(
  value: unknown,
  names: readonly Name[],
  refuse: RefuseOptions = validationError,
): Partial<Record<Name, unknown>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse({ field: 'options', value, rule: 'type', message: `must be an object of options, got ${describeValue(value)}` });
  }
  const read: Partial<Record<Name, unknown>> = {};
  for (const name of names) {
    try {
      read[name] = (value as Record<string, unknown>)[name];
    } catch (cause) {
      throw refuse({ field: name, value: undefined, rule: 'readable', message: 'could not be read: its getter threw' }, cause);
    }
  }
  return read;
}
