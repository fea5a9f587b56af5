import { operations } from '../../generated/v1.operations.js';
import { describeValue } from '../core/errors.js';
import type { OperationId, V1PhoneNumber as PhoneNumber, QueryParams, RequestBody, SuccessBody } from '../internal/types.js';
import type { SandboxOperation } from './operations.js';
import { MAX_LISTED_ISSUES, previewValue, type RequestIssue } from './spec-validation.js';
import type { Store } from './store.js';
import type { VersionedDeliveries } from './versioned-deliveries.js';
import type { EventPayloads } from './events.js';

export interface RouteContext {
  readonly operation: SandboxOperation & { readonly successStatus: number };
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters the operation declares, typed as their schemas say (they passed validation). */
  readonly query: Readonly<Record<string, unknown>>;
  readonly body: unknown;
  readonly store: Store;
  /** The dated API's webhook deliveries: sends test events, serves the delivery log and retries. */
  readonly deliveries: VersionedDeliveries;
  /** Sends an event the operation caused to the webhooks subscribed to it; the answer does not wait for them. */
  readonly emit: (event: EventPayloads) => void;
  /** How many open tasks the workspace may have; creating one more is a 402. */
  readonly openTasksLimit: number;
}

/** A handler's answer. Routes build it with `ok` or `noContent`, which check the body against the generated types. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

/** The v1 API's flat error body, or the dated API's envelope (which has no `code` or `status`). */
export interface ErrorBody {
  message: string;
  code?: string;
  status?: number;
  docs: string;
  title: string;
  /** Only where the spec fixes one for the operation and status. */
  description?: string;
  errors?: ErrorListEntry[];
}

/** One entry of `errors[]` on a 400. */
export interface ErrorListEntry {
  path: string;
  message: string;
  value?: unknown;
  schema: { type: string };
}

export interface ErrorResult extends RouteResult {
  readonly body: ErrorBody;
}

export type Route = (context: RouteContext) => RouteResult;

/** Thrown by a route to answer with an error in the API's shape, with the operation's documented code. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: ErrorListEntry[],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new ApiProblem(404, `${what} ${id} was not found`);

/** An issue as an entry of the API's `errors[]` list, repeating at most a preview of the value. */
export function fieldError(issue: RequestIssue): ErrorListEntry {
  return { path: issue.path, message: issue.message, value: previewValue(issue.value), schema: { type: issue.rule } };
}

/** A 400 about one request field (`from`, `to[0]`): `value` and what is wrong with it; `rule` names the check. */
export function invalidField(field: string, value: unknown, problem: string, rule = 'reference'): ApiProblem {
  const path = `/${field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .join('/')}`;
  const issue = { path, value, rule, message: `${describeValue(value)} ${problem}` };
  return new ApiProblem(400, `${field}: ${issue.message}`, [fieldError(issue)]);
}

/** The 400 for a request that breaks the spec: its first `MAX_LISTED_ISSUES` issues, and how many more there were. */
export function invalidRequest(operation: SandboxOperation, issues: readonly RequestIssue[]): ErrorResult {
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  const more = issues.length - listed.length;
  const message = listed.map((i) => `${i.path}: ${i.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return apiError(operation, 400, message, listed.map(fieldError));
}

const DOCS = { v1: 'https://openphone.com/docs', '2026-03-30': 'https://quo.com/docs' } as const;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Not Enough Credits',
  413: 'Payload Too Large',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Unknown',
  507: 'Insufficient Storage',
};

/** A constant the spec fixes in the error body for this status (`code`, `title`, `description`). */
function documentedConstant(operation: SandboxOperation | undefined, status: string, field: 'code' | 'title' | 'description'): string | undefined {
  return operation?.errors[status]?.[field] ?? undefined;
}

/**
 * The error body for `status`. v1 answers flat, with the code, title and
 * description the spec documents for this operation; for a status it does not
 * document, the code is derived from the operation's code family (`0200401`
 * -> `0200400`). The dated API answers `{title, message, docs, errors?}`.
 */
export function apiError(operation: SandboxOperation | undefined, status: number, message: string, errors?: ErrorListEntry[]): ErrorResult {
  const title = documentedConstant(operation, String(status), 'title') ?? TITLES[status] ?? 'Error';
  if (operation?.surface === '2026-03-30') {
    return { status, body: { title, message, docs: DOCS['2026-03-30'], ...(errors && { errors }) } };
  }
  const statuses = Object.keys(operation?.errors ?? {});
  const family =
    statuses
      .map((s) => documentedConstant(operation, s, 'code'))
      .find(Boolean)
      ?.slice(0, 4) ?? '0000';
  const code = documentedConstant(operation, String(status), 'code') ?? `${family}${status}`;
  const description = documentedConstant(operation, String(status), 'description');
  return { status, body: { message, code, status, docs: DOCS.v1, title, ...(description && { description }), ...(errors && { errors }) } };
}

/** The operation's documented success status with a body of its generated success type. */
export function ok<Op extends OperationId>(operationId: Op, body: SuccessBody<Op>): RouteResult {
  return { status: operations[operationId].successStatus, body };
}

/** The documented 204 of an operation that answers without a body. */
export function noContent(operationId: OperationId & 'deleteWebhookById_v1'): RouteResult {
  return { status: operations[operationId].successStatus };
}

export function requestBody<Op extends OperationId>(context: RouteContext, _operationId: Op): RequestBody<Op> {
  return context.body as RequestBody<Op>;
}

export function queryOf<Op extends OperationId>(context: RouteContext, _operationId: Op): QueryParams<Op> {
  return context.query as QueryParams<Op>;
}

/** True when `at` lies strictly between the bounds that are given. */
export function within(at: string | null, after: string | undefined, before: string | undefined): boolean {
  if (after === undefined && before === undefined) return true;
  const time = at === null ? Number.NaN : Date.parse(at);
  return (after === undefined || time > Date.parse(after)) && (before === undefined || time < Date.parse(before));
}

/** The query of `listMessages` and `listCalls`, less paging. */
interface ActivityQuery {
  readonly participants: readonly string[];
  readonly userId?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly since?: string;
}

/**
 * The filters `listMessages` and `listCalls` share: the workspace number,
 * exactly these other parties, the user, and the creation time, where `since`
 * acts as `createdBefore`, as documented.
 */
export function matchesActivity(
  record: { readonly phoneNumberId: string | null; readonly userId: string; readonly createdAt: string },
  parties: readonly string[],
  phoneNumber: PhoneNumber,
  query: ActivityQuery,
): boolean {
  return (
    record.phoneNumberId === phoneNumber.id &&
    sameParticipants(parties, query.participants) &&
    (query.userId === undefined || record.userId === query.userId) &&
    within(record.createdAt, query.createdAfter, query.createdBefore ?? query.since)
  );
}

/** The workspace number a list is for; one the workspace does not have is a 400 on `phoneNumberId`. */
export function listedPhoneNumber(store: Store, phoneNumberId: string): PhoneNumber {
  const phoneNumber = store.phoneNumber(phoneNumberId);
  if (!phoneNumber) throw invalidField('phoneNumberId', phoneNumberId, 'is not a phone number of this workspace');
  return phoneNumber;
}

/** Same members, in any order. */
function sameParticipants(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}
