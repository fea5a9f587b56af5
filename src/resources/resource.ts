import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/v1.js';
import { operations } from '../../generated/v1.operations.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { OperationDescriptor } from '../operation-types.js';
import { PagePromise, type Page, type PaginationOptions } from '../pagination.js';
import { e164Issue } from '../phone.js';
import type { AttemptOptions, CallOptions, FetchFn } from '../transport/transport.js';
import type { OperationId, QueryParams } from '../types.js';
import { requestIssues, type RequestParts } from '../validation/request.js';

/** Per-call options every method takes: cancel with `signal`, override `timeout` and retries. */
export type RequestOptions = CallOptions;

export interface ListOptions extends RequestOptions {
  /** Stop after this many items in all, however many pages that takes. */
  readonly maxItems?: number;
}

/** What a resource needs from the client: the raw client and the pipeline. */
export interface ResourceContext {
  readonly raw: Client<paths>;
  fetchFor(call: AttemptOptions): FetchFn;
  unwrap<Data>(result: RawResult<Data>): Data;
}

export interface RawResult<Data> {
  readonly data?: Data;
  readonly error?: unknown;
  readonly response: Response;
}

/** What each raw call gets: the pipeline's fetch for this call, and the caller's signal. */
export type SendInit = {
  readonly fetch: FetchFn;
  readonly signal?: AbortSignal;
};

/** The generated table, typed by its descriptor shape (which also checks that the table fits it). */
function describe(operationId: OperationId): OperationDescriptor {
  return operations[operationId];
}

/** A date the API takes as ISO 8601 text. */
export type DateInput = Date | string;

export function isoDate(value: DateInput | undefined): string | undefined {
  if (!(value instanceof Date)) return value;
  // An invalid Date has no ISO form; its text fails the spec's date-time check with the field named.
  return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
}

/** One value or a list of them. */
export type OneOrMany<T> = T | readonly T[];

type Query<Op extends OperationId> = QueryParams<Op>;
type ElementOf<T> = T extends readonly (infer Element)[] ? Element : never;

/**
 * The parameters of a list method, derived from the operation's query: page
 * controls handled by the SDK, `Lists` taking one value or several, `Dates`
 * taking a `Date` or ISO text, `Deprecated` not offered (they stay available
 * through `client.raw`). Which fields are required follows the spec.
 */
export type ListParams<
  Op extends OperationId,
  Lists extends keyof Query<Op> = never,
  Dates extends keyof Query<Op> = never,
  Deprecated extends keyof Query<Op> = never,
> = Omit<Query<Op>, 'maxResults' | 'pageToken' | Lists | Dates | Deprecated> & {
  readonly [Field in keyof Pick<Query<Op>, Lists>]: OneOrMany<ElementOf<NonNullable<Query<Op>[Field]>>>;
} & { readonly [Field in keyof Pick<Query<Op>, Dates>]: DateInput } & {
  /** Page size; defaults to the largest the API allows. */
  readonly maxResults?: number;
};

export function asList<T>(value: OneOrMany<T>): T[] {
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

export function asOptionalList<T>(value: OneOrMany<T> | undefined): T[] | undefined {
  return value === undefined ? undefined : asList(value);
}

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
  protected validate(operationId: OperationId, parts: RequestParts, phoneFields: readonly PhoneField[] = [], extra: readonly ValidationIssue[] = []): void {
    const operation = describe(operationId);
    const issues = requestIssues(operation, parts);
    const flagged = new Set(issues.map((issue) => issue.field));
    for (const [field, value] of phoneFields) {
      if (flagged.has(field) || value === undefined || value === null) continue;
      const issue = e164Issue(value, field);
      if (issue) issues.push(issue);
    }
    issues.push(...extra);
    if (issues.length > 0) {
      throw new ValidationError(issues, { operation: { method: operation.method.toUpperCase(), path: operation.path, operationId } });
    }
  }

  /** Sends through the raw client with this call's options and returns the response's data or throws its typed error. */
  protected async call<Data>(send: (init: SendInit) => Promise<RawResult<Data>>, options: RequestOptions = {}): Promise<Data> {
    const { signal, ...call } = options;
    return this.context.unwrap(await send({ fetch: this.context.fetchFor(call), ...(signal && { signal }) }));
  }

  /**
   * A paginated list. `fetchPage` validates and sends one page's request; the
   * page size defaults to the largest the spec allows, so long lists take as
   * few requests (and as little of the rate limit) as possible.
   */
  protected paginate<Item>(
    operationId: OperationId,
    fetchPage: (page: PageRequest, init: SendInit) => Promise<RawResult<{ data: readonly Item[]; nextPageToken: string | null }>>,
    options: ListOptions & { pageSize?: number | undefined },
  ): PagePromise<Item> {
    const { maxItems, pageSize, ...request } = options;
    const pagination = describe(operationId).pagination;
    const size = pageSize ?? pagination?.maxPageSize ?? pagination?.defaultPageSize;
    return new PagePromise<Item>(
      async ({ pageToken, pageSize: asked }) => {
        const page = await this.call((init) => fetchPage({ pageToken, pageSize: asked ?? size }, init), request);
        return { data: page.data, nextPageToken: page.nextPageToken };
      },
      paginationOptions(operationId, maxItems, size, request.signal),
    );
  }

  /** A list the API returns whole, with the same shape as paginated lists. */
  protected single<Item>(
    operationId: OperationId,
    fetch: (init: SendInit) => Promise<RawResult<{ data: readonly Item[] }>>,
    options: ListOptions,
  ): PagePromise<Item> {
    const { maxItems, ...request } = options;
    return new PagePromise<Item>(
      async () => ({ data: (await this.call(fetch, request)).data, nextPageToken: null }),
      paginationOptions(operationId, maxItems, undefined, request.signal),
    );
  }
}

export interface PageRequest {
  readonly pageToken: string | undefined;
  readonly pageSize: number | undefined;
}

function paginationOptions(operationId: OperationId, maxItems: number | undefined, pageSize: number | undefined, signal: AbortSignal | undefined): PaginationOptions {
  const operation = describe(operationId);
  return {
    ...(maxItems !== undefined && { maxItems }),
    ...(pageSize !== undefined && { pageSize }),
    ...(signal && { signal }),
    operation: { method: operation.method.toUpperCase(), path: operation.path, operationId },
  };
}

/** `[field, value]`: a phone number field the resource checks as E.164 beyond what the spec's patterns say. */
export type PhoneField = readonly [field: string, value: unknown];

export type { Page, PagePromise };
