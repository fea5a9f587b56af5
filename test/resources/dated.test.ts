import { describe, expect, expectTypeOf, it } from 'vitest';
import { operations } from '../../generated/2026-03-30.operations.js';
import {
  UnprocessableEntityError,
  ValidationError,
  type Conversation,
  type CursorPage,
  type User,
  type VersionedWebhookWithKey,
  type WebhookEventType,
  type WebhookTestEvent,
} from '../../src/index.js';
import { conversation, users, versionedWebhook, webhookDelivery, webhookDeliveryDetail, webhookTestEvent } from '../fixtures/models.js';
import { apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

const { key: _key, ...webhook } = versionedWebhook;

describe('users (dated, cursor-paged)', () => {
  const { maxPageSize } = operations.listUsers.pagination;

  it('pages by cursor with the largest page the spec allows, sending the version header', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/users', 200, { data: users(2, 0), nextCursor: 'c2' });
    reply('GET', '/users', 200, { data: users(1, 2), nextCursor: null });
    const page = await client.users.list();
    expectTypeOf(page).toEqualTypeOf<CursorPage<User>>();
    expect([page.nextCursor, page.hasNextPage()]).toEqual(['c2', true]);
    const next = await page.nextPage();
    expect([...page.data, ...next!.data].map((u) => u.id)).toEqual(['US0000', 'US0001', 'US0002']);
    expect(next!.hasNextPage()).toBe(false);
    expect(requests[0]!.path).toBe(`/users?limit=${maxPageSize}`);
    expect(requests[1]!.query.get('after')).toBe('c2');
    expect(requests[0]!.headers['quo-api-version']).toBe('2026-03-30');
  });

  it('resumes from a stored cursor with after, and honours maxItems', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/users', 200, { data: users(1, 5), nextCursor: 'c7' });
    const items = await client.users.list({ after: 'c6', limit: 1 }, { maxItems: 1 }).toArray();
    expect(items.map((u) => u.id)).toEqual(['US0005']);
    expect(requests[0]!.path).toBe('/users?limit=1&after=c6');
  });

  it('refuses a page size beyond the spec before any request', async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.users.list({ limit: maxPageSize + 1 }))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'limit', rule: 'maximum' })]);
    expect(requests).toEqual([]);
  });

  it('get fetches one user', async () => {
    const { client, reply } = apiClient();
    reply('GET', '/users/US0001', 200, { data: users(1, 1)[0] });
    expect((await client.users.get('US0001')).id).toBe('US0001');
  });
});

describe('conversations: mark as read, done, open', () => {
  it.each([
    ['markAsRead', 'mark-as-read'],
    ['markAsDone', 'mark-as-done'],
    ['markAsOpen', 'mark-as-open'],
  ] as const)('%s posts to /conversations/{id}/%s and returns the conversation', async (method, action) => {
    const { client, requests, reply } = apiClient();
    reply('POST', `/conversations/CN0001/${action}`, 200, { data: conversation });
    const result = await client.conversations[method]('CN0001');
    expectTypeOf(result).toEqualTypeOf<Conversation>();
    expect(result).toEqual(conversation);
    expect(requests[0]).toMatchObject({ method: 'POST', path: `/conversations/CN0001/${action}` });
  });
});

describe('messages.retry', () => {
  it('resolves on 202', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/messages/AC0001/retry', 202, {});
    expect(await client.messages.retry('AC0001')).toBeUndefined();
    expect(requests).toHaveLength(1);
  });

  it('throws UnprocessableEntityError on 422 (the message has not failed, or failed for good)', async () => {
    const { client, reply } = apiClient();
    reply('POST', '/messages/AC0001/retry', 422, { title: 'Unprocessable', message: 'Message has not failed', docs: 'https://docs', errors: [] });
    const error = await rejection(client.messages.retry('AC0001'));
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, operation: { operationId: 'retryMessage' } });
    expect((error as Error).message).toMatch(/Message has not failed/);
  });
});

