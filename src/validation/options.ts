import { ValidationError, describeValue, type ValidationIssue } from '../errors.js';

/** How a caller's options are refused: a `ValidationError` unless the caller documents another error. */
export type RefuseOptions = (issue: ValidationIssue, cause?: unknown) => Error;

const validationError: RefuseOptions = (issue) => new ValidationError([issue]);

export interface ReadOptionsSettings {
  /** What the argument is called when it is not an object. Default `options`. */
  readonly name?: string;
  /** Put before each field's name in an issue, e.g. `rateLimit.` for a nested object. Default none. */
  readonly prefix?: string;
  readonly refuse?: RefuseOptions;
  /** Refuse fields of other names: a misspelt `maxSegment` would otherwise be a guard silently not applied. */
  readonly refuseUnknown?: boolean;
  /** With `refuseUnknown`, fields another reader of the same argument takes. */
  readonly alsoRead?: readonly string[];
}

/**
 * The named fields of an options argument, each read once; those that read as
 * `undefined` are left out, as if not given. `undefined` means no options;
 * anything that is not an object (`null`, a string, an array), a field
 * whose getter throws, or (with `refuseUnknown`) a field of another name, is
 * refused naming the argument or the field.
 */
export function readOptions<Name extends string>(
  value: unknown,
  names: readonly Name[],
  { name = 'options', prefix = '', refuse = validationError, refuseUnknown = false, alsoRead = [] }: ReadOptionsSettings = {},
): Partial<Record<Name, unknown>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse({ field: name, value, rule: 'type', message: `must be an object of ${name}, got ${describeValue(value)}` });
  }
  const read: Partial<Record<Name, unknown>> = {};
  for (const field of names) {
    let given: unknown;
    try {
      given = (value as Record<string, unknown>)[field];
    } catch (cause) {
      throw refuse({ field: `${prefix}${field}`, value: undefined, rule: 'readable', message: 'could not be read: its getter threw' }, cause);
    }
    if (given !== undefined) read[field] = given;
  }
  if (refuseUnknown) refuseUnknownFields(value, new Set<string>([...names, ...alsoRead]), prefix, refuse);
  return read;
}

function refuseUnknownFields(value: object, known: ReadonlySet<string>, prefix: string, refuse: RefuseOptions): void {
  for (const unknown of Object.keys(value).filter((field) => !known.has(field))) {
    // The value as stored: a getter is not run for a field nobody reads; one left undefined is as if not given.
    const descriptor = Object.getOwnPropertyDescriptor(value, unknown)!;
    if ('value' in descriptor && descriptor.value === undefined) continue;
    const given = descriptor.value;
    throw refuse({ field: `${prefix}${unknown}`, value: given, rule: 'unknown', message: `is unknown here (known: ${[...known].join(', ')})` });
  }
}

/** Every field of an options type, by name: the record's type makes the compiler list each one. */
export function optionNames<Options>(fields: Record<keyof Options, true>): (keyof Options & string)[] {
  return Object.keys(fields) as (keyof Options & string)[];
}
