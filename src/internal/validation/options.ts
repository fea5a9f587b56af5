import { ValidationError, describeValue, type ValidationIssue } from '../../core/errors.js';
import { nearestName } from './nearest-name.js';
import { isRecord } from './is-record.js';

/** How a caller's options are refused: a `ValidationError` unless the caller documents another error. */
export type RefuseOptions = (issue: ValidationIssue, cause?: unknown) => Error;

const validationError: RefuseOptions = (issue) => new ValidationError([issue]);

export interface ReadOptionsSettings {
  /** What the argument is called when it is not an object. Default `options`. */
  readonly name?: string;
  /** Put before each field's name in an issue, e.g. `rateLimit.` for a nested object. Default none. */
  readonly prefix?: string;
  /** Names accepted but read by someone else (the argument is shared); not read here, not refused either. */
  readonly readElsewhere?: readonly string[];
  /** Whether a field not in `names` is refused. Default true; false leaves such fields unread, to be judged by another check. */
  readonly refuseUnknown?: boolean;
  readonly refuse?: RefuseOptions;
}

/**
 * The named fields of an options argument, each read once; those that read as
 * `undefined` are left out, as if not given. `undefined` means no options;
 * anything that is not an object (`null`, a string, an array), a field whose
 * getter throws, or a field not in `names` (a typo would otherwise be dropped
 * without a word) is refused naming the argument or the field.
 */
export function readOptions<Name extends string>(
  value: unknown,
  names: readonly Name[],
  { name = 'options', prefix = '', readElsewhere = [], refuseUnknown = true, refuse = validationError }: ReadOptionsSettings = {},
): Partial<Record<Name, unknown>> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    throw refuse({ field: name, value, rule: 'type', message: `must be an object of ${name}, got ${describeValue(value)}` });
  }
  for (const field in refuseUnknown ? value : {}) {
    if (!Object.hasOwn(value, field) || (names as readonly string[]).includes(field) || readElsewhere.includes(field)) continue;
    // Stored as undefined (no getter run), it is as if not given, like a known option left undefined.
    const descriptor = Object.getOwnPropertyDescriptor(value, field)!;
    if ('value' in descriptor && descriptor.value === undefined) continue;
    throw refuse(
      unknownFieldIssue(
        `${prefix}${field}`,
        [...names, ...readElsewhere].map((known) => `${prefix}${known}`),
      ),
    );
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
  return read;
}

/**
 * The issue for a field no known name matches, with the nearest known name
 * when one is close. The value is not shown: a misspelt `apikey` holds a key.
 */
function unknownFieldIssue(field: string, known: readonly string[]): ValidationIssue {
  const nearest = nearestName(field, known);
  const hint = nearest === undefined ? ` (known: ${known.map((name) => `\`${name}\``).join(', ')})` : `: did you mean \`${nearest}\`?`;
  return { field, value: undefined, rule: 'unknown', message: `unknown option \`${field}\`${hint}` };
}

/** Every field of an options type, by name: the record's type makes the compiler list each one. */
export function optionNames<Options>(fields: Record<keyof Options, true>): (keyof Options & string)[] {
  return Object.keys(fields) as (keyof Options & string)[];
}
