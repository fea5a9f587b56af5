/**
 * Every error the SDK throws is an `OpenPhoneError`. HTTP failures map to a
 * subclass by status; network failures, timeouts, aborts and client-side
 * validation have their own classes. None of them ever carries the API key.
 */

import type { paths } from '../../generated/paths.js';
import { joinPath } from '../internal/validation/field-path.js';

/** The operation a request was for: enough to find it in the logs and the API reference. */
export interface OperationRef {
  readonly method: string;
  /** The path template when known (`/v1/messages/{id}`), otherwise the request path. */
  readonly path: string;
  readonly operationId?: string;
}

/** The 400 bodies both surfaces document: v1's flat shape and the dated envelope, whose `errors[]` entries agree. */
type DocumentedBadRequest =
  | paths['/v1/messages']['post']['responses'][400]['content']['application/json']
  | paths['/messages/{messageId}/retry']['post']['responses'][400]['content']['application/json'];

/**
 * One entry of the API's `errors[]` list, as received: the spec documents
 * every field, but a body from the network is not trusted to have them.
 */
export type ApiFieldError = Partial<NonNullable<DocumentedBadRequest['errors']>[number]>;

export interface OpenPhoneErrorOptions {
  readonly status?: number;
  readonly code?: string;
  readonly title?: string;
  readonly trace?: string;
  readonly docs?: string;
  readonly key?: string;
  readonly operation?: OperationRef;
  readonly headers?: Readonly<Record<string, string>>;
  readonly mayHaveBeenProcessed?: boolean;
  readonly cause?: unknown;
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

export class OpenPhoneError extends Error {
  override name = 'OpenPhoneError';
  /** HTTP status, when the API answered. */
  readonly status: number | undefined;
  /** The API's 7-digit error code, e.g. `0206400` (A2P registration not approved). */
  readonly code: string | undefined;
  readonly title: string | undefined;
  /** The API's trace id: quote it to OpenPhone support. */
  readonly trace: string | undefined;
  readonly docs: string | undefined;
  /** Machine-readable error key, sent by the API in its wrapped error shape (`{ error: { key } }`). */
  readonly key: string | undefined;
  readonly operation: OperationRef | undefined;
  /** Response headers, lower-cased (rate-limit or request-id headers, should the API send them). */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * True when the request may have reached the API and been acted on even though
   * it failed (a POST that timed out or got a 5xx). Such requests are never
   * retried automatically: check before sending again.
   */
  readonly mayHaveBeenProcessed: boolean;

  constructor(message: string, options: OpenPhoneErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.title = options.title;
    this.trace = options.trace;
    this.docs = options.docs;
    this.key = options.key;
    this.operation = options.operation;
    this.headers = options.headers ?? {};
    this.mayHaveBeenProcessed = options.mayHaveBeenProcessed ?? false;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      title: this.title,
      trace: this.trace,
      docs: this.docs,
      key: this.key,
      operation: this.operation,
      mayHaveBeenProcessed: this.mayHaveBeenProcessed,
      headers: this.headers,
    };
  }

