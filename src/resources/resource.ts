import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/paths.js';
import { APIPromise, traceOfBody, type CallMode, type CallOutcome } from '../core/api-promise.js';
import { APIError, ValidationError, describeValue, type ValidationIssue } from '../core/errors.js';
import type { OperationDescriptor } from '../internal/operation-types.js';
import { PagePromise, type AnyPage, type Page, type PaginationOptions } from '../core/pagination.js';
import { e164Issue } from '../lib/phone/e164.js';
import { NOT_RETRIED_NOTE } from '../internal/transport/network-errors.js';
import { isIdempotentMethod } from '../internal/transport/operations.js';
import { parsedBody, type CallOptions, type FetchFn } from '../internal/transport/transport.js';
import type { AcceptingUndefined, AnyOperationId, QueryParams } from '../internal/types.js';
import { optionNames, readOptions } from '../internal/validation/options.js';
import { requestIssues, type RequestParts } from '../internal/validation/request.js';
import { refOf, requestOf, v1TwinOf, type DateInput, type OneOrMany, type V1Twin } from './operation-request.js';
import { withPhoneNumberIds, type PhoneNumberIdsOf } from './phone-number-ids.js';
import { isRecord } from '../internal/validation/is-record.js';

export { asList, isoDate, type DateInput, type OneOrMany } from './operation-request.js';

/** Per-call options every method takes: cancel with `signal`, override `timeout` and retries. */
export type RequestOptions = CallOptions;

export interface ListOptions extends RequestOptions {
  /** Stop after this many items in all, however many pages that takes. */
  readonly maxItems?: number | undefined;
}

/**
 * What a resource needs from the client: the raw client, the pipeline, and the
 * generated operation table it validates against. A resource names the
 * operation of each call, so the pipeline never works it out from the URL.
 */
export interface ResourceContext {
  readonly raw: Client<paths>;
  readonly operations: Readonly<Record<AnyOperationId, OperationDescriptor>>;
  /** The pipeline's fetch for one call of `operationId`, its options checked (a `ValidationError` before anything is sent). */
  fetchFor(call: CallOptions, operationId: AnyOperationId): FetchFn;
  /** The ids of those of `numbers` that are the workspace's, listed (when not known) through the pipeline with `call`'s options. */
  phoneNumberIds(numbers: readonly string[], call: CallOptions): Promise<ReadonlyMap<string, string>>;
  unwrap<Data>(result: RawResult<Data>, operationId: AnyOperationId): Data;
}

export interface RawResult<Data> {
  readonly data?: Data;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * What each raw call gets: the pipeline's fetch for this call, which carries
 * the caller's signal too. The request itself is built without one: a
 * `Request` that follows a signal costs twice as much to build, and the
 * pipeline would only listen to it again.
 */
export type SendInit = {
  readonly fetch: FetchFn;
};

/**
 * Sends one request; `body` is the request's body as validated, to be sent as
 * it is; `phoneNumberIds` looks up workspace numbers within this call.
 */
export type Send<Result, Body = never> = (init: SendInit, body: Body, phoneNumberIds: PhoneNumberIdsOf) => Promise<Result>;

// Pure, so that bundlers drop them with the client from programs that never use it.
export const CALL_OPTIONS = /* @__PURE__ */ optionNames<RequestOptions>({ signal: true, timeout: true, retry: true, onRetry: true, headers: true, maxQueueWait: true });
const LIST_OPTIONS = /* @__PURE__ */ optionNames<ListOptions>({ signal: true, timeout: true, retry: true, onRetry: true, headers: true, maxQueueWait: true, maxItems: true });

type Query<Op extends AnyOperationId> = QueryParams<Op>;
type ElementOf<T> = T extends readonly (infer Element)[] ? Element : never;

/**
 * The parameters of a list method, derived from the operation's query: page
 * controls handled by the SDK, `Lists` taking one value or several, `Dates`
 * taking a `Date` or ISO text, `Deprecated` not offered (they stay available
 * through `client.raw`). Which fields are required follows the spec.
 */
export type ListParams<Op extends AnyOperationId, Lists extends keyof Query<Op> = never, Dates extends keyof Query<Op> = never, Deprecated extends keyof Query<Op> = never> = Omit<
  Query<Op>,
  'maxResults' | 'limit' | Lists | Dates | Deprecated
> &
  AcceptingUndefined<{ readonly [Field in keyof Pick<Query<Op>, Lists>]: OneOrMany<ElementOf<NonNullable<Query<Op>[Field]>>> }> &
  AcceptingUndefined<{ readonly [Field in keyof Pick<Query<Op>, Dates>]: DateInput }> &
  PageSize<Op>;

/** The page size under the name the operation gives it (`maxResults` on v1, `limit` on the dated API). */
type PageSize<Op extends AnyOperationId> = {
  /** Page size; defaults to the largest the API allows. */
  readonly [Field in keyof Query<Op> & ('maxResults' | 'limit')]?: number | undefined;
};

/** Drops keys whose value is undefined, so absent options do not reach the query string. */
export function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** The base of every resource: validates against the spec, then calls the raw client through the pipeline. */
export abstract class Resource {
  constructor(protected readonly context: ResourceContext) {}

