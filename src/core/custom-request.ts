/**
 * The way past the spec: `client.request({ method, path, ... })` and
 * `client.get(path, ...)` and its siblings send any path of the API through
 * the same pipeline as every method (the key, the rate limit, safe retries,
 * timeouts, typed errors), for what no committed spec has yet.
 */
import { APIPromise, traceOfBody, type CallOutcome } from './api-promise.js';
import { ValidationError, describeValue, type ValidationIssue } from './errors.js';
import { checkHeaders } from '../internal/transport/headers.js';
import { errorFromResponse } from '../internal/transport/http-errors.js';
import { isIdempotentMethod, type MatchedOperation, type OperationMatcher, type RequestOperation } from '../internal/transport/operations.js';
import type { CallOptions, Transport } from '../internal/transport/transport.js';
import { nearestName } from '../internal/validation/nearest-name.js';
import { optionNames, readOptions } from '../internal/validation/options.js';
import { isRecord } from '../internal/validation/is-record.js';

export type CustomMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One value of a query parameter; a `Date` is sent as ISO 8601 text. */
export type QueryValue = string | number | boolean | Date;

export interface CustomRequestInit extends Omit<CallOptions, 'headers'> {
  /** Query parameters. A list repeats the name (`?id=1&id=2`), as v1 takes lists; for the dated API's comma lists pass the joined text. */
  readonly query?: Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /**
   * Headers for this request, over the client's. On a dated path (one not under `/v1`) this is the one place
   * `Quo-Api-Version` may be set, to reach another version than the SDK's; `Authorization` stays the SDK's.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CustomRequest extends CustomRequestInit {
  readonly method: CustomMethod;
  /** The path after the base URL, with its parameters filled in: `/v1/contacts/C1`, `/tasks`. No query: use `query`. */
  readonly path: string;
}

/** What a client gives its custom requests. */
export interface CustomRequestContext {
  readonly baseUrl: string;
  /** The headers of every request: `Accept`, `User-Agent`, the client's own and `Authorization`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly transport: Transport;
  readonly operations: OperationMatcher;
  /** The dated API's surface, which is also the `Quo-Api-Version` an unprefixed path gets by default. */
  readonly datedSurface: string;
  readonly secret: string;
}

const METHODS: readonly CustomMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const VERSION_HEADER = 'quo-api-version';

const INIT_FIELDS = /* @__PURE__ */ optionNames<CustomRequestInit>({
  query: true,
  body: true,
  headers: true,
  signal: true,
  timeout: true,
  retry: true,
  onRetry: true,
  maxQueueWait: true,
});
const REQUEST_FIELDS = /* @__PURE__ */ requestFields();

function requestFields(): readonly string[] {
  return ['method', 'path', ...INIT_FIELDS];
}

/**
 * Sends `given` (a whole `CustomRequest`, or the init of one whose method and
 * path are `fixed`). Bad input rejects the promise with a `ValidationError`
 * before anything is sent, like every other failure.
 */
export function customRequest<Data>(context: CustomRequestContext, given: unknown, fixed?: { method: CustomMethod; path: unknown }): APIPromise<Data> {
  return new APIPromise<Data>(() => send<Data>(context, given, fixed));
}

/** The pipeline's response keeps its body readable whatever reads it first, so `asResponse()` needs no copy of it. */
async function send<Data>(context: CustomRequestContext, given: unknown, fixed: { method: CustomMethod; path: unknown } | undefined): Promise<CallOutcome<Data>> {
  const read = (fixed ? readOptions(given, INIT_FIELDS, { name: 'init' }) : readOptions(given, REQUEST_FIELDS, { name: 'request' })) as Partial<CustomRequest>;
  const method = methodOf(fixed ? fixed.method : read.method);
  const path = pathOf(fixed ? fixed.path : read.path);
  const { query, body, headers, signal, ...call } = read;
  const dated = !(path === '/v1' || path.startsWith('/v1/'));
  const { version, others } = splitVersion(headers, dated, context.datedSurface);
  const matched = operationOf(context, method, path, dated ? { 'Quo-Api-Version': version ?? context.datedSurface } : {});
  const json = bodyOf(method, body);
  let request: Request;
  try {
    request = new Request(`${context.baseUrl}${path}${queryOf(query)}`, {
      method,
      headers: { ...context.headers, ...others, ...(json !== undefined && { 'Content-Type': 'application/json' }) },
      ...(json !== undefined && { body: json }),
      ...(signal !== undefined && { signal }),
    });
  } catch (cause) {
    // Header names and values fetch cannot send, or a `signal` that is not an AbortSignal.
    throw invalid('request', undefined, 'request', `cannot be sent: ${(cause as Error).message}`);
  }
  const response = await context.transport.send(request, context.transport.callSetup(call, matched), signal);
  if (!response.ok) throw errorFromResponse(response, await response.text(), { operation: matched.operation, secret: context.secret });
  // The pipeline has checked that a success other than these carries a JSON object or list.
  const data = (response.status === 204 || response.status === 205 ? undefined : await response.json()) as Data;
  return { response, trace: traceOfBody(data), read: () => data };
}

