import type { ValidationIssue } from '../../core/errors.js';
import type { Constraint, OperationDescriptor } from '../operation-types.js';
import { E164_PATTERN, e164Issue } from '../../lib/phone/e164.js';
import { checkConstraint } from './constraints.js';
import { isRecord } from './is-record.js';
import { joinPath } from './field-path.js';

/** A request as values (not yet serialised): path and query parameters by name, and the JSON body. */
export interface RequestParts {
  readonly path?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/**
 * Every way `parts` breaks what the spec declares for `operation`: required
 * parameters, patterns, lengths, item counts, bounds; and, for fields the spec
 * patterns as E.164, a calling code that exists (the pattern alone lets
 * `+999…` through, which the API refuses). Fields are named as the API names
 * them (`participants[0]`, `to[0]`, `defaultFields.emails[1].value`).
 */
export function requestIssues(operation: OperationDescriptor, parts: RequestParts): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue;
    const value = parts[parameter.in]?.[parameter.name];
    // An empty list puts nothing in the query string, so for the API it is absent.
    const absent = value === undefined || (parameter.in === 'query' && Array.isArray(value) && value.length === 0);
    if (absent) {
      if (parameter.required) issues.push({ field: parameter.name, value, rule: 'required', message: 'is required' });
      continue;
    }
    check(value, parameter.schema, parameter.name, issues);
  }
  if (operation.requestBody) {
    if (parts.body === undefined) {
      if (operation.requestBody.required) issues.push({ field: 'body', value: undefined, rule: 'required', message: 'is required' });
    } else {
      const before = issues.length;
      check(parts.body, operation.requestBody.schema, '', issues);
      // Issues with the body as a whole (`null`, a string) name it.
      issues.splice(before, Infinity, ...issues.slice(before).map((issue) => (issue.field === '' ? { ...issue, field: 'body' } : issue)));
    }
  }
  return issues;
}

function check(value: unknown, constraint: Constraint, field: string, issues: ValidationIssue[]): void {
  const before = issues.length;
  checkConstraint(value, constraint, field, issues);
  // A number that already broke the schema is reported once; the others are still checked.
  checkCallingCodes(value, constraint, field, issues, new Set(issues.slice(before).map((issue) => issue.field)));
}

function passes(value: unknown, constraint: Constraint): boolean {
  const trial: ValidationIssue[] = [];
  checkConstraint(value, constraint, '', trial);
  return trial.length === 0;
}

/**
 * Follows a value down the branches of the schema it took (`from` may be a
 * `PN…` id or a number) and checks every E.164-patterned string in it, not
 * already in `flagged`, for a calling code that exists.
 */
function checkCallingCodes(value: unknown, constraint: Constraint, field: string, issues: ValidationIssue[], flagged: ReadonlySet<string>): void {
  if (constraint.pattern === E164_PATTERN && typeof value === 'string') {
    const issue = flagged.has(field) ? undefined : e164Issue(value, field);
    if (issue) issues.push(issue);
    return;
  }
  const branch = (constraint.anyOf ?? constraint.oneOf)?.find((b) => passes(value, b));
  if (branch) checkCallingCodes(value, branch, field, issues, flagged);
  for (const part of constraint.allOf ?? []) checkCallingCodes(value, part, field, issues, flagged);
  if (Array.isArray(value) && constraint.items) {
    for (const [i, item] of value.entries()) checkCallingCodes(item, constraint.items, joinPath(field, i), issues, flagged);
  }
  if (isRecord(value)) {
    for (const [name, child] of Object.entries(constraint.properties ?? {})) {
      const property = value[name];
      if (property !== undefined) checkCallingCodes(property, child, joinPath(field, name), issues, flagged);
    }
  }
}