  protected get raw(): Client<paths> {
    return this.context.raw;
  }

  /**
   * Checks `parts` against what the spec declares for `operationId`, plus
   * `phoneFields` the spec describes as E.164 only in prose, and throws one
   * `ValidationError` listing every problem before anything is sent.
   */
  protected validate(operationId: AnyOperationId, parts: RequestParts, phoneFields: readonly PhoneField[] = [], extra: readonly ValidationIssue[] = []): void {
    const operation = this.describe(operationId);
    const issues = requestIssues(operation, parts);
    const flagged = new Set(issues.map((issue) => issue.field));
    issues.push(...unencodableIssues(parts).filter((issue) => !flagged.has(issue.field)));
    for (const [field, value] of phoneFields) {
      if (flagged.has(field) || value === undefined || value === null) continue;
      const issue = e164Issue(value, field);
      if (issue) issues.push(issue);
    }
    issues.push(...extra);
    if (issues.length > 0) {
      throw new ValidationError(issues, { operation: refOf(operation) });
    }
  }

  /** Validates `request`, its body read once as it will be sent; returns that body. */
  private checked<RequestBody>(operationId: AnyOperationId, request: CheckedRequest<RequestBody>): RequestBody {
    const body = request.body === undefined ? undefined : this.asSent(operationId, request.body);
    this.validate(operationId, { ...request, body }, request.phoneFields?.(body as RequestBody));
    return body as RequestBody;
  }

  /** Throws a `ValidationError` for path or query values no URL can carry. */
  private refuseUnencodable(operation: OperationDescriptor, parts: RequestParts): void {
    const issues = unencodableIssues(parts);
    if (issues.length > 0) throw new ValidationError(issues, { operation: refOf(operation) });
  }

  /** The body as JSON will carry it, read once, so what is validated is what is sent; one JSON cannot carry is refused. */
  private asSent(operationId: AnyOperationId, body: unknown): unknown {
    let text: string | undefined;
    try {
      text = JSON.stringify(body);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : describeValue(cause);
      throw new ValidationError([{ field: 'body', value: undefined, rule: 'json', message: `cannot be sent as JSON: ${why}` }], {
        operation: refOf(this.describe(operationId)),
      });
    }
    return text === undefined ? undefined : JSON.parse(text);
  }

  /**
   * The fields `names` of an argument a JavaScript caller may pass as
   * anything, each read once; refused with a `ValidationError` for this
   * operation naming the argument (`name`) or the field.
   */
  protected readArgument<Value>(operationId: AnyOperationId, value: Value, names: readonly string[], name: string, readElsewhere: readonly string[] = []): Value {
    const operation = refOf(this.describe(operationId));
    return readOptions(value, names, { name, readElsewhere, refuse: (issue) => new ValidationError([issue], { operation }) }) as Value;
  }

  /** A list method's filters: the operation's query parameters, each read once. */
  protected readFilters<Filters>(operationId: AnyOperationId, filters: Filters, name = 'params'): Filters {
    const names = this.describe(operationId)
      .parameters.filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name);
    return this.readArgument(operationId, filters, names, name);
  }

  /** The operation as the client's generated table describes it. */
  protected describe(operationId: AnyOperationId): OperationDescriptor {
    return this.context.operations[operationId];
  }