describe('webhooks (versioned)', () => {
  it('create takes any event type of the spec and returns the webhook with its key', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/webhooks', 201, { data: versionedWebhook });
    const params = { url: 'https://example.com/hooks', events: ['message.received', 'task.overdue'] as WebhookEventType[], label: 'orders' };
    const created = await client.webhooks.create(params);
    expectTypeOf(created).toEqualTypeOf<VersionedWebhookWithKey>();
    expect(created.key).toBe(versionedWebhook.key);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/webhooks', body: params });
  });

  it('refuses an event type the spec does not list, naming the field', async () => {
    const { client, requests } = apiClient();
    const eventTypes = operations.createHeaderVersionedWebhook.requestBody.schema.properties.events.items.enum;
    const error = (await rejection(
      // @ts-expect-error not an event type of the spec
      client.webhooks.create({ url: 'https://example.com/hooks', events: ['message.bogus'] }),
    )) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'events[0]', rule: 'enum' })]);
    expect(eventTypes).toContain('call.menu.selected');
    expect(requests).toEqual([]);
  });

  it('list, get, update, delete and rotateSecret', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/webhooks', 200, { data: [webhook] });
    reply('GET', '/webhooks/101', 200, { data: webhook });
    reply('PATCH', '/webhooks/101', 200, { data: { ...webhook, label: 'renamed' } });
    reply('DELETE', '/webhooks/101', 204);
    reply('POST', '/webhooks/101/rotate', 200, { data: { key: 'whsec_new' } });
    expect((await client.webhooks.list()).data).toEqual([webhook]);
    expect(await client.webhooks.get('101')).toEqual(webhook);
    expect((await client.webhooks.update('101', { label: 'renamed' })).label).toBe('renamed');
    expect(await client.webhooks.delete('101')).toBeUndefined();
    expect(await client.webhooks.rotateSecret('101')).toEqual({ key: 'whsec_new' });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks', 'GET /webhooks/101', 'PATCH /webhooks/101', 'DELETE /webhooks/101', 'POST /webhooks/101/rotate']);
    expect(requests[2]!.body).toEqual({ label: 'renamed' });
  });

  it('deliveries pages by cursor with filters; delivery and retryDelivery address one', async () => {
    const { client, requests, reply } = apiClient();
    reply('GET', '/webhooks/101/events', 200, { data: [webhookDelivery], nextCursor: null });
    reply('GET', '/webhooks/101/events/EV0001', 200, { data: webhookDeliveryDetail });
    reply('POST', '/webhooks/101/events/EV0001/retry', 202, {});
    const page = await client.webhooks.deliveries('101', { status: 'failed', eventType: 'message.received', 'createdAt[gt]': new Date('2026-04-01T00:00:00Z') });
    expect(page.data).toEqual([webhookDelivery]);
    expect(page.hasNextPage()).toBe(false);
    expect((await client.webhooks.delivery('101', 'EV0001')).attempts[0]!.responseStatusCode).toBe(500);
    expect(await client.webhooks.retryDelivery('101', 'EV0001')).toBeUndefined();
    expect(requests[0]!.path).toBe(
      `/webhooks/101/events?status=failed&eventType=message.received&createdAt[gt]=2026-04-01T00%3A00%3A00.000Z&limit=${operations.listHeaderVersionedWebhookDeliveries.pagination.maxPageSize}`,
    );
    expect(requests.slice(1).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /webhooks/101/events/EV0001', 'POST /webhooks/101/events/EV0001/retry']);
  });

  it('sendTestEvent posts the event type and resolves to the event sent', async () => {
    const { client, requests, reply } = apiClient();
    reply('POST', '/webhooks/101/events/test', 200, webhookTestEvent);
    const sent = await client.webhooks.sendTestEvent('101', { eventType: 'message.received' });
    expectTypeOf(sent).toEqualTypeOf<WebhookTestEvent>();
    expect(sent).toEqual(webhookTestEvent);
    expect(requests[0]!.body).toEqual({ eventType: 'message.received' });
  });

  it('refuses a webhook id that is not one', async () => {
    const { client, requests } = apiClient();
    expect(await rejection(client.webhooks.get('WH1'))).toBeInstanceOf(ValidationError);
    expect(requests).toEqual([]);
  });
});
