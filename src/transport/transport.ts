import pRetry from 'p-retry';
import { AbortError, ConnectionError, OpenPhoneError, TimeoutError, type OperationRef } from '../errors.js';
import { retryAfterMs } from './http-errors.js';
import { NOT_RETRIED_NOTE, connectionError, refOf } from './network-errors.js';
import type { OperationMatcher, RequestOperation } from './operations.js';
import { DEFAULT_RATE_LIMIT, withJitter, type RateLimiter } from './rate-limit.js';
import { delay, raceAbort } from './signals.js';

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
  /** Per-attempt timeout in milliseconds, until the response headers arrive. */
  readonly timeout?: number;
  /** `false` for a single attempt, or a different retry budget for this call. */
  readonly retry?: false | { readonly maxRetries?: number };
  /** Called before each retry, e.g. for logging. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Longest wait for a rate-limit slot, in ms, per attempt; beyond it the call fails with `QueueWaitError`, never sent. */
  readonly maxQueueWait?: number;
}

/** Options every call takes. */
export interface CallOptions extends AttemptOptions {
  /** Cancels the call wherever it is: queued for the rate limit, in flight, or waiting to retry. */
  readonly signal?: AbortSignal;
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
  readonly matcher: OperationMatcher;
}

/** One call as it moves through the layers. */
export interface Exchange {
  /** The request to send. The retry layer gives every attempt with a body its own copy. */
  readonly request: Request;
  readonly operation: RequestOperation;
  /** The caller's signal (never aborts when the caller gave none). */
  readonly signal: AbortSignal;
  /** The caller's signal combined with this attempt's timeout, once the timeout layer has set one. */
  readonly attemptSignal?: AbortSignal;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly onRetry: readonly ((event: RetryEvent) => void)[];
  readonly maxQueueWait: number | undefined;
  /** Set once any attempt may have reached the API, so an abort can say whether it was too late. */
  readonly state: { mayHaveBeenProcessed: boolean };
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
  if (error instanceof ConnectionError || error instanceof TimeoutError) {
    // Refused before sending: nothing happened, any method may go again.
    if (error.mayHaveBeenProcessed && !operation.idempotent) return undefined;
    return backoffMs(attempt);
  }
  return undefined;
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
      const response = await next({ ...exchange, request });
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
      for (const hook of exchange.onRetry) hook(event);
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

export function rateLimitLayer(limiter: RateLimiter): Layer {
  return (next) => async (exchange) => {
    const { signal, timeout, maxQueueWait } = exchange;
    const slot = await limiter.acquire({ operation: refOf(exchange.operation), signal, timeout, maxQueueWait });
    let response: Response;
    try {
      response = await next(exchange);
    } catch (error) {
      slot.release();
      throw error;
    }
    slot.responded();
    if (response.status === 429) {
      limiter.throttled(Math.min(retryAfterMs(response.headers) ?? limiter.config.interval, MAX_RETRY_AFTER_MS));
    }
    return response;
  };
}

export function timeoutLayer(): Layer {
  return (next) => async (exchange) => {
    const { operation, timeout, signal } = exchange;
    // One controller per attempt, aborted by the timer or by the caller: cheaper than linking two signals.
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, timeout);
    const onCallerAbort = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await next({ ...exchange, attemptSignal: attempt.signal });
    } catch (error) {
      if (!timedOut || signal.aborted) throw error;
      exchange.state.mayHaveBeenProcessed = true;
      let message = `${operation.method} ${operation.path}: no response within ${timeout} ms`;
      if (!operation.idempotent) message += NOT_RETRIED_NOTE;
      throw new TimeoutError(message, { operation: refOf(operation), mayHaveBeenProcessed: true, timeoutMs: timeout });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onCallerAbort);
    }
  };
}

/** The innermost handler: calls fetch and turns network failures into `ConnectionError`s. */
export function sendHandler(fetchImpl: FetchFn | undefined, secret: string): Handler {
  return async (exchange) => {
    // Looked up per call, so interceptors installed after the client was built still apply.
    const signal = exchange.attemptSignal ?? exchange.signal;
    try {
      const response = await (fetchImpl
        ? // Raced as well as passed: a custom fetch that ignores the signal still cannot outlive the timeout.
          raceAbort(fetchImpl(exchange.request, { signal }), signal)
        : globalThis.fetch(exchange.request, { signal }));
      if (response.status >= 500) exchange.state.mayHaveBeenProcessed = true;
      return response;
    } catch (error) {
      if (signal.aborted) {
        exchange.state.mayHaveBeenProcessed = true;
        throw error;
      }
      const typed = connectionError(error, exchange.operation, secret);
      if (typed.mayHaveBeenProcessed) exchange.state.mayHaveBeenProcessed = true;
      throw typed;
    }
  };
}

/** The operation each response answered, so a raw result can be turned into a typed error later. */
const operationByResponse = new WeakMap<Response, RequestOperation>();

export function operationOf(response: Response): RequestOperation | undefined {
  return operationByResponse.get(response);
}

/**
 * The request pipeline shared by the raw client and the resource methods:
 * retry → rate limit → timeout → fetch. Each layer is a small function of the
 * next one, in the manner of fetch middleware.
 */
export class Transport {
  private readonly handler: Handler;

  constructor(private readonly config: TransportConfig) {
    const layers: Layer[] = [retryLayer(), ...(config.limiter ? [rateLimitLayer(config.limiter)] : []), timeoutLayer()];
    this.handler = layers.reduceRight<Handler>((next, layer) => layer(next), sendHandler(config.fetch, config.apiKey));
  }

  /**
   * A `fetch` for openapi-fetch that sends through the pipeline with these
   * options. The caller's signal is the request's own: openapi-fetch puts its
   * `signal` option there.
   */
  fetchWith(call: AttemptOptions = {}): FetchFn {
    return (request) => this.send(request, call);
  }

  async send(request: Request, call: AttemptOptions = {}): Promise<Response> {
    const operation = this.config.matcher.match(request.method, new URL(request.url).pathname);
    const { signal } = request;
    const state = { mayHaveBeenProcessed: false };
    const exchange: Exchange = {
      request,
      operation,
      signal,
      timeout: call.timeout ?? this.config.timeout,
      maxRetries: call.retry === false ? 0 : (call.retry?.maxRetries ?? this.config.maxRetries),
      onRetry: [this.config.onRetry, call.onRetry].filter((hook) => hook !== undefined),
      maxQueueWait: call.maxQueueWait ?? this.config.maxQueueWait,
      state,
    };
    try {
      const response = await this.handler(exchange);
      operationByResponse.set(response, operation);
      return response;
    } catch (error) {
      if (error instanceof OpenPhoneError) throw error;
      if (signal.aborted) {
        throw new AbortError(`${operation.method} ${operation.path}: aborted by the caller`, {
          operation: refOf(operation),
          mayHaveBeenProcessed: state.mayHaveBeenProcessed,
          cause: signal.reason,
        });
      }
      throw connectionError(error, operation, this.config.apiKey);
    }
  }
}
