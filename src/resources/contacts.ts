import type { APIPromise } from '../core/api-promise.js';
import type { Contact, ContactCustomField, RequestBody } from '../internal/types.js';
import { Contacts as DerivedContacts } from '../../generated/2026-03-30.resources.js';
import type { PhoneField, RequestOptions } from './resource.js';

export type CreateContactParams = RequestBody<'createContact'>;
export type UpdateContactParams = RequestBody<'updateContactById'>;

/** Contact phone numbers are not patterned in the spec, but the API stores and matches them as E.164. */
function contactPhoneFields(body: { phoneNumbers?: readonly { value?: string | null }[] } | undefined): PhoneField[] {
  return (body?.phoneNumbers ?? []).map((entry, index) => [`phoneNumbers[${index}].value`, entry?.value] as const);
}

/** Contacts: `create` and `update` on the dated API with their phone numbers checked, handwritten; `customFields` on v1; the rest derived. */
export class Contacts extends DerivedContacts {
  create(contact: CreateContactParams, options: RequestOptions = {}): APIPromise<Contact> {
    return this.callOperation('createContact', [], contact, options, contactPhoneFields);
  }

  /**
   * Changes a contact's fields. Not retried once it may have reached the API,
   * since adding a phone number or email twice would duplicate it.
   */
  update(contactId: string, changes: UpdateContactParams, options: RequestOptions = {}): APIPromise<Contact> {
    return this.callOperation('updateContactById', [contactId], changes, options, contactPhoneFields);
  }

  /** The custom fields defined for contacts in the workspace: only v1 has their definitions. */
  customFields(options: RequestOptions = {}): APIPromise<ContactCustomField[]> {
    return this.callOperation('getContactCustomFields_v1', [], undefined, options);
  }
}
