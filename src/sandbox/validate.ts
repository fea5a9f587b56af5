import type { ValidationIssue } from '../errors.js';
import type { Constraint, OperationDescriptor } from '../operation-types.js';
import { requestIssues } from '../validation/request.js';

export interface CheckedRequest {
  /** The operation's query parameters, typed as their schemas say. */
  readonly query: Record<string, unknown>;
  /** Every way the request breaks the spec. */
  readonly issues: ValidationIssue[];
}

/** Query values typed the way the parameter's schema says, so they can be checked like JSON. */
function queryValue(query: URLSearchParams, name: string, schema: Constraint): unknown {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  const types = [schema.type, ...(schema.anyOf ?? []).map((b) => b.type)].flat();
  const coerce = (value: string, type: unknown): unknown => {
    if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
    if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
    return value;
  };
  if (types.includes('array')) {
    const itemType = schema.items?.type ?? schema.anyOf?.find((b) => b.type === 'array')?.items?.type;
    return values.map((v) => coerce(v, itemType));
  }
  return coerce(values[0]!, types.find((t) => t !== 'null'));
}

/** Checks path and query parameters and the body against the operation's constraints in the spec. */
export function checkRequest(operation: OperationDescriptor, params: Record<string, string>, search: URLSearchParams, body: unknown): CheckedRequest {
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query') continue;
    const value = queryValue(search, parameter.name, parameter.schema);
    if (value !== undefined) query[parameter.name] = value;
  }
  return { query, issues: requestIssues(operation, { path: params, query, body }) };
}
