import { createContact, updateContact } from '../contacts.js';
import { contactEvent } from '../events.js';
import { notFound, ok, queryOf, requestBody, type Route } from '../responses.js';
import { page } from '../pages.js';
import type { V1Contact as Contact } from '../../internal/types.js';
import type { Store } from '../store.js';

export function knownContact(store: Store, id: string) {
  const contact = store.contacts.find((c) => c.id === id);
  if (!contact) throw notFound('Contact', id);
  return contact;
}

/** A new contact; `contact.updated` tells webhooks about it, as it does for a change. */
export const createContact_v1: Route = (context) => {
  const contact = createContact(context.store, requestBody(context, 'createContact_v1'));
  context.emit(contactEvent(context.store, 'contact.updated', contact));
  return ok('createContact_v1', { data: contact });
};

/** The updated contact; as documented, its custom field values come without their `id` here. */
export const updateContactById_v1: Route = (context) => {
  const contact = knownContact(context.store, context.params.id!);
  const updated = updateContact(context.store, contact, requestBody(context, 'updateContactById_v1'));
  context.emit(contactEvent(context.store, 'contact.updated', updated));
  return ok('updateContactById_v1', { data: { ...updated, customFields: updated.customFields.map(({ id: _id, ...field }) => field) } });
};

/** Contacts whose `externalId` is one of `externalIds` and whose source is one of `sources`, each filter applying when given. */
export function contactsMatching(store: Store, filters: { readonly externalIds?: readonly string[] | null; readonly sources?: readonly string[] | null }): Contact[] {
  const { externalIds, sources } = filters;
  return store.contacts.filter((c) => (!externalIds || (c.externalId !== null && externalIds.includes(c.externalId))) && (!sources || (c.source !== null && sources.includes(c.source))));
}

/** v1 requires `externalIds`, as documented. */
export const listContacts_v1: Route = (context) => {
  const query = queryOf(context, 'listContacts_v1');
  return ok('listContacts_v1', page(contactsMatching(context.store, query), query));
};

/** Removes the contact (through either surface, `id` or `contactId`) and sends `contact.deleted`. */
export const deleteContact: Route = (context) => {
  const { store, params } = context;
  const contact = knownContact(store, (params.id ?? params.contactId)!);
  store.contacts.splice(store.contacts.indexOf(contact), 1);
  context.emit(contactEvent(store, 'contact.deleted', contact));
  return { status: context.operation.successStatus };
};
