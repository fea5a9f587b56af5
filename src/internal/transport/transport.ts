import pRetry from 'p-retry';
import { AbortError, ConnectionError, InvalidResponseError, OpenPhoneError, RedirectError, ResponseTooLargeError, TimeoutError, type OperationRef } from '../../core/errors.js';
import type { LevelledLogger, LogFields } from '../../core/logging.js';
import { MAX_TIMER_MS, checkCallOptions } from './call-options.js';
import { headersToRecord, parseErrorBody, retryAfterMs } from './http-errors.js';
import { NOT_RETRIED_NOTE, connectionError, refOf } from './network-errors.js';
import { redact, redactError, redactOutput, redactingLogger } from './redact.js';
import { isIdempotentMethod, type MatchedOperation, type OperationMatcher, type RequestOperation } from './operations.js';
import { DEFAULT_RATE_LIMIT, withJitter, type RateLimitPause, type RateLimiter } from './rate-limit.js';
import { delay, raceAbort } from './signals.js';
import { isRecord } from '../validation/is-record.js';

/** The shape of `fetch` the SDK needs: a `Request`, and a per-attempt signal to honour. `globalThis.fetch` fits. */
export type FetchFn = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface RetryEvent {
  readonly operation: OperationRef;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** How long the SDK waits before the next attempt. */
  readonly delayMs: number;
  /** The HTTP status, when the API answered. */
  readonly status?: number;
  /** The network failure or timeout, when it did not. */
  readonly error?: OpenPhoneError;
}

/** How a call is attempted: set per client, overridable per call. */
export interface AttemptOptions {
  /**
   * Per-attempt timeout in milliseconds: from the moment the attempt is sent
   * (after any wait for the rate limit) until its whole body has been read.
   */
  readonly timeout?: number | undefined;
  /** `false` for a single attempt, or a different retry budget for this call. */
  readonly retry?: false | { readonly maxRetries?: number | undefined } | undefined;
  /** Called before each retry, e.g. for logging. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Headers for this call, over the client's own. `Authorization` and `Quo-Api-Version` are the SDK's to set. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Longest wait for a rate-limit slot, in ms, per attempt; beyond it the call fails with `QueueWaitError`, never
   * sent. Defaults to the client's `maxQueueWait`, else to `timeout`; `Infinity` waits as long as it takes.
   */
  readonly maxQueueWait?: number | undefined;
}

/** Options every call takes. */
export interface CallOptions extends AttemptOptions {
  /** Cancels the call wherever it is: queued for the rate limit, in flight, or waiting to retry. */
  readonly signal?: AbortSignal | undefined;
}

export interface TransportConfig {
  readonly apiKey: string;
  /** When absent, `globalThis.fetch` is looked up at call time. */
  readonly fetch: FetchFn | undefined;
  readonly limiter: RateLimiter | null;
  readonly maxRetries: number;
  readonly timeout: number;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
  readonly maxQueueWait: number | undefined;
  /** The spec's operations, for requests that come without theirs (the raw client's). */
  readonly operations: OperationMatcher;
  /** The path of the base URL (`/quo` for `https://proxy.example.com/quo`), before every operation's path; empty for none. */
  readonly basePath: string;
  /** Throws a `ValidationError` for an operation the base URL's host does not route. */
  readonly hostServes: (matched: MatchedOperation) => void;
  readonly logger: LevelledLogger;
  /** Whether debug lines may show request and response bodies, which hold customers' messages and numbers. */
  readonly logContent: boolean;
  /** The largest response body read, in bytes; a larger one fails with `ResponseTooLargeError`. */
  readonly maxResponseBytes: number;
}

