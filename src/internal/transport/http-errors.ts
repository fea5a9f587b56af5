import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  type OpenPhoneError,
  PaymentRequiredError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type ApiFieldError,
  type OpenPhoneErrorOptions,
  type OperationRef,
} from '../../core/errors.js';
import { NOT_RETRIED_NOTE } from './network-errors.js';
import type { RateLimitPause } from './rate-limit.js';
import { redactError } from './redact.js';
import { isRecord } from '../validation/is-record.js';

/** The fields the API sends, from either of the two shapes it is known to use. */
export interface ApiErrorBody {
  message?: string;
  code?: string;
  status?: number;
  title?: string;
  trace?: string;
  docs?: string;
  key?: string;
  errors?: ApiFieldError[];
}

const asString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Reads an error body: the flat shape the spec documents
 * (`{ message, code, status, title, trace, docs, errors[] }`) or the wrapped
 * one seen live (`{ error: { message, key, trace } }`). Anything else gives `{}`.
 */
export function parseErrorBody(body: unknown): ApiErrorBody {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!isRecord(value)) return {};
  const source = isRecord(value.error) ? { ...value, ...value.error } : value;
  const parsed: ApiErrorBody = {};
  const message = asString(source.message);
  if (message !== undefined) parsed.message = message;
  const code = asString(source.code) ?? (typeof source.code === 'number' ? String(source.code) : undefined);
  if (code !== undefined) parsed.code = code;
  if (typeof source.status === 'number') parsed.status = source.status;
  for (const field of ['title', 'trace', 'docs', 'key'] as const) {
    const text = asString(source[field]);
    if (text !== undefined) parsed[field] = text;
  }
  if (Array.isArray(source.errors)) parsed.errors = source.errors.filter(isRecord) as ApiFieldError[];
  return parsed;
}

/**
 * `Retry-After` in milliseconds, from delta-seconds or an HTTP date; undefined
 * when absent or unreadable. Every HTTP date form starts with the day's name,
 * so `-5` is neither: `Date.parse` would read it as the year -5.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/^[a-z]{3}/i.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

type ErrorClass = new (message: string, options: OpenPhoneErrorOptions) => OpenPhoneError;

const BY_STATUS: Record<number, ErrorClass> = {
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
};

export interface ResponseErrorContext {
  readonly operation: OperationRef & { readonly idempotent?: boolean };
  /** Removed from every string the error carries (status text, body, headers), in case the server echoes it. */
  readonly secret: string;
  /** The key's pause the client set on this 429, so the error can say how long calls on the key are held back. */
  readonly pause?: RateLimitPause | undefined;
}

/** Builds the typed error for an HTTP error response whose body has already been read. */
export function errorFromResponse(response: Response, body: unknown, context: ResponseErrorContext): OpenPhoneError {
  const { status } = response;
  const parsed = parseErrorBody(body);
  const { method, path } = context.operation;
  const fallback = response.statusText || `HTTP ${status}`;
  const detail = [String(status), parsed.code && `code ${parsed.code}`, parsed.trace && `trace ${parsed.trace}`].filter(Boolean).join(', ');
  // A 5xx means the API received the request; what it did with it is unknown.
  const mayHaveBeenProcessed = status >= 500;
  let message = `${method} ${path}: ${parsed.message ?? parsed.title ?? fallback} (${detail})`;
  if (mayHaveBeenProcessed && context.operation.idempotent === false) {
    message += NOT_RETRIED_NOTE;
  }
  const { pause } = context;
  if (status === 429 && pause) {
    message += `; calls on this API key are paused until ${pause.until.toISOString()}, and wait for it up to their maxQueueWait`;
  }
  const options: OpenPhoneErrorOptions = {
    status,
    ...(parsed.code !== undefined && { code: parsed.code }),
    ...(parsed.title !== undefined && { title: parsed.title }),
    ...(parsed.trace !== undefined && { trace: parsed.trace }),
    ...(parsed.docs !== undefined && { docs: parsed.docs }),
    ...(parsed.key !== undefined && { key: parsed.key }),
    operation: { method, path, ...(context.operation.operationId !== undefined && { operationId: context.operation.operationId }) },
    headers: headersToRecord(response.headers),
    mayHaveBeenProcessed,
  };
  return redactError(typedError(status, message, options, parsed, response.headers, pause), context.secret);
}

function typedError(status: number, message: string, options: OpenPhoneErrorOptions, parsed: ApiErrorBody, headers: Headers, pause: RateLimitPause | undefined): OpenPhoneError {
  if (status === 400) return new BadRequestError(message, { ...options, errors: parsed.errors ?? [] });
  if (status === 422) return new UnprocessableEntityError(message, { ...options, errors: parsed.errors ?? [] });
  if (status === 429) {
    const wait = retryAfterMs(headers);
    return new RateLimitError(message, {
      ...options,
      ...(wait !== undefined && { retryAfterMs: wait }),
      ...(pause && { pausedUntil: pause.until }),
    });
  }
  if (status >= 500) return new InternalServerError(message, options);
  const ErrorForStatus = BY_STATUS[status] ?? APIError;
  return new ErrorForStatus(message, options);
}
