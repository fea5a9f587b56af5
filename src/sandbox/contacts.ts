/**
 * Contacts as the API creates and patches them, shared by the routes and the
 * seeded workspace.
 */
import type { V1Contact as Contact, ContactCustomField, RequestBody } from '../internal/types.js';
import { invalidField } from './responses.js';
import type { Store } from './store.js';
import { isDateTime } from '../internal/validation/date-time.js';

/** A custom field's value on a contact. */
export type ContactFieldValue = Contact['customFields'][number];

type Entry = Contact['defaultFields']['emails'][number];

/** What a request may say about a custom field: which one (by `key`, or by the `id` of the contact's value) and its new value. */
interface FieldChange {
  readonly key?: string;
  readonly id?: string;
  readonly value: unknown;
}

const RESERVED_SOURCES = ['openphone', 'device', 'csv', 'zapier', 'google-people', 'other'];
const RESERVED_SOURCE_PREFIXES = ['openphone', 'csv'];

/**
 * A contact's value for `field`, or what is wrong with `value` for the
 * field's type. `null` clears any field.
 */
export function customFieldValue(field: ContactCustomField, id: string, value: unknown): ContactFieldValue | string {
  const base = { name: field.name, key: field.key, id };
  const problem = `is not a valid value for the ${field.type} field "${field.key}"`;
  switch (field.type) {
    case 'multi-select':
      return value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string')) ? { ...base, type: field.type, value } : problem;
    case 'boolean':
      return value === null || typeof value === 'boolean' ? { ...base, type: field.type, value } : problem;
    case 'number':
      return value === null || (typeof value === 'number' && Number.isFinite(value)) ? { ...base, type: field.type, value } : problem;
    case 'date':
      return value === null || (typeof value === 'string' && isDateTime(value)) ? { ...base, type: field.type, value } : problem;
    case 'url':
      return value === null || (typeof value === 'string' && URL.canParse(value)) ? { ...base, type: field.type, value } : problem;
    case 'address':
    case 'string':
      return value === null || typeof value === 'string' ? { ...base, type: field.type, value } : problem;
  }
}

/** The documented reserved sources: the exact words, and anything starting with the prefixes. */
function checkSource(source: string | null | undefined): void {
  if (typeof source !== 'string') return;
  const lower = source.toLowerCase();
  if (RESERVED_SOURCES.includes(lower) || RESERVED_SOURCE_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    throw invalidField('source', source, `is reserved: a source cannot be ${RESERVED_SOURCES.join(', ')} or start with ${RESERVED_SOURCE_PREFIXES.join(' or ')}`, 'reserved');
  }
}

/**
 * Applies email or phone number entries as the API's PATCH does: an entry with
 * an `id` updates that entry, or removes it when its `value` is `null`; an
 * entry without one is appended (unless its value is `null`).
 */
function applyEntries(store: Store, prefix: string, current: readonly Entry[], changes: readonly Entry[], path: string): Entry[] {
  const result = current.map((entry) => ({ ...entry }));
  changes.forEach((change, i) => {
    if (change.id === undefined) {
      if (change.value !== null) result.push({ id: store.nextId(prefix), name: change.name, value: change.value });
      return;
    }
    const index = result.findIndex((entry) => entry.id === change.id);
    if (index < 0) throw invalidField(`${path}[${i}].id`, change.id, 'is not an entry of this contact');
    if (change.value === null) result.splice(index, 1);
    else result[index] = { id: change.id, name: change.name, value: change.value };
  });
  return result;
}

/** Sets custom field values, matched by `key` or by the `id` of the contact's value; each must fit its field's type. */
function applyCustomFields(store: Store, current: readonly ContactFieldValue[], changes: readonly FieldChange[]): ContactFieldValue[] {
  const result = [...current];
  changes.forEach((change, i) => {
    const index = result.findIndex((f) => (change.id !== undefined && f.id === change.id) || (change.key !== undefined && f.key === change.key));
    const key = change.key ?? result[index]?.key;
    const field = store.customFields.find((f) => f.key === key);
    if (!field) {
      throw invalidField(`customFields[${i}]`, change, 'is not a custom field of this workspace (see GET /v1/contact-custom-fields)', 'customField');
    }
    const value = customFieldValue(field, result[index]?.id ?? store.nextId('CF'), change.value);
    if (typeof value === 'string') throw invalidField(`customFields[${i}].value`, change.value, value, 'customField');
    if (index < 0) result.push(value);
    else result[index] = value;
  });
  return result;
}

/** A new contact; `source` defaults to `public-api` and the creator to the workspace owner, as documented. */
export function createContact(store: Store, request: RequestBody<'createContact_v1'>): Contact {
  checkSource(request.source);
  const createdByUserId = request.createdByUserId ?? store.owner.id;
  if (!store.user(createdByUserId)) throw invalidField('createdByUserId', createdByUserId, 'is not a user of this workspace');
  const fields = request.defaultFields;
  const id = store.hex(12);
  const createdAt = store.tick();
  const contact: Contact = {
    id,
    externalId: request.externalId ?? null,
    source: request.source ?? 'public-api',
    sourceUrl: request.sourceUrl ?? null,
    defaultFields: {
      firstName: fields.firstName,
      lastName: fields.lastName ?? null,
      company: fields.company ?? null,
      role: fields.role ?? null,
      emails: applyEntries(store, 'EM', [], fields.emails ?? [], 'defaultFields.emails'),
      phoneNumbers: applyEntries(store, 'PH', [], fields.phoneNumbers ?? [], 'defaultFields.phoneNumbers'),
    },
    customFields: applyCustomFields(store, [], request.customFields ?? []),
    createdAt,
    updatedAt: createdAt,
    createdByUserId,
  };
  store.contacts.push(contact);
  return contact;
}

/**
 * Patches a contact: fields the request leaves out stay as they are,
 * `defaultFields` merge field by field, entries follow `applyEntries`.
 * Nothing changes unless the whole request is valid.
 */
export function updateContact(store: Store, contact: Contact, request: RequestBody<'updateContactById_v1'>): Contact {
  checkSource(request.source);
  const fields = request.defaultFields ?? {};
  const current = contact.defaultFields;
  const updated: Contact = {
    ...contact,
    externalId: request.externalId === undefined ? contact.externalId : request.externalId,
    source: request.source === undefined ? contact.source : request.source,
    sourceUrl: request.sourceUrl === undefined ? contact.sourceUrl : request.sourceUrl,
    defaultFields: {
      firstName: fields.firstName === undefined ? current.firstName : fields.firstName,
      lastName: fields.lastName === undefined ? current.lastName : fields.lastName,
      company: fields.company === undefined ? current.company : fields.company,
      role: fields.role === undefined ? current.role : fields.role,
      emails: applyEntries(store, 'EM', current.emails, fields.emails ?? [], 'defaultFields.emails'),
      phoneNumbers: applyEntries(store, 'PH', current.phoneNumbers, fields.phoneNumbers ?? [], 'defaultFields.phoneNumbers'),
    },
    customFields: applyCustomFields(store, contact.customFields, request.customFields ?? []),
    updatedAt: store.tick(),
  };
  store.contacts[store.contacts.indexOf(contact)] = updated;
  return updated;
}
