/**
 * Answers for operations the sandbox has no route for: the documented success
 * status with a body built from the spec's examples and schemas, so a spec
 * that gains operations is served at once (statelessly).
 */
import type { RouteResult } from './responses.js';
import type { JsonSchema, SpecOperation } from './spec.js';

const PLACEHOLDER_TIME = '2025-01-01T00:00:00.000Z';

/** A string for a pattern the spec uses: a literal prefix (`^PN(.*)$`), digits, or anything. */
function stringFor(schema: JsonSchema): string {
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  if (pattern === '^\\+[1-9]\\d{1,14}$') return '+15555550100';
  if (pattern === '^[0-9]+$') return '1';
  const prefix = pattern && /^\^([A-Za-z0-9_-]*)\(\.\*\)\$$/.exec(pattern)?.[1];
  if (prefix !== undefined && prefix !== null) return `${prefix}sandbox1`;
  switch (schema.format) {
    case 'date-time':
      return PLACEHOLDER_TIME;
    case 'uri':
    case 'uri-reference':
      return 'https://example.com/';
    case 'email':
      return 'user@example.com';
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return 'sandbox'.padEnd(minLength, 'x');
}

/** The schema's own example, when it has one. */
function exampleOf(schema: JsonSchema): { value: unknown } | undefined {
  if ('example' in schema) return { value: schema.example };
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { value: schema.examples[0] };
  return undefined;
}

/**
 * A value of `schema`: its example where it has one, else one built from its
 * type, format and pattern. Objects get every declared property; `anyOf`
 * takes the first branch that is not `null`.
 */
export function exampleValue(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 32) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (branches) {
    const example = exampleOf(schema);
    if (example) return example.value;
    const branch = branches.find((b) => b.type !== 'null') ?? branches[0];
    return exampleValue(branch, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...(schema.allOf as JsonSchema[]).map((part) => exampleValue(part, depth + 1)));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || (type === undefined && schema.properties)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    return Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, exampleValue(child, depth + 1)]));
  }
  if (type === 'array') {
    const example = exampleOf(schema);
    if (example && Array.isArray(example.value)) return example.value;
    const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
    return Array.from({ length: count }, () => exampleValue(schema.items as JsonSchema | undefined, depth + 1));
  }
  const example = exampleOf(schema);
  // Some examples break their own schema (`OP1232abc` for a `^PN` id): a pattern decides.
  const fitsPattern = typeof schema.pattern !== 'string' || (typeof example?.value === 'string' && new RegExp(schema.pattern, 'u').test(example.value));
  if (example && fitsPattern) return example.value;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

/**
 * The operation's documented success: the documented example body when
 * `fits` the response schema, else one built from the schema.
 */
export function specAnswer(operation: SpecOperation, fits: (body: unknown) => boolean): RouteResult {
  const documented = operation.responses[String(operation.successStatus)];
  // A 204 has no body, whatever the spec lists for it.
  if (!documented?.schema || operation.successStatus === 204) return { status: operation.successStatus };
  const body = documented.example !== undefined && fits(documented.example) ? documented.example : exampleValue(documented.schema);
  return { status: operation.successStatus, body };
}
