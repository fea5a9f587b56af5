import createClient from 'openapi-fetch';
import type { paths } from '../../generated/paths.js';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { operations } from '../../generated/v1.operations.js';
import { readEnv } from '../internal/env.js';
import { InvalidResponseError, ValidationError, describeValue } from './errors.js';
import { optionNames, readOptions } from '../internal/validation/options.js';
import { levelledLogger, type LogFormat, type Logger, type LogLevel } from './logging.js';
import { DATED_SURFACE, DEFAULT_BASE_URL, hostCheck, sharedOperations } from '../internal/surfaces.js';
import type { RequestOperation } from '../internal/transport/operations.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitConfig, type RateLimitStatus } from '../internal/transport/rate-limit.js';
import { errorFromResponse } from '../internal/transport/http-errors.js';
import { checkHeaders } from '../internal/transport/headers.js';
import { serializeQuery } from '../internal/transport/query.js';
import { checkHook, checkMaxQueueWait, checkTimeout } from '../internal/transport/call-options.js';
import { Transport, operationOf, pauseOf, type FetchFn, type RetryEvent } from '../internal/transport/transport.js';
import type { APIPromise } from './api-promise.js';
import { narrowPaths, type RawClient } from './raw-client.js';
import { customRequest, type CustomMethod, type CustomRequest, type CustomRequestContext, type CustomRequestInit } from './custom-request.js';
import type { AnyOperationId } from '../internal/types.js';
import { SDK_VERSION } from '../internal/version.js';
import { Calls } from '../resources/calls.js';
import { Contacts } from '../resources/contacts.js';
import { Messages } from '../resources/messages.js';
import type { ResourceContext } from '../resources/resource.js';
import { PhoneNumberDirectory } from '../resources/phone-number-ids.js';
import { Webhooks } from '../resources/webhooks.js';
import { derivedResources, type DerivedResources } from '../../generated/2026-03-30.resources.js';
import { V1, type V1Webhooks } from '../../generated/v1.resources.js';
import { withoutTrailingSlashes } from '../internal/trailing-slashes.js';

/** What `new OpenPhone(options)` takes; every option is optional, with the default each one names. */
export interface OpenPhoneOptions {
  /** The API key from OpenPhone's settings. Defaults to the `OPENPHONE_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /**
   * Defaults to the `OPENPHONE_BASE_URL` environment variable, else `https://api.quo.com`, which serves v1 and
   * the dated API. `https://api.openphone.com` serves v1 only: a dated call there fails with a `ValidationError`
   * before it is sent.
   */
  baseUrl?: string | undefined;
  /** A custom fetch, e.g. for a proxy agent or tests. Defaults to the global fetch, looked up at call time. */
  fetch?: FetchFn | undefined;
  /**
   * Requests per interval for this API key, shared by every client in the process that holds the same key
   * (the strictest limit and interval among them applies). Defaults to the API's documented 10 per 1000 ms;
   * `store` shares the budget beyond the process; `false` turns client-side limiting off.
   */
  rateLimit?: RateLimitConfig | false | undefined;
  /**
   * Longest wait for a rate-limit slot, in ms; beyond it a call fails with `QueueWaitError` and is never sent, at
   * once when the key is paused after a 429 for longer. Default: the call's `timeout`; `Infinity` for no bound.
   */
  maxQueueWait?: number | undefined;
  /** Retries after a failure that is safe to retry. Default 2 (three attempts in all). */
  maxRetries?: number | undefined;
  /**
   * Per-attempt timeout in milliseconds, from sending the attempt (after any wait for the rate limit) until its
   * whole body has been read. Default 30 000.
   */
  timeout?: number | undefined;
  /** Called before every retry, e.g. to log it. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Headers sent with every request. `Authorization` and `Quo-Api-Version` are the SDK's and cannot be set here. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Where the SDK logs: `console` (the default), a pino or winston logger, anything with debug/info/warn/error.
   * pino gets `(fields, message)`, winston `(message, fields)`, anything else one line of text (see `logFormat`).
   */
  logger?: Logger | undefined;
  /**
   * The least severe level logged. Defaults to the `OPENPHONE_LOG` environment variable, else the level of a pino
   * or winston `logger`, else `warn`.
   */
  logLevel?: LogLevel | undefined;
  /**
   * How `logger` is called, when telling it by its methods is not enough: `'pino'` (`(fields, message)`, also
   * bunyan's way), `'winston'` (`(message, fields)`) or `'text'` (one line). Default: pino and winston loggers
   * are recognised, anything else gets text.
   */
  logFormat?: LogFormat | undefined;
  /**
   * Show request and response bodies in debug lines. Off by default: they hold customers' messages and phone
   * numbers. The API key is never logged either way.
   */
  logContent?: boolean | undefined;
  /**
   * The largest response body read, in bytes (default 32 MiB). A larger one is cut off and fails with
   * `ResponseTooLargeError` (`mayHaveBeenProcessed` when it answered a success).
   */
  maxResponseBytes?: number | undefined;
}