  /**
   * Validates `request` against the operation (`null`: `send` validates what
   * it builds), sends through the raw client
   * with this call's options, and reads the success body with `read`. A
   * `ValidationError` rejects the returned promise, like every other failure.
   * `readElsewhere` names options the method reads itself.
   */
  protected call<Body, Data, RequestBody = never>(
    operationId: AnyOperationId,
    request: CheckedRequest<RequestBody> | null,
    send: Send<RawResult<Body>, RequestBody>,
    options: RequestOptions,
    read: (body: Body, response: Response, operation: OperationDescriptor) => Data,
    readElsewhere: readonly string[] = [],
  ): APIPromise<Data> {
    return new APIPromise((mode) => this.outcome(operationId, request, send, options, read, mode, readElsewhere));
  }

  private async outcome<Body, Data, RequestBody>(
    operationId: AnyOperationId,
    request: CheckedRequest<RequestBody> | null,
    send: Send<RawResult<Body>, RequestBody>,
    options: RequestOptions,
    read: (body: Body, response: Response, operation: OperationDescriptor) => Data,
    mode: CallMode,
    readElsewhere: readonly string[],
  ): Promise<CallOutcome<Data>> {
    const given = this.readArgument(operationId, options, CALL_OPTIONS, 'options', readElsewhere);
    const sent = request ? this.checked(operationId, request) : (undefined as RequestBody);
    const pipeline = this.context.fetchFor(given, operationId);
    let kept: Response | undefined;
    // asResponse() hands the caller the response unread, so the raw client parses a copy.
    const fetch: FetchFn = mode === 'raw' ? async (request, init) => (kept = await pipeline(request, init)).clone() : pipeline;
    const result = await send({ fetch }, sent, (numbers) => this.context.phoneNumberIds(numbers, given));
    const response = kept ?? result.response;
    const body = this.context.unwrap({ ...result, response }, operationId);
    return { response, trace: traceOfBody(body), read: () => read(body, response, this.describe(operationId)) };
  }

  /**
   * A list's options read once, and what every page of it sends with: the
   * pipeline's fetch for this operation, with the caller's signal. A page then
   * costs only its own request.
   */
  private listSetup(operationId: AnyOperationId, options: ListOptions): ListSetup {
    const { maxItems, ...call } = this.readArgument(operationId, options, LIST_OPTIONS, 'options');
    return { maxItems, signal: call.signal, init: { fetch: this.context.fetchFor(call, operationId) }, phoneNumberIds: (numbers) => this.context.phoneNumberIds(numbers, call) };
  }

  /** One page's raw result read as the operation promises: its items and the response they came in. */
  private pageOf<Item>(operationId: AnyOperationId, operation: OperationDescriptor, result: RawResult<{ data: readonly Item[] }>) {
    const body = this.context.unwrap(result, operationId);
    return { body, data: listOf<Item>(body, result.response, operation), response: result.response, trace: traceOfBody(body) };
  }

  /** A call whose success body is `{ data }`: resolves to the data. */
  protected data<Body extends { data: unknown }, RequestBody = never>(
    operationId: AnyOperationId,
    request: CheckedRequest<RequestBody>,
    send: Send<RawResult<Body>, RequestBody>,
    options: RequestOptions,
  ): APIPromise<Body['data']> {
    return this.call(operationId, request, send, options, dataOf);
  }

  /** A call whose success has no data the caller needs (a 204, or the dated API's `202 {}`). */
  protected done<RequestBody = never>(operationId: AnyOperationId, request: CheckedRequest<RequestBody>, send: Send<RawResult<unknown>, RequestBody>, options: RequestOptions): APIPromise<void> {
    return this.call(operationId, request, send, options, () => undefined);
  }

