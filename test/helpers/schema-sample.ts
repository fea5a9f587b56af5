/**
 * A value a request schema of the operation tables accepts, built from the
 * schema alone: ids with the prefix their pattern fixes, E.164 numbers, dates,
 * the first of an enum, required fields only. A schema it cannot satisfy
 * throws, naming the schema, so a spec with a new kind of constraint fails
 * loudly instead of sending something invalid.
 */
import type { Constraint } from '../../src/internal/operation-types.js';

const DATE_TIME = '2026-04-01T09:30:00.000Z';
const SAMPLE_URL = 'https://example.com/hooks';

/**
 * Texts tried, in order, for a string whose pattern fixes no id prefix. An
 * E.164 number first: it is also fine free text, and some fields take only
 * numbers without a pattern saying so. Its last digits tell list items apart.
 */
const CANDIDATES = (suffix: string) => [`+155555501${suffix}`, '123', 'Hello', 'text'];

export function sampleOf(schema: Constraint, index = 0): unknown {
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const branches = schema.anyOf ?? schema.oneOf;
  const branch = branches?.find((b) => b.type !== 'null') ?? branches?.[0];
  if (type === 'object' || (type === undefined && schema.properties)) {
    // Branches of an object add what one of them requires (`oneOf: [{ required: [a] }, { required: [b] }]`).
    return objectOf({ ...schema, required: [...(schema.required ?? []), ...(branch?.required ?? [])], properties: { ...schema.properties, ...branch?.properties } });
  }
  if (branch) return sampleOf(branch, index);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sampleOf(part, index)));
  if (type === 'array') return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, (_, i) => sampleOf(schema.items ?? {}, i));
  if (type === 'integer' || type === 'number') return numberOf(schema);
  if (type === 'boolean') return true;
  return stringOf(schema, index);
}

/** The required fields; the first field when none is required, as an update of nothing is refused. */
function objectOf(schema: Constraint): Record<string, unknown> {
  const offered = Object.entries(schema.properties ?? {}).filter(([, property]) => !property.deprecated);
  const required = schema.required ?? [];
  const chosen = required.length > 0 ? offered.filter(([name]) => required.includes(name)) : offered.slice(0, 1);
  return Object.fromEntries(chosen.map(([name, property]) => [name, sampleOf(property)]));
}

function numberOf(schema: Constraint): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : Infinity);
  if (low > high) throw new Error(`no number fits ${JSON.stringify(schema)}`);
  return low;
}

/** `index` tells the items of one list apart (distinct recipients of a group send). */
function stringOf(schema: Constraint, index: number): string {
  if (schema.format === 'date-time') return DATE_TIME;
  if (schema.format === 'date') return DATE_TIME.slice(0, 10);
  if (schema.format === 'uri' || schema.format === 'url') return SAMPLE_URL;
  if (schema.format === 'email') return 'ada@example.com';
  const suffix = String(index).padStart(2, '0');
  const prefix = schema.pattern === undefined ? undefined : /^\^([A-Za-z0-9_-]+)\(\.\*\)\$$/.exec(schema.pattern)?.[1];
  const candidates = prefix !== undefined ? [`${prefix}123abc${suffix}`] : CANDIDATES(suffix).map((text) => text.padEnd(schema.minLength ?? 0, 'x'));
  const fits = (text: string) =>
    (schema.pattern === undefined || new RegExp(schema.pattern, 'u').test(text)) && text.length >= (schema.minLength ?? 0) && text.length <= (schema.maxLength ?? Infinity);
  const found = candidates.find(fits);
  if (found === undefined) throw new Error(`no sample text fits ${JSON.stringify(schema)}`);
  return found;
}