  /** `util.inspect` shows the same fields as `toJSON`, never a request or its headers. */
  [inspectSymbol](): string {
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(this.toJSON(), null, 2)}`;
  }
}

export interface FieldErrorOptions extends OpenPhoneErrorOptions {
  readonly errors?: readonly ApiFieldError[];
}

/** An error whose body may list problems with individual fields (400, 422). */
export abstract class FieldError extends OpenPhoneError {
  /** The field-level problems the API listed, as it sent them. */
  readonly errors: readonly ApiFieldError[];
  /** The same problems as field issues, like a `ValidationError`'s: `errors[].path` `/to/0` becomes `to[0]`. */
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, options: FieldErrorOptions = {}) {
    super(message, options);
    this.errors = options.errors ?? [];
    this.issues = this.errors.map(fieldIssue);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors, issues: this.issues };
  }
}

/** The field named by a JSON Pointer (`/to/0`), written the way `ValidationIssue.field` is (`to[0]`). */
function fieldOfPath(path: string): string {
  if (!path.startsWith('/')) return path;
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((field, segment) => joinPath(field, /^\d+$/.test(segment) ? Number(segment) : segment), '');
}

function fieldIssue(error: ApiFieldError): ValidationIssue {
  return {
    field: typeof error.path === 'string' ? fieldOfPath(error.path) : '',
    value: error.value,
    rule: typeof error.schema?.type === 'string' ? error.schema.type : 'invalid',
    message: typeof error.message === 'string' ? error.message : 'rejected by the API',
  };
}

export class BadRequestError extends FieldError {
  override name = 'BadRequestError';
}

/** 422: the request was well formed but cannot be carried out, e.g. retrying a message that has not failed. */
export class UnprocessableEntityError extends FieldError {
  override name = 'UnprocessableEntityError';
}

export class AuthenticationError extends OpenPhoneError {
  override name = 'AuthenticationError';
}

export class PaymentRequiredError extends OpenPhoneError {
  override name = 'PaymentRequiredError';
}

export class PermissionDeniedError extends OpenPhoneError {
  override name = 'PermissionDeniedError';
}

export class NotFoundError extends OpenPhoneError {
  override name = 'NotFoundError';
}

export class ConflictError extends OpenPhoneError {
  override name = 'ConflictError';
}

export class RateLimitError extends OpenPhoneError {
  override name = 'RateLimitError';
  /** How long the API asked us to wait, from `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Until when the client holds back every call on this API key after this 429 (undefined with `rateLimit: false`). */
  readonly pausedUntil: Date | undefined;
  constructor(message: string, options: OpenPhoneErrorOptions & { retryAfterMs?: number; pausedUntil?: Date } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.pausedUntil = options.pausedUntil;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs, pausedUntil: this.pausedUntil?.toISOString() };
  }
}

export class InternalServerError extends OpenPhoneError {
  override name = 'InternalServerError';
}

/** Any other HTTP status the API answers with. */
export class APIError extends OpenPhoneError {
  override name = 'APIError';
}

/**
 * The API answered with success, but the body that should say what it did
 * could not be read: not JSON, empty, or `null`. The request was processed.
 */
export class InvalidResponseError extends OpenPhoneError {
  override name = 'InvalidResponseError';
}

/** A response body larger than the client's `maxResponseBytes`: reading stopped there, so memory stays bounded. */
export class ResponseTooLargeError extends InvalidResponseError {
  override name = 'ResponseTooLargeError';
  readonly limitBytes: number | undefined;
  constructor(message: string, options: OpenPhoneErrorOptions & { limitBytes?: number } = {}) {
    super(message, options);
    this.limitBytes = options.limitBytes;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limitBytes: this.limitBytes };
  }
}

/**
 * The API answered with a redirect (3xx), which it never documents. The SDK
 * does not follow redirects: following one would replay the request, a send
 * included, at another address, outside the rules for what may be retried.
 */
export class RedirectError extends OpenPhoneError {
  override name = 'RedirectError';
}

/** The request could not be completed on the network (refused, reset, DNS). */
export class ConnectionError extends OpenPhoneError {
  override name = 'ConnectionError';
}

/** An attempt took longer than its timeout. */
export class TimeoutError extends OpenPhoneError {
  override name = 'TimeoutError';
  readonly timeoutMs: number | undefined;
  constructor(message: string, options: OpenPhoneErrorOptions & { timeoutMs?: number } = {}) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. Named `AbortError` like the platform's, so existing checks keep working. */
export class AbortError extends OpenPhoneError {
  override name = 'AbortError';
}

export interface ValidationIssue {
  /** Dotted path of the offending input, e.g. `to[0]` or `defaultFields.phoneNumbers[1].value`. */
  readonly field: string;
  readonly value: unknown;
  /** Machine-readable rule name, e.g. `e164`, `maxLength`, `required`. */
  readonly rule: string;
  readonly message: string;
}

/** Input rejected before any request was sent. Lists every problem, not just the first. */
export class ValidationError extends OpenPhoneError {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], options: OpenPhoneErrorOptions = {}) {
    super(formatIssues(issues), options);
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  if (issues.length === 1) return `Invalid ${issues[0]!.field}: ${issues[0]!.message}`;
  return `${issues.length} invalid fields:\n${issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n')}`;
}

/** Shows a user-supplied value in a message: quoted, and cut short so a huge input cannot flood a log. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : safeStringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function safeStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  // JSON writes these as null, which would misquote the value a caller passed.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
