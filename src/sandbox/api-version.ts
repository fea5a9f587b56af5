/**
 * The dated API's version header: required on every dated operation, with no
 * default, and checked before the API key, as the API does.
 */
import { describeValue } from '../core/errors.js';
import { apiError, type ErrorResult } from './responses.js';
import type { SandboxOperation } from './operations.js';

export const API_VERSION_HEADER = 'Quo-Api-Version';

/**
 * The 400 for a missing or unsupported value of a header the operation fixes
 * (the dated API's version), in the API's error shape; `undefined` when every
 * fixed header is right.
 */
export function apiVersionProblem(operation: SandboxOperation, headers: Readonly<Record<string, string | string[] | undefined>>): ErrorResult | undefined {
  for (const [name, supported] of Object.entries(operation.fixedHeaders)) {
    const sent = headers[name.toLowerCase()];
    if (sent === supported) continue;
    const [problem, rule] = sent === undefined ? ['is required', 'required'] : [`${describeValue(sent)} is not supported`, 'enum'];
    // As the API words it, from the header's description in the spec.
    const message = `${name} ${problem}. API version header. Supported values: ${supported}`;
    return apiError(operation, 400, message, [{ path: `/${name}`, message, value: sent, schema: { type: rule } }]);
  }
  return undefined;
}