/** One call as it moves through the layers. */
export interface Exchange {
  /** The request to send. The retry layer gives every attempt with a body its own copy. */
  readonly request: Request;
  readonly operation: RequestOperation;
  /** The caller's signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** The caller's signal combined with this attempt's timeout, once the timeout layer has set one. */
  readonly attemptSignal?: AbortSignal;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly onRetry: readonly ((event: RetryEvent) => void)[];
  readonly logger: LevelledLogger;
  readonly maxQueueWait: number | undefined;
  /**
   * `mayHaveBeenProcessed`: set once any attempt may have reached the API, so an abort can say whether it was too late.
   * `answeredAt`: when the latest attempt's response headers arrived (`performance.now()`), before its body is read:
   * the rate limiter times the round trip and the slot's hold from it.
   */
  readonly state: { mayHaveBeenProcessed: boolean; answeredAt?: number };
  /** This attempt's number, from 1, and when it started (before any wait for the rate limit), set by the retry layer. */
  readonly attempt?: { readonly number: number; readonly queuedAt: number };
}

export type Handler = (exchange: Exchange) => Promise<Response>;
export type Layer = (next: Handler) => Handler;

/** Longest `Retry-After` the SDK waits for; beyond it the call fails with the server's answer. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const RETRYABLE_SERVER_STATUSES = new Set([500, 502, 503, 504]);

/** Exponential, with jitter between half and the whole step so clients that failed together do not retry together. */
export function backoffMs(attempt: number): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + Math.random() / 2));
}

/** Signals p-retry to try again; the final one is unwrapped and returned, keeping the raw client's contract. */
class RetryableResponse extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

function shouldRetryStatus(status: number, operation: RequestOperation): boolean {
  if (status === 429) return true;
  return operation.idempotent && RETRYABLE_SERVER_STATUSES.has(status);
}

/** How long to wait before retrying after `error`, or undefined when it must not be retried. */
function retryDelay(error: unknown, attempt: number, operation: RequestOperation): number | undefined {
  if (error instanceof RetryableResponse) {
    const requested = retryAfterMs(error.response.headers);
    if (requested !== undefined && requested > MAX_RETRY_AFTER_MS) return undefined;
    return requested === undefined ? backoffMs(attempt) : withJitter(requested, DEFAULT_RATE_LIMIT.interval);
  }
  // The same answer would come again.
  if (error instanceof ResponseTooLargeError) return undefined;
  if (error instanceof ConnectionError || error instanceof TimeoutError || error instanceof InvalidResponseError) {
    // Refused before sending: nothing happened, any method may go again.
    if (error.mayHaveBeenProcessed && !operation.idempotent) return undefined;
    return backoffMs(attempt);
  }
  return undefined;
}

/**
 * An exception thrown by the caller's own code (an `onRetry` hook, a logger),
 * carried through the pipeline so it surfaces as itself, not as a network failure.
 */
class CallerCodeFailure {
  constructor(readonly error: unknown) {}
}

function runCallerCode(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    throw new CallerCodeFailure(error);
  }
}

/**
 * Attempts, with p-retry counting them and honouring the caller's signal. The
 * first attempt runs before p-retry is involved, so the common case (it
 * succeeds) pays nothing for the retry machinery.
 */
export function retryLayer(): Layer {
  return (next) => async (exchange) => {
    let attempts = 0;
    const attempt = async () => {
      attempts += 1;
      // A body can be read once, so each attempt sends a copy; a bodiless request can be sent again as is.
      const request = exchange.request.body === null ? exchange.request : exchange.request.clone();
      const response = await next({ ...exchange, request, attempt: { number: attempts, queuedAt: performance.now() } });
      if (shouldRetryStatus(response.status, exchange.operation)) throw new RetryableResponse(response);
      return response;
    };
    /** Decides whether `error` is retried; if so, reports it and waits (honouring Retry-After) first. */
    const waitToRetry = async (error: unknown): Promise<boolean> => {
      const wait = retryDelay(error, attempts, exchange.operation);
      if (wait === undefined) return false;
      const event: RetryEvent = {
        operation: refOf(exchange.operation),
        attempt: attempts,
        delayMs: wait,
        ...(error instanceof RetryableResponse ? { status: error.response.status } : { error: error as OpenPhoneError }),
      };
      const { method, path, operationId } = exchange.operation;
      exchange.logger.log('info', `retrying ${method} ${path}`, { method, path, operationId, attempt: attempts, delayMs: Math.round(wait), status: event.status, error: event.error?.name });
      for (const hook of exchange.onRetry) runCallerCode(() => hook(event));
      if (error instanceof RetryableResponse) await error.response.body?.cancel();
      await delay(wait, exchange.signal);
      return true;
    };
    try {
      try {
        return await attempt();
      } catch (error) {
        if (exchange.maxRetries <= 0 || !(await waitToRetry(error))) throw error;
      }
      return await pRetry(attempt, {
        retries: exchange.maxRetries - 1,
        // The wait happens in waitToRetry: it honours Retry-After, which p-retry's own backoff cannot.
        minTimeout: 0,
        maxTimeout: 0,
        signal: exchange.signal,
        shouldRetry: ({ error }) => waitToRetry(error),
      });
    } catch (error) {
      if (error instanceof RetryableResponse) return error.response;
      throw error;
    }
  };
}

