import type { ValidationIssue } from '../errors.js';
import type { OperationDescriptor } from '../operation-types.js';
import { checkConstraint } from './constraints.js';

/** A request as values (not yet serialised): path and query parameters by name, and the JSON body. */
export interface RequestParts {
  readonly path?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

/**
 * Every way `parts` breaks what the spec declares for `operation`: required
 * parameters, patterns, lengths, item counts, bounds. Fields are named as the
 * API names them (`participants[0]`, `to[0]`, `defaultFields.emails[1].value`).
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
    checkConstraint(value, parameter.schema, parameter.name, issues);
  }
  if (operation.requestBody) {
    if (parts.body === undefined) {
      if (operation.requestBody.required) issues.push({ field: 'body', value: undefined, rule: 'required', message: 'is required' });
    } else {
      checkConstraint(parts.body, operation.requestBody.schema, '', issues);
    }
  }
  return issues;
}