function invalid(field: string, value: unknown, rule: string, message: string): ValidationError {
  return new ValidationError([{ field, value, rule, message } satisfies ValidationIssue]);
}

function methodOf(given: unknown): CustomMethod {
  const upper = typeof given === 'string' ? given.toUpperCase() : given;
  if (METHODS.includes(upper as CustomMethod)) return upper as CustomMethod;
  const nearest = typeof given === 'string' ? nearestName(given, METHODS) : undefined;
  const hint = nearest ? `did you mean ${nearest}?` : `one of ${METHODS.join(', ')}`;
  throw invalid('method', given, 'enum', `${describeValue(given)} is not a method the API uses: ${hint}`);
}

/**
 * A path under the base URL as given, refused when a URL would read it as
 * something else: a query or fragment (they go in `query`), dot segments
 * (they would climb out of a base URL's own path), backslashes or spaces.
 */
function pathOf(given: unknown): string {
  if (typeof given !== 'string' || !given.startsWith('/')) {
    throw invalid('path', given, 'format', `${describeValue(given)} must be a path starting with "/", e.g. "/v1/contacts" or "/users"`);
  }
  if (/[?#]/.test(given)) throw invalid('path', given, 'format', `${describeValue(given)} holds a query or fragment: pass query parameters as \`query\``);
  if (/[\s\\]/.test(given) || given.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw invalid('path', given, 'format', `${describeValue(given)} is not a plain path: no spaces, backslashes or "."/".." segments`);
  }
  return given;
}

/** The caller's `Quo-Api-Version`, allowed only where the API reads it, apart from the other headers (checked as every call's are). */
function splitVersion(headers: unknown, dated: boolean, example: string): { version: string | undefined; others: Readonly<Record<string, string>> | undefined } {
  if (!isRecord(headers)) {
    return { version: undefined, others: checkHeaders('headers', headers) };
  }
  const others: Record<string, string> = {};
  let version: unknown;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === VERSION_HEADER) version = value;
    else others[name] = value as string;
  }
  checkHeaders('headers', others);
  if (version === undefined) return { version: undefined, others };
  if (!dated) throw invalid('headers', version, 'headers', 'Quo-Api-Version is for the dated API: a /v1 path takes none');
  if (typeof version !== 'string' || version.trim() === '') {
    throw invalid('headers', version, 'headers', `Quo-Api-Version must be a version such as "${example}", got ${describeValue(version)}`);
  }
  return { version, others };
}

/** The spec's operation at this path when there is one (its id names it in errors), with the version header this request gets. */
function operationOf(context: CustomRequestContext, method: CustomMethod, path: string, fixedHeaders: Record<string, string>): MatchedOperation {
  const known = context.operations.lookup(method, path);
  const operation: RequestOperation = known?.operation ?? { method, path, idempotent: isIdempotentMethod(method) };
  const surface = known?.surface ?? (fixedHeaders['Quo-Api-Version'] === undefined ? 'v1' : context.datedSurface);
  return { operation, surface, fixedHeaders };
}

function queryOf(query: unknown): string {
  if (query === undefined) return '';
  if (!isRecord(query)) {
    throw invalid('query', query, 'type', `must be an object of query parameters, got ${describeValue(query)}`);
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values: readonly unknown[] = Array.isArray(value) ? value : [value];
    values.forEach((item, index) => {
      search.append(name, queryText(Array.isArray(value) ? `query.${name}[${index}]` : `query.${name}`, item));
    });
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function queryText(field: string, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  throw invalid(field, value, 'type', `${describeValue(value)} cannot be a query value: pass text, a finite number, a boolean or a valid Date`);
}

function bodyOf(method: CustomMethod, body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (method === 'GET') throw invalid('body', undefined, 'body', 'a GET request has no body: pass its parameters as `query`');
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (cause) {
    throw invalid('body', undefined, 'json', `cannot be sent as JSON: ${cause instanceof Error ? cause.message : describeValue(cause)}`);
  }
  if (json === undefined) throw invalid('body', undefined, 'json', `cannot be sent as JSON: ${describeValue(body)}`);
  return json;
}
