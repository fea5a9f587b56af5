import { ValidationError, type OperationRef, type ValidationIssue } from '../core/errors.js';
import type { Constraint, OperationDescriptor } from '../internal/operation-types.js';
import { pathParameterNames } from '../internal/operation-paths.js';
import { nearestName } from '../internal/validation/nearest-name.js';
import { readOptions } from '../internal/validation/options.js';
import type { RequestParts } from '../internal/validation/request.js';
import { methods } from '../../generated/methods.js';
import { isRecord } from '../internal/validation/is-record.js';

/** A date the API takes as ISO 8601 text. */
export type DateInput = Date | string;

export function isoDate(value: DateInput | undefined): string | undefined {
  if (!(value instanceof Date)) return value;
  // An invalid Date has no ISO form; its text fails the spec's date-time check with the field named.
  return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
}

/** One value or a list of them. */
export type OneOrMany<T> = T | readonly T[];

/** The values as a list; none when left out, so a required list is reported missing by name. */
export function asList<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** The v1 method a top-level method has a twin in, and that method's operation. */
export interface V1Twin {
  /** `client.v1.messages.list`. */
  readonly method: string;
  readonly operation: OperationDescriptor;
}

let twinsById: ReadonlyMap<string, { readonly method: string; readonly operationId: string }> | undefined;

/**
 * The v1 twin of a top-level method's operation: the v1 method of the same
 * resource and method name (`messages.list` and `v1.messages.list`), read
 * from the generated method table; none for a method v1 has no twin of.
 */
export function v1TwinOf(operationId: string): { readonly method: string; readonly operationId: string } | undefined {
  twinsById ??= new Map(
    Object.entries(methods).flatMap(([name, entry]) => {
      const twin = name.startsWith('v1.') ? undefined : (methods as Readonly<Record<string, { readonly operationId: string }>>)[`v1.${name}`];
      return twin && twin.operationId !== entry.operationId ? [[entry.operationId, { method: `client.v1.${name}`, operationId: twin.operationId }] as const] : [];
    }),
  );
  return twinsById.get(operationId);
}

/**
 * A derived method's arguments as the request they stand for: path ids in
 * template order, and one params object whose fields the operation's table
 * sorts into query and body. Dates become ISO text and one value a list where
 * the spec wants one; a field the operation does not declare (or only as
 * deprecated) is refused, naming the nearest one it does, or, when it is a
 * field of the method's v1 twin, naming the v1 method that takes it.
 */
export function requestOf(operation: OperationDescriptor, pathIds: readonly unknown[], params: unknown, twin?: V1Twin): RequestParts {
  const path = Object.fromEntries(pathParameterNames(operation.path).map((name, index) => [name, pathIds[index]]));
  const query = operation.parameters.filter((parameter) => parameter.in === 'query' && !parameter.deprecated);
  const bodySchema = operation.requestBody?.schema;
  const bodyFields = bodySchema?.properties ?? {};
  // A body that is not an object of named fields is the params object itself.
  if (operation.requestBody && bodySchema?.properties === undefined && query.length === 0) {
    if (twin) refuseV1Fields(operation, params, twin, bodySchema?.allOf?.flatMap((branch) => Object.keys(branch.properties ?? {})) ?? []);
    return { path, body: params };
  }
  const known = [...query.map((parameter) => parameter.name), ...Object.keys(bodyFields)];
  if (twin) refuseV1Fields(operation, params, twin, known);
  refuseUnknown(operation, params, known);
  const given = readOptions(params, known, { name: 'params', refuse: (issue) => new ValidationError([issue], { operation: refOf(operation) }) });
  const queryValues = Object.fromEntries(query.filter((parameter) => given[parameter.name] !== undefined).map((parameter) => [parameter.name, asSent(given[parameter.name], parameter.schema)]));
  const bodyNames = Object.keys(bodyFields).filter((name) => given[name] !== undefined);
  // No params at all is no body, which a required body refuses; params of query fields only still send the required body, empty.
  const body =
    bodyNames.length > 0 || (operation.requestBody?.required && params !== undefined) ? Object.fromEntries(bodyNames.map((name) => [name, asSent(given[name], bodyFields[name]!)])) : undefined;
  return { path, query: queryValues, ...(body !== undefined && { body }) };
}

function refuseUnknown(operation: OperationDescriptor, params: unknown, known: readonly string[]): void {
  if (!isRecord(params)) return;
  const issues: ValidationIssue[] = Object.keys(params)
    .filter((field) => !known.includes(field))
    .map((field) => {
      const nearest = nearestName(field, known);
      const hint = nearest ? `: did you mean \`${nearest}\`?` : known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)';
      return { field, value: storedValue(params, field), rule: 'unknown', message: `is not a field of ${operation.operationId}${hint}` };
    });
  if (issues.length > 0) throw new ValidationError(issues, { operation: refOf(operation) });
}

/** Fields the v1 twin takes and `operation` does not, each refused naming the v1 method to call instead. */
function refuseV1Fields(operation: OperationDescriptor, params: unknown, twin: V1Twin, known: readonly string[]): void {
  if (!isRecord(params)) return;
  const v1Fields = new Set([
    ...twin.operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
    ...Object.keys(twin.operation.requestBody?.schema?.properties ?? {}),
  ]);
  const issues: ValidationIssue[] = Object.keys(params)
    .filter((field) => v1Fields.has(field) && !known.includes(field))
    .map((field) => ({ field, value: storedValue(params, field), rule: 'v1Field', message: `is taken only by v1's ${twin.operation.operationId}: call ${twin.method}(...) for it` }));
  if (issues.length > 0) throw new ValidationError(issues, { operation: refOf(operation) });
}

/** The value as stored: a getter of a field nobody reads is not run. */
function storedValue(params: object, field: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(params, field);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

const branches = (schema: Constraint) => [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
const isList = (schema: Constraint) => branches(schema).some((branch) => branch.type === 'array' || (Array.isArray(branch.type) && branch.type.includes('array')));
const takesDateTime = (schema: Constraint) => branches(schema).some((branch) => branch.format === 'date-time');

/** One value as the spec wants it sent: a list for a list field, ISO text for a date-time. */
function asSent(value: unknown, schema: Constraint): unknown {
  if (isList(schema)) return asList(value);
  if (takesDateTime(schema) && value instanceof Date) return isoDate(value);
  return value;
}

export function refOf(operation: OperationDescriptor): OperationRef {
  return { method: operation.method.toUpperCase(), path: operation.path, operationId: operation.operationId };
}
