import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError, type Contact, type ContactCustomField, type CursorPage, type Page, type V1Contact } from '../../src/index.js';
import { contact, contactCustomField, datedContact } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

const newContact = {
  firstName: 'Ada',
  phoneNumbers: [{ name: 'mobile', value: '+15555550123' }],
  externalId: 'crm-1',
};

describe('contacts (dated API)', () => {
  it('create posts the body to the dated path and unwraps', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/contacts', 201, { data: datedContact });
    const created = await client.contacts.create(newContact);
    expectTypeOf(created).toEqualTypeOf<Contact>();
    expect(created).toEqual(datedContact);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/contacts', body: newContact });
  });

  it('create and update check contact phone numbers as E.164', async () => {
    const { client, requests } = apiClient();
    const created = (await rejection(client.contacts.create({ firstName: 'Ada', phoneNumbers: [{ name: 'home', value: '555-0100' }] }))) as ValidationError;
    expect(created.issues).toEqual([expect.objectContaining({ field: 'phoneNumbers[0].value', value: '555-0100', rule: 'e164' })]);
    const updated = (await rejection(client.contacts.update(datedContact.id, { phoneNumbers: [{ name: 'home', value: '555-0100' }] }))) as ValidationError;
    expect(updated.issues).toEqual([expect.objectContaining({ field: 'phoneNumbers[0].value', rule: 'e164' })]);
    expect(requests).toEqual([]);
  });

  it('create refuses the v1 `defaultFields`, naming client.v1.contacts.create', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.contacts.create({ defaultFields: { firstName: 'Ada' } } as never))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'defaultFields', rule: 'v1Field' })]);
    expect(error.message).toContain('client.v1.contacts.create');
    expect(requests).toEqual([]);
  });

  it('get, update and delete take the id first', async () => {
    const { client, requests, reply } = apiClient();
    const id = datedContact.id;
    reply('GET', `/contacts/${id}`, 200, { data: datedContact });
    reply('PATCH', `/contacts/${id}`, 200, { data: datedContact });
    reply('DELETE', `/contacts/${id}`, 204);
    expect(await client.contacts.get(id)).toEqual(datedContact);
    expect(await client.contacts.update(id, { lastName: 'King' })).toEqual(datedContact);
    const deleted = await client.contacts.delete(id);
    expectTypeOf(deleted).toEqualTypeOf<void>();
    expect(deleted).toBeUndefined();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /contacts/${id}`, `PATCH /contacts/${id}`, `DELETE /contacts/${id}`]);
    expect(requests[1]!.body).toEqual({ lastName: 'King' });
  });

  it('list filters by `externalId[in]` as a comma-separated list, pages by cursor, and needs no filter', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/contacts', 200, { data: [datedContact], nextCursor: null });
    const page = await client.contacts.list({ 'externalId[in]': ['crm-1', 'crm-2'] });
    expectTypeOf(page).toEqualTypeOf<CursorPage<Contact>>();
    expect(page.data).toEqual([datedContact]);
    expect(requests[0]!.query.get('externalId[in]')).toBe('crm-1,crm-2');
    reply('GET', '/contacts', 200, { data: [datedContact], nextCursor: null });
    expect((await client.contacts.list()).data).toEqual([datedContact]);
  });

  it('customFields unwraps the list, from v1 (only v1 has the definitions)', async () => {
    const { client, reply } = apiClient();
    const fields = [contactCustomField];
    reply('GET', '/v1/contact-custom-fields', 200, { data: fields });
    const result = await client.contacts.customFields();
    expectTypeOf(result).toEqualTypeOf<ContactCustomField[]>();
    expect(result).toEqual(fields);
  });
});

describe('client.v1.contacts keeps the v1 shapes', () => {
  it('create, update and list with `defaultFields` and page tokens', async () => {
    const { client, requests, reply } = apiClient();
    const v1Contact = { defaultFields: { firstName: 'Ada', phoneNumbers: [{ name: 'mobile', value: '+15555550123' }] }, externalId: 'crm-1' };
    reply('POST', '/v1/contacts', 201, { data: contact });
    reply('PATCH', `/v1/contacts/${contact.id}`, 200, { data: contact });
    reply('GET', '/v1/contacts', 200, { data: [contact], nextPageToken: null, totalItems: 1 });
    expect(await client.v1.contacts.create(v1Contact)).toEqual(contact);
    // A phone entry set to null is removed by the API, so null passes validation.
    expect(await client.v1.contacts.update(contact.id, { defaultFields: { lastName: 'King', phoneNumbers: [{ name: 'mobile', value: null, id: 'ph1' }] } })).toEqual(contact);
    const page = await client.v1.contacts.list({ externalIds: 'crm-1', sources: ['public-api'] });
    expectTypeOf(page).toEqualTypeOf<Page<V1Contact>>();
    expect(page.data).toEqual([contact]);
    expect(requests.map((r) => r.path)).toEqual(['/v1/contacts', `/v1/contacts/${contact.id}`, '/v1/contacts?externalIds=crm-1&sources=public-api&maxResults=50']);
  });
});

describe('ids no URL can carry', () => {
  it('refuses a lone surrogate with a ValidationError naming the field, before any request', async () => {
    const { client, requests } = apiClient();
    for (const attempt of [client.contacts.delete('\udfff'), client.contacts.get('a\ud800b'), client.contacts.update('\udfff', {})]) {
      const error = (await rejection(attempt)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues).toEqual([expect.objectContaining({ field: 'contactId', rule: 'wellFormed' })]);
      expect(error.message).toMatch(/Invalid contactId: .* holds a lone UTF-16 surrogate/);
    }
    const listed = (await rejection(client.contacts.list({ 'externalId[in]': ['ok', 'x\udc00'] }))) as ValidationError;
    expect(listed.issues).toEqual([expect.objectContaining({ field: 'externalId[in][1]', rule: 'wellFormed' })]);
    expect(requests).toEqual([]);
  });

  it('still sends a well-formed pair, such as an emoji', async () => {
    const { client, requests, reply } = apiClient();
    reply('DELETE', `/contacts/${encodeURIComponent('id-😀')}`, 204);
    await client.contacts.delete('id-😀');
    expect(requests).toHaveLength(1);
  });
});
