/**
 * Simulated events delivered end to end: a webhook registered through the API,
 * a real receiver on 127.0.0.1, and `verifyWebhook` on what arrived.
 */
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError, verifyWebhook, type OpenPhone } from '../../src/index.js';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, connectSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { sandboxPerTest, seeded, startReceiver, type Receiver } from './helpers.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});

const sandboxWith = sandboxPerTest('sandbox-webhooks-key');
afterEach(() => receiver.close());

/** The next delivery, verified with `key`. */
async function nextVerified(key: string) {
  const delivery = await receiver.next();
  return verifyWebhook(delivery.body, delivery.headers, key);
}

async function messageWebhook(client: OpenPhone, events: ('message.received' | 'message.delivered')[], extra: { resourceIds?: string[]; status?: 'enabled' | 'disabled' } = {}) {
  return client.unwrap(await client.raw.POST('/v1/webhooks/messages', { body: { url: receiver.url, events, ...extra } })).data;
}

describe('with the legacy openphone-signature scheme (the default)', () => {
  it('delivers message.received, signed with the webhook key, and lists the message', async () => {
    const { sandbox, client } = await sandboxWith();
    const webhook = await messageWebhook(client, ['message.received']);
    const from = '+14155550999';
    const simulation = await sandbox.simulate.messageReceived({ from, text: 'Do you have a table for four?' });

    const delivery = await receiver.next();
    expect(delivery.headers['openphone-signature']).toMatch(/^hmac;1;\d{13};/);
    const verified = await verifyWebhook(delivery.body, delivery.headers, webhook.key);
    expect(verified.scheme).toBe('openphone-signature');
    expect(verified.known).toBe(true);
    if (verified.event.type !== 'message.received' || !('object' in verified.event.data)) throw new Error('not a legacy message event');
    expect(verified.event.data.object).toMatchObject({ id: simulation.data.id, from, to: [SEEDED_NUMBERS.main], text: 'Do you have a table for four?', direction: 'incoming' });
    expect(JSON.parse(delivery.body)).toEqual(simulation.event);

    expect(simulation.deliveries).toEqual([
      { webhookId: webhook.id, url: receiver.url, eventId: verified.event.id, eventType: 'message.received', scheme: 'openphone-signature', status: 200, error: null },
    ]);
    expect(sandbox.stats.deliveries).toEqual(simulation.deliveries);
    const { main } = seeded(sandbox);
    const listed = client.unwrap(await client.raw.GET('/v1/messages', { params: { query: { phoneNumberId: main.id, participants: [from], maxResults: 10 } } }));
    expect(listed.data).toEqual([simulation.data]);
  });

  it('names the seeded contact of a known sender', async () => {
    const { sandbox, client } = await sandboxWith();
    const webhook = await messageWebhook(client, ['message.received']);
    await sandbox.simulate.messageReceived({ from: SEEDED_CONTACT_NUMBERS.ada, to: SEEDED_NUMBERS.main, text: 'Hello again' });
    const delivery = await receiver.next();
    const { event } = await verifyWebhook(delivery.body, delivery.headers, webhook.key, { scheme: 'openphone-signature' });
    const ada = sandbox.store.contacts.find((c) => c.externalId === 'crm-1001')!;
    expect(event.data).toMatchObject({ object: { contactIds: [ada.id] } });
  });

  it('marks a sent message delivered and delivers message.delivered', async () => {
    const { sandbox, client } = await sandboxWith();
    const webhook = await messageWebhook(client, ['message.delivered']);
    const sent = client.unwrap(await client.raw.POST('/v1/messages', { body: { from: SEEDED_NUMBERS.support, to: ['+14155550999'], content: 'On our way' } })).data;
    expect(sent.status).toBe('queued');
    const simulation = await sandbox.simulate.messageDelivered(sent.id);

    const verified = await nextVerified(webhook.key);
    expect(verified.event).toMatchObject({ type: 'message.delivered', data: { object: { id: sent.id, status: 'delivered', direction: 'outgoing' } } });
    expect(simulation.data.status).toBe('delivered');
    const fetched = client.unwrap(await client.raw.GET('/v1/messages/{id}', { params: { path: { id: sent.id } } })).data;
    expect(fetched).toMatchObject({ status: 'delivered' });
    expect(fetched.updatedAt > sent.updatedAt).toBe(true);
  });

  it('delivers call.completed for a simulated call, which then has a recording', async () => {
    const { sandbox, client } = await sandboxWith();
    const webhook = client.unwrap(await client.raw.POST('/v1/webhooks/calls', { body: { url: receiver.url, events: ['call.completed'] } })).data;
    const { support, admin } = seeded(sandbox);
    const simulation = await sandbox.simulate.callCompleted({ participant: '+14155550999', phoneNumber: support.id, direction: 'outgoing', duration: 30, userId: admin.id });

    const verified = await nextVerified(webhook.key);
    expect(verified.event).toMatchObject({
      type: 'call.completed',
      data: { object: { id: simulation.data.id, direction: 'outgoing', status: 'completed', duration: 30, participants: ['+14155550999'], initiatedBy: admin.id } },
    });
    const { data: calls } = client.unwrap(await client.raw.GET('/v1/calls', { params: { query: { phoneNumberId: support.id, participants: ['+14155550999'], maxResults: 10 } } }));
    expect(calls).toEqual([simulation.data]);
    const { data: recordings } = client.unwrap(await client.raw.GET('/v1/call-recordings/{callId}', { params: { path: { callId: simulation.data.id } } }));
    expect(recordings).toEqual([expect.objectContaining({ duration: 30, status: 'completed' })]);
  });

  it('sends each event only to enabled webhooks subscribed to it and to its number', async () => {
    const { sandbox, client } = await sandboxWith();
    const { main, support } = seeded(sandbox);
    const everything = await messageWebhook(client, ['message.received', 'message.delivered']);
    await messageWebhook(client, ['message.delivered']);
    await messageWebhook(client, ['message.received'], { status: 'disabled' });
    const supportOnly = await messageWebhook(client, ['message.received'], { resourceIds: [support.id] });
    client.unwrap(await client.raw.POST('/v1/webhooks/calls', { body: { url: receiver.url, events: ['call.completed'] } }));

    const onMain = await sandbox.simulate.messageReceived({ from: '+14155550999', to: main.id, text: 'To main' });
    const onSupport = await sandbox.simulate.messageReceived({ from: '+14155550999', to: support.number, text: 'To support' });
    expect(onMain.deliveries.map((d) => d.webhookId)).toEqual([everything.id]);
    expect(onSupport.deliveries.map((d) => d.webhookId).sort()).toEqual([everything.id, supportOnly.id].sort());
  });

  it('records a receiver that fails or cannot be reached, without failing the simulation', async () => {
    const { sandbox, client } = await sandboxWith();
    receiver.answerWith(500);
    await messageWebhook(client, ['message.received']);
    const closed = await startReceiver();
    await closed.close();
    client.unwrap(await client.raw.POST('/v1/webhooks/messages', { body: { url: closed.url, events: ['message.received'] } }));

    const { deliveries } = await sandbox.simulate.messageReceived({ from: '+14155550999', text: 'Anyone there?' });
    expect(deliveries.map((d) => [d.url, d.status, d.error])).toEqual([
      [receiver.url, 500, null],
      [closed.url, null, 'ECONNREFUSED'],
    ]);
  });

  it('marks sent messages delivered on its own with deliverSentMessages', async () => {
    const { sandbox, client } = await sandboxWith({ deliverSentMessages: 0 });
    const webhook = await messageWebhook(client, ['message.delivered']);
    const sent = client.unwrap(await client.raw.POST('/v1/messages', { body: { from: SEEDED_NUMBERS.main, to: ['+14155550999'], content: 'Hi' } })).data;

    const verified = await nextVerified(webhook.key);
    expect(verified.event).toMatchObject({ type: 'message.delivered', data: { object: { id: sent.id } } });
    expect(sandbox.store.messages.find((m) => m.id === sent.id)!.status).toBe('delivered');
  });
});

