/**
 * Every error the SDK throws is an `OpenPhoneError`. HTTP failures map to a
 * subclass by status; network failures, timeouts, aborts and client-side
 * validation have their own classes. None of them ever carries the API key.
 */

/** The operation a request was for: enough to find it in the logs and the API reference. */
export interface OperationRef {
  readonly method: string;
  /** The path template when known (`/v1/messages/{id}`), otherwise the request path. */
  readonly path: string;
  readonly operationId?: string;
}

/** One entry of the API's `errors[]` list on 400 responses. */
export interface ApiFieldError {
  readonly path?: string;
  readonly message?: string;
  readonly value?: unknown;
  readonly schema?: { readonly type?: string };
  readonly [key: string]: unknown;
}

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

export class BadRequestError extends OpenPhoneError {
  override name = 'BadRequestError';
  /** The field-level problems the API listed, if any. */
  readonly errors: readonly ApiFieldError[];
  constructor(message: string, options: OpenPhoneErrorOptions & { errors?: readonly ApiFieldError[] } = {}) {
    super(message, options);
    this.errors = options.errors ?? [];
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
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
  constructor(message: string, options: OpenPhoneErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}

export class InternalServerError extends OpenPhoneError {
  override name = 'InternalServerError';
}

/** Any other HTTP status the API answers with. */
export class APIError extends OpenPhoneError {
  override name = 'APIError';
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
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
