import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { Contact, ContactCustomField, RequestBody } from '../internal/types.js';
import { Contacts as DerivedContacts } from '../../generated/2026-03-30.resources.js';
import type { ListOptions, ListParams, PhoneField, RequestOptions } from './resource.js';

export type CreateContactParams = RequestBody<'createContact_v1'>;
export type UpdateContactParams = RequestBody<'updateContactById_v1'>;

export type ListContactsParams = ListParams<'listContacts_v1', 'externalIds' | 'sources'>;

/** Contact phone numbers are not patterned in the spec, but the API stores and matches them as E.164. */
function contactPhoneFields(body: { defaultFields?: { phoneNumbers?: readonly { value?: string | null }[] } } | undefined): PhoneField[] {
  return (body?.defaultFields?.phoneNumbers ?? []).map((entry, index) => [`defaultFields.phoneNumbers[${index}].value`, entry?.value] as const);
}

export class Contacts extends DerivedContacts {
  create(contact: CreateContactParams, options: RequestOptions = {}): APIPromise<Contact> {
    return this.data('createContact_v1', { body: contact, phoneFields: contactPhoneFields }, (init, body) => this.raw.POST('/v1/contacts', { body, ...init }), options);
  }

  get(id: string, options: RequestOptions = {}): APIPromise<Contact> {
    return this.callOperation('getContactById_v1', [id], undefined, options);
  }

  /**
   * Changes a contact. Fields merge into the contact; an email or phone entry
   * with an `id` changes that entry (`value: null` removes it), one without an
   * `id` is added. Not retried once it may have reached the API, since adding
   * twice would duplicate entries.
   */
  update(id: string, changes: UpdateContactParams, options: RequestOptions = {}): APIPromise<Contact> {
    const path = { id };
    const checked = { path, body: changes, phoneFields: contactPhoneFields };
    return this.data('updateContactById_v1', checked, (init, body) => this.raw.PATCH('/v1/contacts/{id}', { params: { path }, body, ...init }), options);
  }

  delete(id: string, options: RequestOptions = {}): APIPromise<void> {
    return this.callOperation('deleteContact_v1', [id], undefined, options);
  }

  /** Contacts by the external ids your system gave them; await for a page, or `for await` for all. */
  list(params: ListContactsParams, options: ListOptions = {}): PagePromise<Contact> {
    return this.listOperation('listContacts_v1', [], params, options);
  }

  /** The custom fields defined for contacts in the workspace. */
  customFields(options: RequestOptions = {}): APIPromise<ContactCustomField[]> {
    return this.callOperation('getContactCustomFields_v1', [], undefined, options);
  }
}
