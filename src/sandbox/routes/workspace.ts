import { ok, queryOf, within, type Route } from '../responses.js';
import { page } from '../pages.js';

export const listPhoneNumbers_v1: Route = (context) => {
  const { userId } = queryOf(context, 'listPhoneNumbers_v1');
  const data = context.store.phoneNumbers.filter((n) => userId === undefined || n.users.some((u) => u.id === userId));
  return ok('listPhoneNumbers_v1', { data });
};

/**
 * Every conversation of the workspace, most recent activity first, as
 * documented. `phoneNumbers` (or the deprecated `phoneNumber`) takes ids or
 * E.164 numbers; `userId` keeps the conversations on numbers the user belongs
 * to; `excludeInactive` leaves out conversations the workspace deleted.
 */
export const listConversations_v1: Route = (context) => {
  const { store } = context;
  const query = queryOf(context, 'listConversations_v1');
  const wanted = query.phoneNumbers ?? (query.phoneNumber === undefined ? undefined : [query.phoneNumber]);
  const numberIds = wanted && new Set(wanted.map((n) => store.phoneNumber(n)?.id));
  const userNumbers = query.userId && new Set(store.phoneNumbers.filter((n) => n.users.some((u) => u.id === query.userId)).map((n) => n.id));
  const matching = store.conversations
    .filter(
      (c) =>
        (!numberIds || numberIds.has(c.phoneNumberId)) &&
        (!userNumbers || userNumbers.has(c.phoneNumberId)) &&
        !(query.excludeInactive && c.deletedAt !== null) &&
        within(c.createdAt, query.createdAfter, query.createdBefore) &&
        within(c.updatedAt, query.updatedAfter, query.updatedBefore),
    )
    .sort((a, b) => (b.lastActivityAt ?? '').localeCompare(a.lastActivityAt ?? ''));
  return ok('listConversations_v1', page(matching, query));
};