/**
 * Waits for a slot, and after a 429 pauses the key and warns, once per 429 at
 * every level, since it means the budget is shared with something the SDK
 * cannot see. Without a limiter it only warns.
 */
export function rateLimitLayer(limiter: RateLimiter | null): Layer {
  return (next) => async (exchange) => {
    if (!limiter) {
      const response = await next(exchange);
      if (response.status === 429) runCallerCode(() => warnRateLimited(exchange, response, undefined));
      return response;
    }
    const { signal, timeout, maxQueueWait, operation } = exchange;
    // Without a timeout the store's calls and leases are still bounded, by the longest a timer can hold.
    const slot = await limiter.acquire({ operation: refOf(operation), signal, timeout: Math.min(timeout, MAX_TIMER_MS), maxQueueWait });
    let response: Response;
    try {
      response = await next(exchange);
    } catch (error) {
      slot.release();
      throw error;
    }
    slot.responded(exchange.state.answeredAt);
    if (response.status === 429) {
      const retryAfter = response.headers.get('retry-after');
      const reason = `429 on ${operation.method} ${operation.path}, Retry-After ${retryAfter ?? 'absent'}`;
      const pause = limiter.throttled(Math.min(retryAfterMs(response.headers) ?? limiter.config.interval, MAX_RETRY_AFTER_MS), reason);
      pauseByResponse.set(response, pause);
      runCallerCode(() => warnRateLimited(exchange, response, pause));
    }
    return response;
  };
}

function warnRateLimited({ logger, operation }: Exchange, response: Response, pause: RateLimitPause | undefined): void {
  const retryAfter = response.headers.get('retry-after') ?? 'absent';
  const { method, path, operationId } = operation;
  const message = `${method} ${path} was rate limited${pause ? ': pausing this API key' : ''}`;
  logger.log('warn', message, { method, path, operationId, status: 429, retryAfter, pausedUntil: pause?.until.toISOString() });
}

/** The key's pause each 429 set, for its `RateLimitError` to show. */
const pauseByResponse = new WeakMap<Response, RateLimitPause>();

export function pauseOf(response: Response): RateLimitPause | undefined {
  return pauseByResponse.get(response);
}

/** Milliseconds between two `performance.now()` readings, rounded for a log line. */
const elapsed = (since: number, until = performance.now()) => Math.round(until - since);

/**
 * One debug line per attempt, sent after any wait for the rate limit: the
 * operation, status, duration, the wait itself and the API's trace, as
 * fields. Never the key; bodies only when the caller opted in.
 */