const CLIENT_OPTIONS = /* @__PURE__ */ optionNames<OpenPhoneOptions>({
  apiKey: true,
  baseUrl: true,
  fetch: true,
  rateLimit: true,
  maxQueueWait: true,
  maxRetries: true,
  timeout: true,
  onRetry: true,
  headers: true,
  logger: true,
  logLevel: true,
  logFormat: true,
  logContent: true,
  maxResponseBytes: true,
});

const RATE_LIMIT_OPTIONS = /* @__PURE__ */ optionNames<RateLimitConfig>({ limit: true, interval: true, store: true, onStoreError: true, onStoreFallback: true });

/** Each option read once, so a getter that throws is a `ValidationError` naming it, here and not at call time. */
function readClientOptions(given: unknown): OpenPhoneOptions {
  const options = readOptions(given, CLIENT_OPTIONS, { refuseUnknown: true }) as OpenPhoneOptions;
  if (options.rateLimit === undefined || options.rateLimit === false) return options;
  const rateLimit = readOptions(options.rateLimit, RATE_LIMIT_OPTIONS, { name: 'rateLimit', prefix: 'rateLimit.', refuseUnknown: true }) as RateLimitConfig;
  return { ...options, rateLimit };
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Far above any page the API sends, low enough that a runaway body cannot exhaust memory. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** Checks the key's form without ever putting it in a message. */
function resolveApiKey(explicit: unknown): string {
  const apiKey = explicit !== undefined ? explicit : readEnv('OPENPHONE_API_KEY');
  const problem = (message: string, rule: string) => new ValidationError([{ field: 'apiKey', value: apiKey === undefined ? undefined : '[REDACTED]', rule, message }]);
  if (apiKey !== undefined && typeof apiKey !== 'string') {
    throw problem(`must be a string, got ${apiKey === null ? 'null' : typeof apiKey}`, 'type');
  }
  if (apiKey === undefined || apiKey.trim() === '') {
    throw problem('no API key: pass `apiKey` or set the OPENPHONE_API_KEY environment variable', 'required');
  }
  if (/^bearer\s/i.test(apiKey)) {
    throw problem('pass the raw API key: OpenPhone does not use the "Bearer" scheme', 'format');
  }
  if (apiKey !== apiKey.trim() || /[\r\n\0]/.test(apiKey) || /\s/.test(apiKey)) {
    throw problem('the API key contains whitespace or line breaks; copy it again from OpenPhone settings', 'format');
  }
  // Header values are bytes: fetch refuses anything above U+00FF, which no real key contains.
  if (/[^\x21-\xff]/.test(apiKey)) {
    throw problem('the API key contains characters an HTTP header cannot carry; copy it again from OpenPhone settings', 'format');
  }
  return apiKey;
}

function resolveBaseUrl(baseUrl: string | undefined): string {
  const value = baseUrl ?? (readEnv('OPENPHONE_BASE_URL')?.trim() || DEFAULT_BASE_URL);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError([{ field: 'baseUrl', value, rule: 'url', message: `${describeValue(value)} is not a URL` }]);
  }
  if (url.username !== '' || url.password !== '') {
    // Neither the URL nor the credentials are echoed; the API authenticates with the key alone.
    throw new ValidationError([{ field: 'baseUrl', value: '[REDACTED]', rule: 'url', message: 'must not carry credentials (user:password@); the API key authenticates every call' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError([{ field: 'baseUrl', value, rule: 'url', message: `${describeValue(value)} must use http or https` }]);
  }
  return withoutTrailingSlashes(value);
}

function resolveNumber(field: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ValidationError([{ field, value, rule: 'minimum', message: `${describeValue(value)} must be a number >= ${min}` }]);
  }
  return value;
}

let resourceOperations: ResourceContext['operations'] | undefined;

/** The operation table resources validate against, every surface in one record: built once per process. */
function operationTable(): ResourceContext['operations'] {
  return (resourceOperations ??= { ...operations, ...datedOperations });
}

/** The operation of a call that names it, as the pipeline sends it. */
function operationById(operationId: AnyOperationId) {
  return sharedOperations().byId(operationId)!;
}

let knownUserAgent: string | undefined;

/** `openphone-sdk/0.1.0 node/22.1.0`, or without the runtime where it cannot be told. */
function userAgent(): string {
  return (knownUserAgent ??= runtimeUserAgent());
}

function runtimeUserAgent(): string {
  const scope = globalThis as { process?: { versions?: Record<string, string> }; Deno?: { version?: { deno?: string } }; Bun?: { version?: string } };
  const runtime = scope.Deno?.version?.deno
    ? `deno/${scope.Deno.version.deno}`
    : scope.Bun?.version
      ? `bun/${scope.Bun.version}`
      : scope.process?.versions?.node
        ? `node/${scope.process.versions.node}`
        : undefined;
  return runtime ? `openphone-sdk/${SDK_VERSION} ${runtime}` : `openphone-sdk/${SDK_VERSION}`;
}

/** Browsers own their User-Agent; everywhere else the SDK names itself. */
const sendsUserAgent = () => typeof (globalThis as { document?: unknown }).document === 'undefined';

/**
 * Gives `util.inspect` the subclass's `inspected()` text. A computed method
 * key in the client's own body would make bundlers keep the whole client in
 * every bundle of the package; a base made by a pure call drops with it.
 */
const Inspectable = /* @__PURE__ */ inspectableBase();

function inspectableBase() {
  return class {
    [Symbol.for('nodejs.util.inspect.custom')](this: { inspected(): string }): string {
      return this.inspected();
    }
  };
}

// The dated API's resources no handwritten class serves (`conversations`, `phoneNumbers`, `users`, ...), derived from the spec.
export interface OpenPhone extends DerivedResources {}

/**
 * The OpenPhone API client.
 *
 * One property per resource (`messages`, `calls`, `contacts`, `conversations`,
 * `phoneNumbers`, `users`, `webhooks`, ...) with validated, typed methods on the
 * dated API wherever it covers the need, and on v1 only for what only v1 has
 * (`messages.send`, `contacts.customFields`, `calls.summary`); `v1`, every v1
 * operation with v1's shapes; and `raw`, the generated client: every operation
 * of the spec, fully typed. All go through the same rate limiting, retries and
 * timeouts.
 *
 * @example
 * const openphone = new OpenPhone(); // the key from OPENPHONE_API_KEY
 * for await (const number of openphone.phoneNumbers.list()) console.log(number.number);
 */
export class OpenPhone extends Inspectable {
  /**
   * openapi-fetch client over the generated paths of every surface:
   * `client.raw.GET('/v1/phone-numbers', {...})`, `client.raw.GET('/users')`.
   */
  readonly raw: RawClient;
  readonly baseUrl: string;
  readonly messages: Messages;
  readonly calls: Calls;
  readonly contacts: Contacts;
  /** Versioned webhooks for every event type (dated API). */
  readonly webhooks: Webhooks;
  /** `client.v1.webhooks` under the name it had in 0.2: the v1 per-type webhooks, as `webhooks` was before 0.2.0. */
  readonly legacyWebhooks: V1Webhooks;
  /** Every v1 operation, one derived method each, with v1's shapes: `client.v1.calls.list(...)`. */
  readonly v1: V1;
  /** The options as given, with the key resolved: what `withOptions` starts from. */
  readonly #options: OpenPhoneOptions & { readonly apiKey: string };
  readonly #transport: Transport;
  readonly #rateLimiter: RateLimiter | null;
  /** Every request's headers: `Accept`, `User-Agent`, the client's own and the key. */
  readonly #headers: Readonly<Record<string, string>>;
  /** The workspace's numbers by id, for a number given where an id is asked; shared with `withOptions` clients of the same key. */
  #phoneNumberIds = new PhoneNumberDirectory();

  /**
   * A client for one API key. Every option is checked here: a bad one throws a `ValidationError` naming it.
   *
   * @param given The key (else `OPENPHONE_API_KEY`), base URL, rate limit, retries, timeout, logging; see
   * `OpenPhoneOptions` for each and its default.
   */
  constructor(given: OpenPhoneOptions = {}) {
    super();
    const options = readClientOptions(given);
    const apiKey = resolveApiKey(options.apiKey);
    this.baseUrl = resolveBaseUrl(options.baseUrl);
    const rateLimit =
      options.rateLimit === false
        ? null
        : new RateLimiter(apiKey, {
            ...options.rateLimit,
            limit: options.rateLimit?.limit ?? DEFAULT_RATE_LIMIT.limit,
            interval: options.rateLimit?.interval ?? DEFAULT_RATE_LIMIT.interval,
          });
    this.#rateLimiter = rateLimit;
    this.#options = { ...options, apiKey };
    this.#headers = {
      Accept: 'application/json',
      ...(sendsUserAgent() && { 'User-Agent': userAgent() }),
      ...checkHeaders('headers', options.headers),
      Authorization: apiKey,
    };
    this.#transport = new Transport({
      apiKey,
      fetch: options.fetch,
      limiter: rateLimit,
      maxRetries: resolveNumber('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, 0),
      timeout: checkTimeout('timeout', options.timeout) ?? DEFAULT_TIMEOUT_MS,
      onRetry: (checkHook('onRetry', options.onRetry), options.onRetry),
      maxQueueWait: checkMaxQueueWait('maxQueueWait', options.maxQueueWait),
      operations: sharedOperations(),
      basePath: withoutTrailingSlashes(new URL(this.baseUrl).pathname),
      hostServes: hostCheck(this.baseUrl),
      logger: levelledLogger({ logger: options.logger, logLevel: options.logLevel, logFormat: options.logFormat }),
      logContent: options.logContent === true,
      maxResponseBytes: resolveNumber('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 1),
    });
    const raw = createClient<paths>({
      baseUrl: this.baseUrl,
      headers: this.#headers,
      fetch: this.#transport.fetchWith(),
      querySerializer: serializeQuery,
      // The pipeline never follows redirects; built so, its requests need no copy to say it.
      redirect: 'manual',
    });
    this.raw = narrowPaths(raw);
    const context: ResourceContext = {
      raw,
      operations: operationTable(),
      fetchFor: (call, operationId) => this.#transport.fetchWith(call, operationById(operationId)),
      phoneNumberIds: (numbers, call) => this.#phoneNumberIds.idsOf(numbers, () => this.phoneNumbers.list(undefined, call)),
      unwrap: (result, operationId) => this.#unwrap(result, operationById(operationId).operation),
    };
    this.messages = new Messages(context);
    this.calls = new Calls(context);
    this.contacts = new Contacts(context);
    this.webhooks = new Webhooks(context);
    this.v1 = new V1(context);
    this.legacyWebhooks = this.v1.webhooks;
    Object.assign(this, derivedResources(context));
  }

  /**
   * The data of a raw result, or the typed error for it: `client.unwrap(await client.raw.GET(...))`.
   * A POST that failed with a 5xx throws with `mayHaveBeenProcessed: true`.
   */
  unwrap<Data>(result: { data?: Data; error?: unknown; response: Response }): Data {
    const { response } = result;
    const operation = operationOf(response) ?? {
      method: 'UNKNOWN',
      path: new URL(response.url || this.baseUrl).pathname,
      idempotent: false,
    };
    return this.#unwrap(result, operation);
  }

  #unwrap<Data>(result: { data?: Data; error?: unknown; response: Response }, operation: RequestOperation): Data {
    const { response } = result;
    if (response.ok && result.error === undefined) {
      if (result.data !== undefined || response.status === 204 || operation.method === 'HEAD') return result.data as Data;
      // Only a response that bypassed the pipeline's body check gets here, e.g. read with `parseAs: 'stream'` elsewhere.
      throw new InvalidResponseError(`${operation.method} ${operation.path}: the API answered ${response.status} without a body`, {
        operation: { method: operation.method, path: operation.path, ...(operation.operationId !== undefined && { operationId: operation.operationId }) },
        status: response.status,
        mayHaveBeenProcessed: true,
      });
    }
    throw errorFromResponse(response, result.error, { operation, secret: this.#options.apiKey, pause: pauseOf(response) });
  }

  /**
   * This key's budget as seen from this process (`null` when `rateLimit: false`): `queued` calls waiting for a
   * slot, `inFlight` calls holding one, the `limit` and `interval` in force, and `paused` (`until` when and the
   * `reason`) while calls wait out a 429. Read `queued` for back-pressure.
   */
  get rateLimit(): RateLimitStatus | null {
    return this.#rateLimiter?.status ?? null;
  }

  /**
   * Any request to the API, through the same pipeline as every method (the
   * key, the rate limit, safe retries, timeouts, typed errors), for what the
   * SDK's spec does not have yet: `client.request({ method: 'GET', path: '/tasks', query: { limit: 10 } })`.
   * A path not under `/v1` is the dated API's and gets its `Quo-Api-Version`,
   * which `headers` may override there. Resolves to the JSON body as sent.
   */
  request<Data = unknown>(request: CustomRequest): APIPromise<Data> {
    return customRequest<Data>(this.#customContext(), request);
  }

  /** `GET path` through the pipeline; see `request`. */
  get<Data = unknown>(path: string, init?: Omit<CustomRequestInit, 'body'>): APIPromise<Data> {
    return this.#custom('GET', path, init);
  }

  /** `POST path` through the pipeline, never retried once it may have reached the API; see `request`. */
  post<Data = unknown>(path: string, init?: CustomRequestInit): APIPromise<Data> {
    return this.#custom('POST', path, init);
  }

  /** `PUT path` through the pipeline; see `request`. */
  put<Data = unknown>(path: string, init?: CustomRequestInit): APIPromise<Data> {
    return this.#custom('PUT', path, init);
  }

  /** `PATCH path` through the pipeline, never retried once it may have reached the API; see `request`. */
  patch<Data = unknown>(path: string, init?: CustomRequestInit): APIPromise<Data> {
    return this.#custom('PATCH', path, init);
  }

  /** `DELETE path` through the pipeline; see `request`. */
  delete<Data = unknown>(path: string, init?: CustomRequestInit): APIPromise<Data> {
    return this.#custom('DELETE', path, init);
  }

  #custom<Data>(method: CustomMethod, path: string, init: CustomRequestInit | undefined): APIPromise<Data> {
    return customRequest<Data>(this.#customContext(), init, { method, path });
  }

  #customContext(): CustomRequestContext {
    return {
      baseUrl: this.baseUrl,
      headers: this.#headers,
      transport: this.#transport,
      operations: sharedOperations(),
      datedSurface: DATED_SURFACE,
      secret: this.#options.apiKey,
    };
  }

  /**
   * A client with some options changed. It shares this one's rate-limit budget unless `apiKey` changes: a
   * client for another key draws on that key's budget.
   */
  withOptions(overrides: OpenPhoneOptions): OpenPhone {
    const changed = readOptions(overrides, CLIENT_OPTIONS, { refuseUnknown: true }) as OpenPhoneOptions;
    const client = new OpenPhone({ ...this.#options, ...changed });
    if (client.#options.apiKey === this.#options.apiKey && client.baseUrl === this.baseUrl) client.#phoneNumberIds = this.#phoneNumberIds;
    return client;
  }

  /** Never shows the key, whatever inspects the client. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl };
  }

  protected inspected(): string {
    return `OpenPhone { baseUrl: ${JSON.stringify(this.baseUrl)} }`;
  }
}
