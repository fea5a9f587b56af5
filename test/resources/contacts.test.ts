import nock from 'nock';
import { afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError, type Contact, type ContactCustomField, type Page } from '../../src/index.js';
import { contact, contactCustomField } from '../fixtures/models.js';
import { apiClient, rejection } from '../helpers/nock-api.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const newContact = {
  defaultFields: { firstName: 'Ada', phoneNumbers: [{ name: 'mobile', value: '+15555550123' }] },
  externalId: 'crm-1',
};

describe('contacts', () => {
  it('create posts the body and unwraps', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/v1/contacts', 201, { data: contact });
    const created = await client.contacts.create(newContact);
    expectTypeOf(created).toEqualTypeOf<Contact>();
    expect(created).toEqual(contact);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/contacts', body: newContact });
  });

  it('create checks contact phone numbers as E.164', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(
      client.contacts.create({ defaultFields: { firstName: 'Ada', phoneNumbers: [{ name: 'home', value: '555-0100' }] } }),
    )) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'defaultFields.phoneNumbers[0].value', value: '555-0100', rule: 'e164' })]);
    expect(requests).toEqual([]);
  });

  it('get, update and delete take the id first', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', `/v1/contacts/${contact.id}`, 200, { data: contact });
    reply('PATCH', `/v1/contacts/${contact.id}`, 200, { data: contact });
    reply('DELETE', `/v1/contacts/${contact.id}`, 204);
    expect(await client.contacts.get(contact.id)).toEqual(contact);
    // A phone entry set to null is removed by the API, so null passes validation.
    const updated = await client.contacts.update(contact.id, { defaultFields: { lastName: 'King', phoneNumbers: [{ name: 'mobile', value: null, id: 'ph1' }] } });
    expect(updated).toEqual(contact);
    const deleted = await client.contacts.delete(contact.id);
    expectTypeOf(deleted).toEqualTypeOf<void>();
    expect(deleted).toBeUndefined();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/contacts/${contact.id}`,
      `PATCH /v1/contacts/${contact.id}`,
      `DELETE /v1/contacts/${contact.id}`,
    ]);
    expect(requests[1]!.body).toEqual({ defaultFields: { lastName: 'King', phoneNumbers: [{ name: 'mobile', value: null, id: 'ph1' }] } });
  });

  it('list filters by externalIds, accepts one or many, pages, and needs no filter', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/contacts', 200, { data: [contact], nextPageToken: null, totalItems: 1 });
    const page = await client.contacts.list({ externalIds: 'crm-1', sources: ['public-api'] });
    expectTypeOf(page).toEqualTypeOf<Page<Contact>>();
    expect(page.data).toEqual([contact]);
    expect(requests[0]!.path).toBe('/v1/contacts?externalIds=crm-1&sources=public-api&maxResults=50');
    reply('GET', '/v1/contacts', 200, { data: [contact], nextPageToken: null, totalItems: 1 });
    expect((await client.contacts.list({})).data).toEqual([contact]);
    expect(requests[1]!.path).toBe('/v1/contacts?maxResults=50');
  });

  it('customFields unwraps the list', async () => {
    const { client, reply } = apiClient();
    const fields = [contactCustomField];
    reply('GET', '/v1/contact-custom-fields', 200, { data: fields });
    const result = await client.contacts.customFields();
    expectTypeOf(result).toEqualTypeOf<ContactCustomField[]>();
    expect(result).toEqual(fields);
  });
});

describe('ids no URL can carry', () => {
  it('refuses a lone surrogate with a ValidationError naming the field, before any request', async () => {
    const { client, requests } = apiClient();
    for (const attempt of [client.contacts.delete('\udfff'), client.contacts.get('a\ud800b'), client.contacts.update('\udfff', {})]) {
      const error = (await rejection(attempt)) as ValidationError;
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.issues).toEqual([expect.objectContaining({ field: 'id', rule: 'wellFormed' })]);
      expect(error.message).toMatch(/Invalid id: .* holds a lone UTF-16 surrogate/);
    }
    const listed = (await rejection(client.contacts.list({ externalIds: ['ok', 'x\udc00'] }))) as ValidationError;
    expect(listed.issues).toEqual([expect.objectContaining({ field: 'externalIds[1]', rule: 'wellFormed' })]);
    expect(requests).toEqual([]);
  });

  it('still sends a well-formed pair, such as an emoji', async () => {
    const { client, requests, reply } = apiClient();
    reply('DELETE', `/v1/contacts/${encodeURIComponent('id-😀')}`, 204);
    await client.contacts.delete('id-😀');
    expect(requests).toHaveLength(1);
  });
});