export function attemptLogLayer(logContent: boolean): Layer {
  return (next) => async (exchange) => {
    const { logger } = exchange;
    if (!logger.enabled('debug')) return next(exchange);
    const { operation } = exchange;
    const started = performance.now();
    const message = `${operation.method} ${operation.path}`;
    const fields: LogFields = {
      method: operation.method,
      path: operation.path,
      operationId: operation.operationId,
      attempt: exchange.attempt?.number ?? 1,
      rateLimitWaitMs: exchange.attempt ? elapsed(exchange.attempt.queuedAt, started) : 0,
    };
    const requestBody = logContent && exchange.request.body ? await exchange.request.clone().text() : undefined;
    let response: Response;
    try {
      response = await next(exchange);
    } catch (error) {
      runCallerCode(() => logger.log('debug', message, { ...fields, error: (error as Error)?.name, durationMs: elapsed(started) }));
      throw error;
    }
    const line = { ...fields, status: response.status, durationMs: elapsed(started), trace: response.status >= 400 ? parseErrorBody(await response.text()).trace : undefined };
    const content = logContent ? { requestBody, responseBody: await response.clone().text() } : {};
    runCallerCode(() => logger.log('debug', message, { ...line, ...content }));
    return response;
  };
}

export function timeoutLayer(): Layer {
  return (next) => async (exchange) => {
    const { operation, timeout, signal } = exchange;
    // One controller per attempt, aborted by the timer or by the caller: cheaper than linking two signals.
    const attempt = new AbortController();
    let timedOut = false;
    // `timeout: Infinity` is no timeout: a timer cannot hold it (it would fire at once).
    const timer = Number.isFinite(timeout)
      ? setTimeout(() => {
          timedOut = true;
          attempt.abort();
        }, timeout)
      : undefined;
    const onCallerAbort = () => attempt.abort(signal!.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await next({ ...exchange, attemptSignal: attempt.signal });
    } catch (error) {
      if (!timedOut || signal?.aborted) throw error;
      exchange.state.mayHaveBeenProcessed = true;
      let message = `${operation.method} ${operation.path}: no complete response within ${timeout} ms`;
      if (!operation.idempotent) message += NOT_RETRIED_NOTE;
      throw new TimeoutError(message, { operation: refOf(operation), mayHaveBeenProcessed: true, timeoutMs: timeout });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  };
}

/** Statuses whose response has no body by definition. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** A success body as read: the JSON document it holds, or why it cannot be what the API documents. */
type SuccessBody = { readonly value: unknown } | { readonly problem: string };

/**
 * Every 2xx the API sends, other than 204, carries a JSON object or list.
 * Undefined for responses that are not such a success (errors, 204, HEAD).
 */
function readSuccess(response: Response, method: string, text: string): SuccessBody | undefined {
  if (!response.ok || NULL_BODY_STATUSES.has(response.status) || method === 'HEAD') return undefined;
  if (!/\S/.test(text)) return { problem: 'its body is empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `its body is not JSON (${response.headers.get('content-type') ?? 'no content type'}, ${text.length} characters)` };
  }
  return isRecord(value) || Array.isArray(value) ? { value } : { problem: `its body is ${JSON.stringify(value)}, not an object` };
}

/** The body of each response the pipeline read, for the methods that give it back. */
interface ReadBody {
  readonly text: string;
  /** The document parsed for the success check, handed to the first `json()` reader and then dropped. */
  parsed: unknown;
}

const READ_BODY = Symbol('readBody');
type WithReadBody = Response & { [READ_BODY]: ReadBody };

const readTextOf = (response: Response): string => (response as WithReadBody)[READ_BODY].text;

/**
 * The JSON document of `response`, whose body is `text`: when the pipeline read the response, to the first
 * reader the one it parsed for the success check; otherwise, or to later readers, a fresh copy.
 */
export function parsedBody(response: Response, text: string): unknown {
  const body = (response as Partial<WithReadBody>)[READ_BODY];
  const value = body?.parsed ?? JSON.parse(text);
  if (body) body.parsed = undefined;
  return value;
}

/** For each `Response` class seen (a custom fetch may bring its own), its prototype with the read-body methods. */
const readPrototypes = new WeakMap<object, Response>();

/**
 * `prototype` (a `Response` class's) with the body methods answered from the
 * text already read: `json()`, `text()` and the rest work (more than once),
 * `body` is a fresh stream. Built on first use, so importing the SDK builds nothing.
 */
function readResponseMethods(prototype: Response): Response {
  const known = readPrototypes.get(prototype);
  if (known) return known;
  const method = (value: (this: Response) => unknown): PropertyDescriptor => ({ value, writable: true, configurable: true });
  const bytes = (response: Response) => new TextEncoder().encode(readTextOf(response));
  const methods = Object.create(prototype, {
    bodyUsed: { get: () => false, configurable: true },
    body: {
      get(this: Response) {
        return NULL_BODY_STATUSES.has(this.status) ? null : new Blob([readTextOf(this)]).stream();
      },
      configurable: true,
    },
    text: method(async function (this: Response) {
      return readTextOf(this);
    }),
    json: method(async function (this: Response) {
      return parsedBody(this, readTextOf(this));
    }),
    arrayBuffer: method(async function (this: Response) {
      return bytes(this).buffer;
    }),
    bytes: method(async function (this: Response) {
      return bytes(this);
    }),
    blob: method(async function (this: Response) {
      return new Blob([readTextOf(this)], { type: this.headers.get('content-type') ?? '' });
    }),
    clone: method(function (this: Response) {
      const { status, statusText, headers } = this;
      return restoreBody(new Response(null, { status, statusText, headers }), readTextOf(this), undefined);
    }),
  }) as Response;
  readPrototypes.set(prototype, methods);
  return methods;
}

/**
 * Gives a response whose stream has been read its body back, from the text.
 * Cheaper than building a second `Response`, and the caller keeps the one
 * fetch returned, with its URL and type.
 */
function restoreBody(response: Response, text: string, parsed: SuccessBody | undefined): Response {
  (response as WithReadBody)[READ_BODY] = { text, parsed: parsed && 'value' in parsed ? parsed.value : undefined };
  return Object.setPrototypeOf(response, readResponseMethods(Object.getPrototypeOf(response) as Response)) as Response;
}

/**
 * The response with its body read in full under the attempt's signal, so the
 * timeout and the caller's abort cover the body too, and a connection lost
 * mid-body fails here, typed, rather than later in a `json()` call.
 */
async function readWhole(response: Response, exchange: Exchange, signal: AbortSignal | undefined, custom: boolean, maxBytes: number): Promise<Response> {
  const { operation } = exchange;
  const reading = readCapped(response, maxBytes, custom, () => {
    const processed = response.ok || response.status >= 500;
    let message = `${operation.method} ${operation.path}: the API answered ${response.status} with a body over maxResponseBytes (${maxBytes} bytes); reading stopped`;
    if (processed && !operation.idempotent) message += NOT_RETRIED_NOTE;
    return new ResponseTooLargeError(message, {
      operation: refOf(operation),
      status: response.status,
      headers: headersToRecord(response.headers),
      mayHaveBeenProcessed: processed,
      limitBytes: maxBytes,
    });
  });
  // A custom fetch may not tie its body to the signal; the platform's does.
  const text = await (custom ? raceAbort(reading, signal) : reading);
  const success = readSuccess(response, exchange.request.method, text);
  if (success && 'problem' in success) {
    let message = `${operation.method} ${operation.path}: the API answered ${response.status}, but ${success.problem}`;
    if (!operation.idempotent) message += NOT_RETRIED_NOTE;
    throw new InvalidResponseError(message, {
      operation: refOf(operation),
      status: response.status,
      headers: headersToRecord(response.headers),
      mayHaveBeenProcessed: true,
    });
  }
  return restoreBody(response, text, success);
}

/**
 * The body as text, read chunk by chunk so that no more than `maxBytes` is
 * ever held: a larger body (declared or as it arrives) is cancelled and
 * `tooLarge()` thrown.
 */
async function readCapped(response: Response, maxBytes: number, custom: boolean, tooLarge: () => Error): Promise<string> {
  const length = response.headers.get('content-length');
  const declared = Number(length ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return '';
  // The platform's fetch holds an uncompressed body to its declared length: read it in one go.
  if (!custom && length !== null && !response.headers.has('content-encoding')) return response.text();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text + decoder.decode();
}

/** A redirect as the platform's fetch gives it with `redirect: 'manual'`: the 3xx itself, or (in browsers) an opaque one. */
const isRedirect = (response: Response) => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

function redirectError(response: Response, operation: RequestOperation): RedirectError {
  const location = response.headers.get('location');
  let message = `${operation.method} ${operation.path}: the API answered ${response.status || 'a redirect'}${location ? ` to ${location}` : ''}, which the SDK does not follow`;
  if (!operation.idempotent) message += NOT_RETRIED_NOTE;
  return new RedirectError(message, {
    operation: refOf(operation),
    ...(response.status !== 0 && { status: response.status }),
    headers: headersToRecord(response.headers),
    // The server that answered may have acted on the request before pointing elsewhere.
    mayHaveBeenProcessed: true,
  });
}

/** The innermost handler: calls fetch, reads the body, and turns network failures into `ConnectionError`s. */
export function sendHandler(fetchImpl: FetchFn | undefined, secret: string, maxResponseBytes: number): Handler {
  return async (exchange) => {
    // Looked up per call, so interceptors installed after the client was built still apply.
    const signal = exchange.attemptSignal ?? exchange.signal;
    let status: number | undefined;
    try {
      const response = await (fetchImpl
        ? // Raced as well as passed: a custom fetch that ignores the signal still cannot outlive the timeout.
          raceAbort(fetchImpl(exchange.request, { signal }), signal)
        : globalThis.fetch(exchange.request, { signal }));
      exchange.state.answeredAt = performance.now();
      status = response.status;
      if (isRedirect(response)) {
        exchange.state.mayHaveBeenProcessed = true;
        await response.body?.cancel();
        throw redirectError(response, exchange.operation);
      }
      // The API answered: from 5xx on, or once a success arrives, it has seen the request.
      if (response.status >= 500 || response.ok) exchange.state.mayHaveBeenProcessed = true;
      return await readWhole(response, exchange, signal, fetchImpl !== undefined, maxResponseBytes);
    } catch (error) {
      if (error instanceof OpenPhoneError) throw error;
      if (signal?.aborted) {
        exchange.state.mayHaveBeenProcessed = true;
        throw error;
      }
      const typed = connectionError(error, exchange.operation, secret, status);
      if (typed.mayHaveBeenProcessed) exchange.state.mayHaveBeenProcessed = true;
      throw typed;
    }
  };
}

/** The operation each response of the raw client answered, so a raw result can be turned into a typed error later. */
const operationByResponse = new WeakMap<Response, RequestOperation>();

export function operationOf(response: Response): RequestOperation | undefined {
  return operationByResponse.get(response);
}

/** What every request of one call sends with, from `Transport.callSetup`. */
interface CallSetup {
  readonly call: AttemptOptions;
  /** The operation, when the caller knows it; else each request's is matched from its method and path. */
  readonly known: MatchedOperation | undefined;
  /** The client's and the call's `onRetry`, each given events with the key redacted. */
  readonly onRetry: Exchange['onRetry'];
}

/**
 * The request pipeline shared by the raw client and the resource methods:
 * retry → rate limit → attempt log → timeout → fetch and read. Each layer is
 * a small function of the next one, in the manner of fetch middleware.
 */
export class Transport {
  private readonly handler: Handler;
  /** The client's logger behind the redaction step: every line the pipeline writes goes through it. */
  private readonly logger: LevelledLogger;

  constructor(private readonly config: TransportConfig) {
    this.logger = redactingLogger(config.logger, config.apiKey);
    const layers: Layer[] = [retryLayer(), rateLimitLayer(config.limiter), attemptLogLayer(config.logContent), timeoutLayer()];
    this.handler = layers.reduceRight<Handler>((next, layer) => layer(next), sendHandler(config.fetch, config.apiKey, config.maxResponseBytes));
  }

  /**
   * A `fetch` for openapi-fetch that sends through the pipeline. With `call`,
   * with those options and `call.signal` as the caller's signal, for
   * `operation` when the caller knows it (else it is matched from each
   * request). Without, as the raw client's: the caller's signal is the
   * request's own, where openapi-fetch puts its `signal` option.
   */
  fetchWith(call?: CallOptions, operation?: MatchedOperation): FetchFn {
    if (call) checkCallOptions(call);
    const setup = this.callSetup(call, operation);
    // A call without a signal has none: the request's own would never abort, and listening to it costs every attempt.
    return (request) => this.send(request, setup, call ? call.signal : request.signal);
  }

  /** What every request of one call, or of one list's pages, sends with: worked out once, not per request. */
  callSetup(call: AttemptOptions = {}, known?: MatchedOperation): CallSetup {
    const onRetry = [this.config.onRetry, call.onRetry].filter((hook) => hook !== undefined).map((hook) => (event: RetryEvent) => hook(redactOutput(event, this.config.apiKey)));
    return { call, known, onRetry };
  }

  /** Sends `given` through the pipeline, cancelled by the caller's `signal` if there is one. */
  async send(given: Request, { call, known, onRetry }: CallSetup, signal: AbortSignal | undefined): Promise<Response> {
    // Never followed: a redirect would replay the request (a send included) elsewhere, outside the retry rules.
    const request = given.redirect === 'manual' ? given : new Request(given, { redirect: 'manual' });
    const matched = known ?? this.match(request);
    const operation = matched.operation;
    this.config.hostServes(matched);
    // What the operation's spec requires of every request (the dated API's Quo-Api-Version), so no caller passes it.
    for (const name in matched.fixedHeaders) request.headers.set(name, matched.fixedHeaders[name]!);
    if (call.headers) {
      for (const [name, value] of Object.entries(call.headers)) request.headers.set(name, value);
    }
    const state = { mayHaveBeenProcessed: false };
    const timeout = call.timeout ?? this.config.timeout;
    const exchange: Exchange = {
      request,
      operation,
      signal,
      timeout,
      maxRetries: call.retry === false ? 0 : (call.retry?.maxRetries ?? this.config.maxRetries),
      onRetry,
      logger: this.logger,
      // Unless told otherwise, a call waits for the rate limit no longer than it would for an answer.
      maxQueueWait: call.maxQueueWait ?? this.config.maxQueueWait ?? timeout,
      state,
    };
    try {
      const response = await this.handler(exchange);
      if (!known) operationByResponse.set(response, operation);
      return response;
    } catch (error) {
      if (error instanceof CallerCodeFailure) throw error.error;
      throw redactError(this.typed(error, operation, state, signal), this.config.apiKey);
    }
  }

  /** The operation a request of the raw client is for, from its method and path; one no template matches is named by its path. */
  private match(request: Request): MatchedOperation {
    const method = request.method.toUpperCase();
    const pathname = pathnameOf(request.url);
    const { basePath } = this.config;
    const matched = pathname.startsWith(basePath) ? this.config.operations.lookup(method, pathname.slice(basePath.length)) : undefined;
    return matched ?? { operation: { method, path: pathname, idempotent: isIdempotentMethod(method) }, surface: null, fixedHeaders: {} };
  }

  private typed(error: unknown, operation: RequestOperation, state: Exchange['state'], signal: AbortSignal | undefined): OpenPhoneError {
    if (error instanceof OpenPhoneError) return error;
    if (signal?.aborted) {
      return new AbortError(`${operation.method} ${operation.path}: aborted by the caller`, {
        operation: refOf(operation),
        mayHaveBeenProcessed: state.mayHaveBeenProcessed,
        cause: redact(signal.reason, this.config.apiKey),
      });
    }
    return connectionError(error, operation, this.config.apiKey);
  }
}

/** The path of a request's URL, without building a `URL`: `Request` has normalised it, so it always has one (at least `/`). */
function pathnameOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const end = url.search(/[?#]/);
  return url.slice(start, end === -1 ? undefined : end);
}