describe('with Standard Webhooks', () => {
  it('delivers versioned payloads signed with whsec_ keys, which the reference library verifies too', async () => {
    const { sandbox, client } = await sandboxWith({ webhookScheme: 'standard-webhooks' });
    const webhook = await messageWebhook(client, ['message.received']);
    expect(webhook.key).toMatch(/^whsec_/);
    const simulation = await sandbox.simulate.messageReceived({ from: SEEDED_CONTACT_NUMBERS.ada, text: 'Running late' });

    const delivery = await receiver.next();
    const verified = await verifyWebhook(delivery.body, delivery.headers, webhook.key);
    expect(verified.scheme).toBe('standard-webhooks');
    expect(verified.deliveryId).toBe(delivery.headers['webhook-id']);
    const ada = sandbox.store.contacts.find((c) => c.externalId === 'crm-1001')!;
    expect(verified.event).toMatchObject({
      type: 'message.received',
      data: {
        resource: { id: simulation.data.id, direction: 'incoming', text: 'Running late' },
        context: { senderIdentifier: SEEDED_CONTACT_NUMBERS.ada, contacts: { ids: [ada.id], lookupStatus: 'matched' } },
      },
    });
    const reference = new StandardWebhook(webhook.key).verify(delivery.body, delivery.headers as Record<string, string>);
    expect(reference).toEqual(JSON.parse(delivery.body));
  });

  it('delivers call.completed in the versioned envelope', async () => {
    const { sandbox, client } = await sandboxWith({ webhookScheme: 'standard-webhooks' });
    const webhook = client.unwrap(await client.raw.POST('/v1/webhooks/calls', { body: { url: receiver.url, events: ['call.completed'] } })).data;
    const simulation = await sandbox.simulate.callCompleted({ participant: SEEDED_CONTACT_NUMBERS.grace, duration: 0 });
    const delivery = await receiver.next();
    const verified = await verifyWebhook(delivery.body, delivery.headers, webhook.key, { scheme: 'standard-webhooks' });
    expect(verified.event).toMatchObject({
      type: 'call.completed',
      data: { resource: { id: simulation.data.id, status: 'unanswered', duration: null }, context: { participants: { external: [SEEDED_CONTACT_NUMBERS.grace] } } },
    });
    expect(simulation.data.status).toBe('missed');
  });
});