  /**
   * A paginated list. `list` reads the method's arguments (a `ValidationError`
   * from it rejects the list) and gives `fetchPage`, which validates and sends
   * one page's request. The page size defaults to the largest the spec allows,
   * so long lists take as few requests (and as little of the rate limit) as
   * possible. `start` resumes from a stored position (`pageToken` on v1,
   * `after` on the dated API).
   */
  protected paginate<Item, P extends AnyPage<Item> = Page<Item>>(operationId: AnyOperationId, list: () => PagedList<Item>): PagePromise<Item, P> {
    const operation = this.describe(operationId);
    const pagination = operation.pagination;
    const positionField = pagination?.nextPageTokenField === 'nextCursor' ? 'nextCursor' : 'nextPageToken';
    let source: PagedList<Item>;
    let setup: ListSetup;
    try {
      source = list();
      setup = this.listSetup(operationId, source.options);
    } catch (error) {
      return refusedList(operation, positionField, error);
    }
    const { fetchPage, pageSize, start } = source;
    const { maxItems, signal, init, phoneNumberIds } = setup;
    const size = pageSize ?? pagination?.maxPageSize ?? pagination?.defaultPageSize;
    return new PagePromise<Item, P>(
      async ({ position, pageSize: asked }) => {
        const page = this.pageOf(operationId, operation, await fetchPage({ position, pageSize: asked ?? size }, init, phoneNumberIds));
        return { data: page.data, next: positionOf(page.body, positionField), response: page.response, trace: page.trace };
      },
      paginationOptions(operation, positionField, { maxItems, pageSize: size, start, signal }),
    );
  }

  /** A list the API returns whole, with the same shape as paginated lists; `list` as for `paginate`. */
  protected single<Item>(operationId: AnyOperationId, list: () => WholeList<Item>): PagePromise<Item> {
    const operation = this.describe(operationId);
    let fetch: WholeList<Item>['fetch'];
    let setup: ListSetup;
    try {
      const source = list();
      fetch = source.fetch;
      setup = this.listSetup(operationId, source.options);
    } catch (error) {
      return refusedList(operation, 'nextPageToken', error);
    }
    const { maxItems, signal, init, phoneNumberIds } = setup;
    return new PagePromise<Item>(
      async () => {
        const page = this.pageOf(operationId, operation, await fetch(init, phoneNumberIds));
        return { data: page.data, next: null, response: page.response, trace: page.trace };
      },
      paginationOptions(operation, 'nextPageToken', { maxItems, signal }),
    );
  }
  /**
   * The one interpreter of every derived method: `pathIds` in the path
   * template's order, `params` sorted into query and body by the operation's
   * table (see `requestOf`), validated, sent through the pipeline, and the
   * success read by the operation's result shape: the `data`, the record
   * itself, or nothing. `phoneFields`: phone numbers of the body the spec
   * describes as E.164 only in prose.
   */
  protected callOperation<Result, Body = never>(
    operationId: AnyOperationId,
    pathIds: readonly unknown[],
    params: unknown,
    options: RequestOptions = {},
    phoneFields?: (body: Body) => readonly PhoneField[],
  ): APIPromise<Result> {
    const operation = this.describe(operationId);
    // A `data` the spec declares as a list (a call's recordings) is read as one, anything else as an object.
    const data = dataIsList(operation) ? listOf : dataOf;
    const read = { data, body: wholeBody, none: () => undefined }[operation.result] as (body: unknown, response: Response, operation: OperationDescriptor) => Result;
    const send = async (init: SendInit, _body: never, phoneNumberIds: PhoneNumberIdsOf) => {
      const request = await withPhoneNumberIds(operation, requestOf(operation, pathIds, params, this.v1Twin(operation)), phoneNumberIds);
      // The body reaches `phoneFields` as validated against the operation, so it has the shape `Body` names.
      return this.sendOperation<unknown>(operation, { ...request, ...(phoneFields && { phoneFields: phoneFields as CheckedRequest['phoneFields'] }) }, init);
    };
    return this.call(operationId, null, send, options, read);
  }

  /** The v1 method of the same name as this top-level method, whose fields a call here refuses by naming it. */
  private v1Twin(operation: OperationDescriptor): V1Twin | undefined {
    const twin = v1TwinOf(operation.operationId);
    return twin && { method: twin.method, operation: this.describe(twin.operationId as AnyOperationId) };
  }

