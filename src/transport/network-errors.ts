import { ConnectionError, type OperationRef } from '../errors.js';
import { redact } from './redact.js';

/**
 * Failures that happen before a single byte of the request can reach the
 * server: nothing was processed, so even a POST may be sent again.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Appended to every failure of a non-idempotent request that may have been acted on. */
export const NOT_RETRIED_NOTE =
  '. The request may have been processed by the API, so it was not retried: check before sending it again';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The innermost error code (`ECONNRESET`, ...) of a fetch failure, searching causes and aggregate errors. */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const e = error as ErrorLike;
  const nested = networkErrorCode(e.cause, depth + 1);
  if (nested) return nested;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = networkErrorCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return typeof e.code === 'string' ? e.code : undefined;
}

/**
 * A network failure as a `ConnectionError`. Its cause keeps only the code and
 * message: a custom fetch may attach the request (and so the API key) to its errors.
 */
export function connectionError(
  error: unknown,
  operation: OperationRef & { idempotent: boolean },
  secret: string,
): ConnectionError {
  const code = networkErrorCode(error);
  const mayHaveBeenProcessed = !(code !== undefined && NOT_SENT_CODES.has(code));
  const originalMessage = redact(error instanceof Error ? error.message : String(error), secret);
  const reason = code ?? originalMessage;
  let message = `${operation.method} ${operation.path}: connection failed (${reason})`;
  if (mayHaveBeenProcessed && !operation.idempotent) {
    message += NOT_RETRIED_NOTE;
  }
  const cause = new Error(originalMessage);
  if (code !== undefined) Object.assign(cause, { code });
  return new ConnectionError(message, { operation: refOf(operation), mayHaveBeenProcessed, cause });
}

/** The public part of an operation, without transport-only fields. */
export function refOf(operation: OperationRef): OperationRef {
  return {
    method: operation.method,
    path: operation.path,
    ...(operation.operationId !== undefined && { operationId: operation.operationId }),
  };
}
