import { ConnectionError, type OperationRef } from '../../core/errors.js';
import { redactText } from './redact.js';

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
export const NOT_RETRIED_NOTE = '. The request may have been processed by the API, so it was not retried: check before sending it again';

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

/** The innermost of a failure's causes, where the real reason is: "bad port", "getaddrinfo ENOTFOUND api.example". */
function innermost(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) current = current.cause;
  return current;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The chain of causes with only each one's name, message and code: a custom
 * fetch may attach the request (and so the API key) to its errors.
 */
function safeCause(error: unknown, secret: string, depth = 0): Error {
  const copy = new Error(redactText(messageOf(error), secret), {
    ...(depth < 5 && error instanceof Error && error.cause !== undefined && { cause: safeCause(error.cause, secret, depth + 1) }),
  });
  if (error instanceof Error) copy.name = error.name;
  const code = (error as ErrorLike | null)?.code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}

/**
 * A network failure as a `ConnectionError`, naming its innermost reason. With
 * `status`, the API had answered and the body was lost on the way.
 */
export function connectionError(error: unknown, operation: OperationRef & { idempotent: boolean }, secret: string, status?: number): ConnectionError {
  const code = networkErrorCode(error);
  const mayHaveBeenProcessed = status !== undefined || !(code !== undefined && NOT_SENT_CODES.has(code));
  const reason = redactText(messageOf(innermost(error)), secret);
  const what = status === undefined ? 'connection failed' : `connection lost while reading the ${status} response`;
  let message = `${operation.method} ${operation.path}: ${what} (${code !== undefined && !reason.includes(code) ? `${code}: ${reason}` : reason})`;
  if (mayHaveBeenProcessed && !operation.idempotent) {
    message += NOT_RETRIED_NOTE;
  }
  return new ConnectionError(message, {
    operation: refOf(operation),
    mayHaveBeenProcessed,
    cause: safeCause(error, secret),
    ...(status !== undefined && { status }),
  });
}

/** The public part of an operation, without transport-only fields. */
export function refOf(operation: OperationRef): OperationRef {
  return {
    method: operation.method,
    path: operation.path,
    ...(operation.operationId !== undefined && { operationId: operation.operationId }),
  };
}