  /** As `callOperation`, for an operation answering a list: paged by the spec's page style, or whole. */
  protected listOperation<Item, P extends AnyPage<Item> = Page<Item>>(operationId: AnyOperationId, pathIds: readonly unknown[], params: unknown, options: ListOptions = {}): PagePromise<Item, P> {
    const operation = this.describe(operationId);
    const pagination = operation.pagination;
    if (!pagination) {
      return this.single<Item>(operationId, () => {
        const request = this.resolvingPhoneNumbers(operation, requestOf(operation, pathIds, params, this.v1Twin(operation)));
        return { fetch: async (init, phoneNumberIds) => this.sendOperation(operation, await request(phoneNumberIds), init), options };
      }) as unknown as PagePromise<Item, P>;
    }
    return this.paginate<Item, P>(operationId, () => {
      const given = requestOf(operation, pathIds, params, this.v1Twin(operation));
      const { [pagination.pageSizeParam]: pageSize, [pagination.pageTokenParam]: start, ...filters } = given.query ?? {};
      const request = this.resolvingPhoneNumbers(operation, { ...given, query: filters });
      return {
        fetchPage: async ({ position, pageSize: size }, init, phoneNumberIds) => {
          const { query, ...rest } = await request(phoneNumberIds);
          // A later page differs from the first only by the position the API gave (never the start again: the list
          // stops on a repeated position) and a page size no larger. So the whole request is checked on the first
          // page, and a later one checks only that its position fits in a URL.
          const later = position !== start;
          if (later) this.refuseUnencodable(operation, { query: { [pagination.pageTokenParam]: position } });
          const page = { ...rest, query: defined({ ...query, [pagination.pageSizeParam]: size, [pagination.pageTokenParam]: position }) };
          return this.sendOperation<{ data: readonly Item[] }>(operation, page, init, later);
        },
        options,
        pageSize: pageSize as number | undefined,
        start: start as string | undefined,
      };
    });
  }

  /**
   * `request` with the workspace numbers it gives for phone number ids
   * replaced by their ids, looked up by the first page and kept for the next.
   */
  protected resolvingPhoneNumbers(operation: OperationDescriptor, request: RequestParts): (phoneNumberIds: PhoneNumberIdsOf) => Promise<RequestParts> {
    let resolved: RequestParts | undefined;
    return async (phoneNumberIds) => (resolved ??= await withPhoneNumberIds(operation, request, phoneNumberIds));
  }

  /** Validates `request` as it will be sent, unless the caller already has, then sends it through the raw client. */
  protected async sendOperation<Body>(operation: OperationDescriptor, request: CheckedRequest, init: SendInit, validated = false): Promise<RawResult<Body>> {
    const body = validated ? request.body : this.checked(operation.operationId as AnyOperationId, request);
    const raw = this.raw as unknown as { request: UntypedRequest };
    const params = { path: request.path, query: request.query };
    // As text, then the document the pipeline parsed: a body sent without Content-Length would otherwise be parsed twice.
    const result = await raw.request(operation.method, operation.path, { params, ...(body !== undefined && { body }), ...init, parseAs: 'text' });
    return (typeof result.data === 'string' ? { ...result, data: parsedBody(result.response, result.data) } : result) as RawResult<Body>;
  }
}

/** The raw client's `request`, for an operation known only at run time (its table entry says it exists). */
type UntypedRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<RawResult<unknown>>;

/** A list's options as read, what its pages send with, and its lookup of workspace numbers with those options. */
interface ListSetup {
  readonly maxItems: number | undefined;
  /** Checked between pages too. */
  readonly signal: AbortSignal | undefined;
  readonly init: SendInit;
  readonly phoneNumberIds: PhoneNumberIdsOf;
}

/** What a paginated list method gives `paginate`, from its arguments. */
export interface PagedList<Item> {
  readonly fetchPage: (page: PageRequest, init: SendInit, phoneNumberIds: PhoneNumberIdsOf) => Promise<RawResult<{ data: readonly Item[] }>>;
  readonly options: ListOptions;
  readonly pageSize?: number | undefined;
  readonly start?: string | undefined;
}

/** What a whole-list method gives `single`, from its arguments. */
export interface WholeList<Item> {
  readonly fetch: (init: SendInit, phoneNumberIds: PhoneNumberIdsOf) => Promise<RawResult<{ data: readonly Item[] }>>;
  readonly options: ListOptions;
}

/** A list whose arguments were refused: it rejects with the `ValidationError` when used, like every other failure. */
function refusedList<Item, P extends AnyPage<Item>>(operation: OperationDescriptor, positionField: PaginationOptions['positionField'], error: unknown): PagePromise<Item, P> {
  if (!(error instanceof ValidationError)) throw error;
  return new PagePromise<Item, P>(() => Promise.reject(error), paginationOptions(operation, positionField, {}));
}

