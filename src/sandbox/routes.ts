import type { OperationDescriptor } from '../operation-types.js';
import type { Message, OperationId, RequestBody, SuccessBody } from '../types.js';
import type { Store } from './store.js';

export interface RouteContext {
  readonly operation: OperationDescriptor;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly store: Store;
}

/** A handler's answer. `body` is checked against the operation's generated success type where the route is typed. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

/** An error answer in the API's documented flat shape, with the operation's documented code. */
export interface ErrorResult extends RouteResult {
  readonly body: { message: string; code: string; status: number; docs: string; title: string; errors?: unknown[] };
}

export type Route = (context: RouteContext) => RouteResult;

const DOCS = 'https://openphone.com/docs';

/**
 * The error body for `status`, using the code and title the spec documents for
 * this operation; for a status it does not document, the code is derived from
 * the operation's code family (`0200401` -> `0200400`).
 */
export function apiError(operation: OperationDescriptor | undefined, status: number, message: string, errors?: unknown[]): ErrorResult {
  const documented = operation?.errors[String(status)];
  const family = Object.values(operation?.errors ?? {}).find((e) => e.code)?.code?.slice(0, 4) ?? '0000';
  const code = documented?.code ?? `${family}${status}`;
  const title = documented?.title ?? TITLES[status] ?? 'Error';
  return { status, body: { message, code, status, docs: DOCS, title, ...(errors && { errors }) } };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Not Enough Credits',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Unknown',
};

function ok<Op extends OperationId>(_operationId: Op, status: number, body: SuccessBody<Op>): RouteResult {
  return { status, body };
}

/** Opaque page tokens over an ordered list. */
export function page<T>(items: readonly T[], query: URLSearchParams): { data: T[]; nextPageToken: string | null; totalItems: number } {
  const size = Number(query.get('maxResults') ?? 10);
  const token = query.get('pageToken');
  const offset = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) || 0 : 0;
  const data = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString('base64url') : null;
  return { data, nextPageToken: next, totalItems: items.length };
}

function body<Op extends OperationId>(context: RouteContext, _operationId: Op): RequestBody<Op> {
  return context.body as RequestBody<Op>;
}

export const routes: Partial<Record<OperationId, Route>> = {
  listPhoneNumbers_v1: ({ store, query }) => {
    const userId = query.get('userId');
    const data = store.phoneNumbers.filter((n) => !userId || n.users.some((u) => u.id === userId));
    return ok('listPhoneNumbers_v1', 200, { data });
  },

  sendMessage_v1: (context) => {
    const { store, operation } = context;
    const request = body(context, 'sendMessage_v1');
    const from = store.phoneNumbers.find((n) => n.id === request.from || n.number === request.from);
    if (!from) return apiError(operation, 400, `${request.from} is not a phone number of this workspace`);
    const now = store.timestamp();
    const message: Message = {
      id: store.nextId('AC'),
      to: request.to,
      from: from.number,
      text: request.content,
      phoneNumberId: from.id,
      direction: 'outgoing',
      userId: request.userId ?? from.users[0]?.id ?? 'US00000001',
      status: 'queued',
      createdAt: now,
      updatedAt: now,
    };
    store.messages.push(message);
    return ok('sendMessage_v1', 202, { data: message });
  },

  listMessages_v1: ({ store, query }) => {
    const phoneNumberId = query.get('phoneNumberId');
    const participants = new Set(query.getAll('participants'));
    const matching = store.messages.filter(
      (m) =>
        m.phoneNumberId === phoneNumberId &&
        (m.direction === 'outgoing' ? m.to : [m.from]).some((number) => participants.has(number)),
    );
    return ok('listMessages_v1', 200, page(matching, query));
  },

  getMessageById_v1: ({ store, params, operation }) => {
    const message = store.messages.find((m) => m.id === params.id);
    if (!message) return apiError(operation, 404, 'Message not found');
    return ok('getMessageById_v1', 200, { data: message });
  },
};
