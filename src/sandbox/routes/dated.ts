/**
 * Routes of the dated API (2026-03-30) over the same workspace as v1: users,
 * contacts, conversation inbox state and message retry. Lists page by cursor.
 * Contacts are stored in v1's shape, so both surfaces read and write the same ones.
 */
import type { AnyOperationId, V1Contact as Contact, QueryParams, RequestBody, SuccessBody } from '../../internal/types.js';
import { createContact as createV1Contact, updateContact } from '../contacts.js';
import { contactEvent } from '../events.js';
import { ApiProblem, notFound, type Route, type RouteResult } from '../responses.js';
import type { Store } from '../store.js';
import { offsetPage } from '../pages.js';
import { contactsMatching, knownContact } from './contacts.js';

/** The documented success status of a dated operation with a body of its generated type. */
function answer<Op extends AnyOperationId>(context: { operation: { successStatus: number } }, _operationId: Op, body: SuccessBody<Op>): RouteResult {
  return { status: context.operation.successStatus, body };
}

/** A page of `items` after the opaque cursor `after`, `limit` long; `nextCursor` is `null` on the last page. */
export function cursorPage<T>(items: readonly T[], query: { readonly limit?: unknown; readonly after?: unknown }): { data: T[]; nextCursor: string | null } {
  const { data, next } = offsetPage(items, typeof query.limit === 'number' ? query.limit : 10, query.after, 'after');
  return { data, nextCursor: next };
}

function datedUser(store: Store, user: Store['users'][number]) {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    pictureUrl: null,
    role: user.role as 'owner' | 'admin' | 'member',
    createdAt: store.createdAt,
    updatedAt: store.createdAt,
  };
}

export const listUsers: Route = (context) =>
  answer(
    context,
    'listUsers',
    cursorPage(
      context.store.users.map((user) => datedUser(context.store, user)),
      context.query,
    ),
  );

export const getUserById: Route = (context) => {
  const user = context.store.user(context.params.userId!);
  if (!user) throw notFound('User', context.params.userId!);
  return answer(context, 'getUserById', { data: datedUser(context.store, user) });
};

/** A workspace contact as the dated API shows it: the default fields at the top level, the creator as `actorId`. */
function datedContact(contact: Contact) {
  const { firstName, lastName, company, role } = contact.defaultFields;
  return {
    id: contact.id,
    externalId: contact.externalId,
    source: contact.source,
    sourceUrl: contact.sourceUrl,
    firstName,
    lastName,
    company,
    role,
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    actorId: contact.createdByUserId,
  };
}

/** Every contact, or those matching `externalId[in]` (or the older `externalIds`) and `source[in]` (or `sources`) when given. */
export const listContacts: Route = (context) => {
  const query = context.query as QueryParams<'listContacts'>;
  const filters = { externalIds: query['externalId[in]'] ?? query.externalIds, sources: query['source[in]'] ?? query.sources };
  return answer(context, 'listContacts', cursorPage(contactsMatching(context.store, filters).map(datedContact), query));
};

export const getContactById: Route = (context) => answer(context, 'getContactById', { data: datedContact(knownContact(context.store, context.params.contactId!)) });

/** A dated contact body as v1 nests it: the default fields under `defaultFields`, only those given. */
function nestedFields(body: RequestBody<'createContact'>) {
  const { firstName, lastName, company, role, emails, phoneNumbers, ...rest } = body;
  const given = Object.entries({ firstName, lastName, company, role, emails, phoneNumbers }).filter(([, value]) => value !== undefined);
  return { ...rest, defaultFields: Object.fromEntries(given) };
}

/** A new contact, kept as v1 keeps it; `contact.updated` tells webhooks about it, as v1's create does. */
export const createContact: Route = (context) => {
  const body = nestedFields(context.body as RequestBody<'createContact'>) as RequestBody<'createContact_v1'>;
  const contact = createV1Contact(context.store, { ...body, defaultFields: { ...body.defaultFields, firstName: body.defaultFields.firstName ?? null } });
  context.emit(contactEvent(context.store, 'contact.updated', contact));
  return answer(context, 'createContact', { data: datedContact(contact) });
};

/** Changes the fields the request gives, as v1's update does, and sends `contact.updated`. */
export const updateContactById: Route = (context) => {
  const contact = knownContact(context.store, context.params.contactId!);
  const updated = updateContact(context.store, contact, nestedFields(context.body as RequestBody<'updateContactById'>) as RequestBody<'updateContactById_v1'>);
  context.emit(contactEvent(context.store, 'contact.updated', updated));
  return answer(context, 'updateContactById', { data: datedContact(updated) });
};

/** Changes the conversation's inbox state (see `Store.inbox`) and its `updatedAt`, and returns it. */
function markConversation(change: { status?: 'open' | 'done'; unread?: boolean }): Route {
  return (context) => {
    const { store, params } = context;
    const conversation = store.conversations.find((c) => c.id === params.conversationId);
    if (!conversation) throw notFound('Conversation', params.conversationId!);
    Object.assign(store.inboxState(conversation.id), change);
    conversation.updatedAt = store.tick();
    return { status: context.operation.successStatus, body: { data: conversation } };
  };
}

export const markConversationAsRead = markConversation({ unread: false });
export const markConversationAsDone = markConversation({ status: 'done' });
export const markConversationAsOpen = markConversation({ status: 'open' });

/** 202 for a message that failed and may be retried: it is queued again, the same message (no new one). 422 otherwise. */
export const retryMessage: Route = (context) => {
  const { store, params } = context;
  const message = store.messages.find((m) => m.id === params.messageId);
  if (!message) throw notFound('Message', params.messageId!);
  const failure = store.failedMessages.get(message.id);
  if (failure !== 'retryable') {
    throw new ApiProblem(422, failure === 'permanent' ? 'The message has permanently failed and cannot be retried' : `Message ${message.id} has not failed; only failed messages can be retried`);
  }
  store.failedMessages.delete(message.id);
  message.status = 'queued';
  message.updatedAt = store.tick();
  return answer(context, 'retryMessage', {});
};