/** The parts of a request to check against the spec before sending, and phone fields the spec leaves to prose. */
export interface CheckedRequest<Body = unknown> extends RequestParts {
  readonly body?: Body;
  /** The phone number fields of the body as sent. */
  readonly phoneFields?: (body: Body) => readonly PhoneField[];
}

export interface PageRequest {
  /** Where the page starts: the page token (v1) or cursor (dated) the previous page gave; none for the first. */
  readonly position: string | undefined;
  readonly pageSize: number | undefined;
}

function paginationOptions(
  operation: OperationDescriptor,
  positionField: PaginationOptions['positionField'],
  settings: { maxItems?: number | undefined; pageSize?: number | undefined; start?: string | undefined; signal?: AbortSignal | undefined },
): PaginationOptions {
  return {
    positionField,
    ...(settings.maxItems !== undefined && { maxItems: settings.maxItems }),
    ...(settings.pageSize !== undefined && { pageSize: settings.pageSize }),
    ...(settings.start !== undefined && { start: settings.start }),
    ...(settings.signal && { signal: settings.signal }),
    operation: refOf(operation),
  };
}

/**
 * A 2xx whose body lacks what the spec promises. For a request that is not
 * idempotent it was most likely processed (a `202 {}` from a send is a sent
 * message whose record got lost), so it is flagged and never to be resent blindly.
 */
function malformedSuccess(response: Response, operation: OperationDescriptor, missing: string): APIError {
  const idempotent = isIdempotentMethod(operation.method);
  const ref = refOf(operation);
  let message = `${ref.method} ${ref.path}: the API answered ${response.status} without ${missing}`;
  if (!idempotent) message += NOT_RETRIED_NOTE;
  return new APIError(message, { status: response.status, operation: ref, mayHaveBeenProcessed: !idempotent });
}

/** The record a get, create or send promises: `data` must be an object, not text, a number or a list. */
export function dataOf<Body extends { data: unknown }>(body: Body, response: Response, operation: OperationDescriptor): Body['data'] {
  if (isRecord(body) && isRecord(body.data)) return body.data;
  throw malformedSuccess(response, operation, 'the `data` object its spec promises');
}

/** For the operations whose success body is the record itself, not `{ data }`. */
export function wholeBody<Body>(body: Body, response: Response, operation: OperationDescriptor): Body {
  if (isRecord(body) && Object.keys(body).length > 0) return body;
  throw malformedSuccess(response, operation, 'the body its spec promises');
}

function dataIsList(operation: OperationDescriptor): boolean {
  const data = operation.responseSchema?.properties?.['data'];
  return data?.type === 'array';
}

function listOf<Item>(body: { data: readonly Item[] }, response: Response, operation: OperationDescriptor): readonly Item[] {
  if (isRecord(body) && Array.isArray(body.data)) return body.data;
  throw malformedSuccess(response, operation, 'the `data` list its spec promises');
}

function positionOf(body: unknown, field: string): string | null {
  const value = isRecord(body) ? body[field] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Lone UTF-16 surrogates: no URL can carry them, and `encodeURIComponent` throws a `URIError` on them. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Path and query values the raw client could not put in a URL. */
function unencodableIssues(parts: RequestParts): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [location, values] of [
    ['path', parts.path],
    ['query', parts.query],
  ] as const) {
    for (const [name, value] of Object.entries(values ?? {})) {
      for (const [index, item] of (Array.isArray(value) ? value : [value]).entries()) {
        if (typeof item !== 'string' || !LONE_SURROGATE.test(item)) continue;
        const field = Array.isArray(value) ? `${name}[${index}]` : name;
        issues.push({ field, value: item, rule: 'wellFormed', message: `${describeValue(item)} holds a lone UTF-16 surrogate, which no URL ${location} can carry` });
      }
    }
  }
  return issues;
}

/** `[field, value]`: a phone number field the resource checks as E.164 beyond what the spec's patterns say. */
export type PhoneField = readonly [field: string, value: unknown];

export type { APIPromise, Page, PagePromise };
