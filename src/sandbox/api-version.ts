/**
 * The dated API's version header: required on every dated operation, with no
 * default, and checked before the API key, as the API does.
 */
import { describeValue } from '../errors.js';
import { apiError, type ErrorResult } from './responses.js';
import type { JsonSchema, SpecOperation } from './spec.js';

export const API_VERSION_HEADER = 'Quo-Api-Version';

/** The 400 for a missing or unsupported version, in the dated error envelope; `undefined` when the header is right. */
export function apiVersionProblem(operation: SpecOperation, sent: string | string[] | undefined): ErrorResult | undefined {
  const declared = operation.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === API_VERSION_HEADER.toLowerCase());
  if (!declared) return undefined;
  const schema: JsonSchema = declared.schema;
  const supported = (schema.enum as readonly string[] | undefined) ?? [];
  if (typeof sent === 'string' && supported.includes(sent)) return undefined;
  // The header's own description in the spec says what it takes ("API version header. Supported values: 2026-03-30").
  const documented = typeof schema.description === 'string' ? schema.description : `Supported values: ${supported.join(', ')}`;
  const [problem, rule] = sent === undefined ? ['is required', 'required'] : [`${describeValue(sent)} is not supported`, 'enum'];
  const message = `${API_VERSION_HEADER} ${problem}. ${documented}`;
  return apiError(operation, 400, message, [{ path: `/${API_VERSION_HEADER}`, message, value: sent, schema: { type: rule } }]);
}
