import type { ValidationIssue } from '../errors.js';
import type { Constraint, OperationDescriptor } from '../operation-types.js';
import { e164Issue } from '../phone.js';
import { checkConstraint } from '../validation/constraints.js';

/** The pattern the spec gives E.164 fields. */
const E164_PATTERN = '^\\+[1-9]\\d{1,14}$';

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

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

function passes(value: unknown, constraint: Constraint): boolean {
  const trial: ValidationIssue[] = [];
  checkConstraint(value, constraint, '', trial);
  return trial.length === 0;
}

/**
 * The real API refuses E.164-shaped numbers whose calling code does not exist
 * (`+999…`). Runs on values that already pass the schema, so only the branch
 * a value took is followed: `from` may be a `PN…` id or a number.
 */
function checkCallingCodes(value: unknown, constraint: Constraint, field: string, issues: ValidationIssue[]): void {
  if (constraint.pattern === E164_PATTERN && typeof value === 'string') {
    const issue = e164Issue(value, field);
    if (issue) issues.push(issue);
    return;
  }
  const branch = (constraint.anyOf ?? constraint.oneOf)?.find((b) => passes(value, b));
  if (branch) checkCallingCodes(value, branch, field, issues);
  for (const part of constraint.allOf ?? []) checkCallingCodes(value, part, field, issues);
  if (Array.isArray(value) && constraint.items) {
    value.forEach((item, i) => checkCallingCodes(item, constraint.items!, joinPath(field, i), issues));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [name, child] of Object.entries(constraint.properties ?? {})) {
      const property = (value as Record<string, unknown>)[name];
      if (property !== undefined) checkCallingCodes(property, child, joinPath(field, name), issues);
    }
  }
}

function check(value: unknown, constraint: Constraint, field: string, issues: ValidationIssue[]): void {
  const before = issues.length;
  checkConstraint(value, constraint, field, issues);
  if (issues.length === before) checkCallingCodes(value, constraint, field, issues);
}

/** Checks path and query parameters and the body against the operation's constraints in the spec. */
export function checkRequest(operation: OperationDescriptor, params: Record<string, string>, search: URLSearchParams, body: unknown): CheckedRequest {
  const issues: ValidationIssue[] = [];
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    const value =
      parameter.in === 'path' ? params[parameter.name] : parameter.in === 'query' ? queryValue(search, parameter.name, parameter.schema) : undefined;
    if (parameter.in === 'query' && value !== undefined) query[parameter.name] = value;
    if (value === undefined) {
      if (parameter.required) issues.push({ field: parameter.name, value, rule: 'required', message: 'is required' });
      continue;
    }
    check(value, parameter.schema, parameter.name, issues);
  }
  if (operation.requestBody) {
    if (body === undefined) {
      if (operation.requestBody.required) issues.push({ field: 'body', value: body, rule: 'required', message: 'is required' });
    } else {
      check(body, operation.requestBody.schema, '', issues);
    }
  }
  return { query, issues };
}