describe('driven from another process', () => {
  it('simulates over POST /_sandbox/simulate with the same results and errors', async () => {
    const { sandbox, client } = await sandboxWith();
    const webhook = await messageWebhook(client, ['message.received']);
    const remote = connectSandbox(sandbox.url);
    const simulation = await remote.simulate.messageReceived({ from: '+14155550999', text: 'From afar' });
    await nextVerified(webhook.key);
    expect(simulation.data).toEqual(sandbox.store.messages.at(-1));
    expect((await remote.stats()).deliveries).toEqual(simulation.deliveries);

    const before = sandbox.store.messages.length;
    await expect(remote.simulate.messageReceived({ from: '+9991234567', text: 'x' })).rejects.toThrow(ValidationError);
    await expect(remote.simulate.messageDelivered('ACunknown')).rejects.toThrow(/not a message of this workspace/);
    expect(sandbox.store.messages).toHaveLength(before);
  });
});

describe('simulation input', () => {
  it.each([
    ['a sender that is not E.164', (s: Sandbox) => s.simulate.messageReceived({ from: '4155550999', text: 'x' })],
    ['a number the workspace does not have', (s: Sandbox) => s.simulate.messageReceived({ from: '+14155550999', to: '+14155550100', text: 'x' })],
    ['empty text', (s: Sandbox) => s.simulate.messageReceived({ from: '+14155550999', text: '' })],
    ['an incoming message to mark delivered', (s: Sandbox) => s.simulate.messageDelivered(s.store.messages[0]!.id)],
    ['a negative duration', (s: Sandbox) => s.simulate.callCompleted({ participant: '+14155550999', duration: -1 })],
    ['a user who is not on the number', (s: Sandbox) => s.simulate.callCompleted({ participant: '+14155550999', userId: seeded(s).admin.id })],
  ])('refuses %s with a ValidationError and changes nothing', async (_case, simulate) => {
    const { sandbox } = await sandboxWith();
    const before = structuredClone({ messages: sandbox.store.messages, calls: sandbox.store.calls });
    await expect(simulate(sandbox)).rejects.toThrow(ValidationError);
    expect({ messages: sandbox.store.messages, calls: sandbox.store.calls }).toEqual(before);
  });
});
