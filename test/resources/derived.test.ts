/**
 * The derived methods' one interpreter (`Resource.callOperation` and
 * `listOperation`): how path ids and one params object become the request,
 * and how each result shape is read. Request shapes only, so nock.
 */
import { describe, expect, it } from 'vitest';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { operations as v1Operations } from '../../generated/v1.operations.js';
import { ValidationError } from '../../src/index.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

describe('derived methods send', () => {
  it('path ids, query fields with dates as ISO text and one value as a list, and the largest page size the spec allows', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/calls', 200, { data: [{ id: 'AC1' }], nextPageToken: null });
    const after = new Date('2026-01-02T03:04:05.000Z');
    const page = await client.v1.calls.list({ phoneNumberId: 'PN1', participants: '+15555550123', createdAfter: after });
    expect(page.data).toEqual([{ id: 'AC1' }]);
    expect(requests[0]!.query.get('createdAfter')).toBe(after.toISOString());
    expect(requests[0]!.query.getAll('participants')).toEqual(['+15555550123']);
    expect(Number(requests[0]!.query.get('maxResults'))).toBe(v1Operations.listCalls_v1.pagination.maxPageSize);
  });

  it('body fields with the path id, on both surfaces, the dated one with its version header', async () => {
    const { client, requests, reply } = apiClient();
    reply('PATCH', '/v1/contacts/c1', 200, { data: { id: 'c1' } });
    reply('POST', '/webhooks/1/events/test', 200, { id: 'EV1', type: 'message.received', data: {} });
    expect(await client.v1.contacts.update('c1', { defaultFields: { lastName: 'King' } })).toEqual({ id: 'c1' });
    // A body that is the record itself, not `{ data }`, is answered whole.
    expect(await client.webhooks.events.test('1', { eventType: 'message.received' })).toEqual({ id: 'EV1', type: 'message.received', data: {} });
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', '/v1/contacts/c1', { defaultFields: { lastName: 'King' } }],
      ['POST', '/webhooks/1/events/test', { eventType: 'message.received' }],
    ]);
    const [version] = Object.entries(datedOperations.sendHeaderVersionedTestWebhookEvent.fixedHeaders)[0]!;
    expect(requests[1]!.headers[version.toLowerCase()]).toBe(datedOperations.sendHeaderVersionedTestWebhookEvent.fixedHeaders[version as never]);
    expect(requests[0]!.headers[version.toLowerCase()]).toBeUndefined();
  });

  it('resolve to nothing for a 204 and a 202 {}', async () => {
    const { client, reply } = apiClient();
    reply('DELETE', '/v1/contacts/c1', 204);
    reply('POST', '/messages/AC1/retry', 202, {});
    await expect(client.v1.contacts.delete('c1')).resolves.toBeUndefined();
    await expect(client.messages.retry('AC1')).resolves.toBeUndefined();
  });
});

describe('derived lists', () => {
  it('follow page tokens (v1) and cursors (dated) to the end', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/v1/contacts', 200, { data: [{ id: 'c1' }], nextPageToken: 'T2' });
    reply('GET', '/v1/contacts', 200, { data: [{ id: 'c2' }], nextPageToken: null });
    reply('GET', '/users', 200, { data: [{ id: 'US1' }], nextCursor: 'C2' });
    reply('GET', '/users', 200, { data: [{ id: 'US2' }], nextCursor: null });
    const contacts: string[] = [];
    for await (const contact of client.v1.contacts.list({ externalIds: ['x1', 'x2'] })) contacts.push(contact.id);
    const users: string[] = [];
    for await (const user of client.users.list({ limit: 1 })) users.push(user.id);
    expect([contacts, users]).toEqual([
      ['c1', 'c2'],
      ['US1', 'US2'],
    ]);
    expect(requests.map((r) => [r.path.split('?')[0], r.query.get('pageToken') ?? r.query.get('after')])).toEqual([
      ['/v1/contacts', null],
      ['/v1/contacts', 'T2'],
      ['/users', null],
      ['/users', 'C2'],
    ]);
    expect(requests[0]!.query.getAll('externalIds')).toEqual(['x1', 'x2']);
    expect(requests[2]!.query.get('limit')).toBe('1');
  });

  it('take a list the API returns whole as one page', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/v1/phone-numbers', 200, { data: [{ id: 'PN1' }, { id: 'PN2' }] });
    const page = await client.v1.phoneNumbers.list();
    expect([page.data.map((n) => n.id), page.hasNextPage()]).toEqual([['PN1', 'PN2'], false]);
  });
});

describe('derived methods refuse', () => {
  it('a params field the operation does not declare, naming the nearest one it does, before any request', async () => {
    const { client, requests } = apiClient();
    const error = await rejection(client.v1.calls.list({ phoneNumberID: 'PN1', participants: '+15555550123' } as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'phoneNumberID', rule: 'unknown', message: expect.stringContaining('did you mean `phoneNumberId`?') })]);
    const far = await rejection(client.v1.contacts.update('c1', { zzz: 1 } as never));
    expect((far as ValidationError).issues[0]!.message).toMatch(/known: .*defaultFields/);
    expect(requests).toEqual([]);
  });

  it('a deprecated query field, which the params type does not offer either', async () => {
    const { client, requests } = apiClient();
    const deprecated = v1Operations.listCalls_v1.parameters.find((p) => p.deprecated)!;
    const error = await rejection(client.v1.calls.list({ phoneNumberId: 'PN1', participants: '+15555550123', [deprecated.name]: 'x' } as never));
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: deprecated.name, rule: 'unknown' })]);
    expect(requests).toEqual([]);
  });

  it('values the spec refuses, as every method does', async () => {
    const { client, requests } = apiClient();
    const error = await rejection(client.v1.calls.list({ participants: '+15555550123' } as never));
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'phoneNumberId', rule: 'required' })]);
    expect(requests).toEqual([]);
  });
});
