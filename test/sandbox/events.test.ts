/**
 * Every webhook event type, from the operation that causes it and as a test
 * event. The types come from the operation tables (what the webhook create
 * operations accept) rather than a list here; the dated ones are those the
 * SDK's receiver types, so a spec that lists a type the SDK does not know yet
 * leaves this suite as it is (the sandbox refuses a test event of such a type,
 * see the lifecycle test). Dated webhooks get Standard Webhooks signatures; v1
 * webhooks get the sandbox's scheme: both are checked, the legacy
 * `openphone-signature` (the default) and Standard Webhooks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { operations as v1Operations } from '../../generated/v1.operations.js';
import type { OpenPhone } from '../../src/index.js';
import { connectSandbox, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { isVersionedEventType } from '../../src/webhooks/events.js';
import { verifyWebhook, type VersionedWebhookEventType, type WebhookScheme } from '../../src/webhooks/index.js';
import { clientFor, seeded, startReceiver, type ReceivedDelivery, type Receiver } from './helpers.js';

const CUSTOMER = '+14155550123';

interface Schema {
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly enum?: readonly string[];
}

/** The event types a webhook create operation accepts in its `events` body field. */
function eventsAccepted(operation: { readonly requestBody?: { readonly schema: unknown } | null }): readonly string[] {
  return (operation.requestBody?.schema as Schema | undefined)?.properties?.events?.items?.enum ?? [];
}

const datedEventTypes = eventsAccepted(datedOperations.createHeaderVersionedWebhook).filter(isVersionedEventType);

/** v1 has one create operation per kind of event: each with the types it accepts. */
const v1WebhookCreates = Object.values(v1Operations)
  .flatMap((operation) => (operation.method === 'post' && operation.path.startsWith('/v1/webhooks/') ? [{ path: operation.path, events: eventsAccepted(operation) }] : []))
  .filter((create) => create.events.length > 0);
const legacyEventTypes = v1WebhookCreates.flatMap((create) => create.events);

/** What an event is about: the ids its resource (dated) or object (legacy) names. */
function subjectIds(event: { readonly data: Record<string, unknown> }): unknown[] {
  const about = (event.data['resource'] ?? event.data['object']) as Record<string, unknown>;
  return [about['id'], about['callId']];
}

/** What happened in the workspace, and the id of the record each event of it must be about. */
type Cause = () => Promise<string>;

/** The sandbox the causes act on, and a client for it. */
let sandbox: Sandbox;
let client: OpenPhone;
let datedReceiver: Receiver;
let legacyReceiver: Receiver;
let datedWebhookId: string;

/** A sent message, to the customer from the main number. */
async function sent(): Promise<string> {
  const message = await client.messages.send({ from: seeded(sandbox).main.number, to: CUSTOMER, content: 'Your order has shipped.' });
  return message.id;
}

async function openTask(): Promise<string> {
  const { main } = seeded(sandbox);
  const conversationId = sandbox.store.conversations.find((c) => c.phoneNumberId === main.id)!.id;
  const task = await client.tasks.create({ title: 'Call the customer back', conversationIds: [conversationId], dueDate: '2030-01-06T09:00:00.000Z' });
  return task.id;
}

/** A call with everything an answered incoming call can have: a phone menu, a forward, a recording, a transcript, a summary. */
async function answeredCall(): Promise<string> {
  const call = await sandbox.simulate.callCompleted({ participant: CUSTOMER, phoneNumber: seeded(sandbox).main.id, duration: 90, menuSelection: '2', forwardedTo: '+14155550999' });
  return call.data.id;
}

/** An incoming call nobody answered, where the caller left a voicemail. */
async function missedCall(): Promise<string> {
  const call = await sandbox.simulate.callCompleted({ participant: CUSTOMER, phoneNumber: seeded(sandbox).main.id, duration: 0, voicemailDuration: 15 });
  return call.data.id;
}

async function newContact(): Promise<string> {
  const contact = await client.v1.contacts.create({ defaultFields: { firstName: 'Grace', phoneNumbers: [{ name: 'mobile', value: '+14155550777' }] } });
  return contact.id;
}

/** Each type's cause; typed by the union, so a type the SDK learns without a cause here does not compile. */
const CAUSES: Readonly<Record<VersionedWebhookEventType, Cause>> = {
  'message.received': async () => (await sandbox.simulate.messageReceived({ from: CUSTOMER, to: seeded(sandbox).main.id, text: 'Where is my order?' })).data.id,
  'message.delivered': async () => (await sandbox.simulate.messageDelivered(await sent())).data.id,
  'message.failed': async () => {
    const id = await sent();
    sandbox.failMessage(id);
    return id;
  },
  'message.undelivered': async () => {
    const id = await sent();
    sandbox.failMessage(id, { permanent: true });
    return id;
  },
  'call.ringing': answeredCall,
  'call.answered': answeredCall,
  'call.completed': answeredCall,
  'call.forwarded': answeredCall,
  'call.menu.selected': answeredCall,
  'call.recording.completed': answeredCall,
  'call.summary.completed': answeredCall,
  'call.transcript.completed': answeredCall,
  'call.missed': missedCall,
  'call.voicemail.completed': missedCall,
  'contact.updated': newContact,
  'contact.deleted': async () => {
    const id = await newContact();
    await client.v1.contacts.delete(id);
    return id;
  },
  'task.created': openTask,
  'task.updated': async () => {
    const id = await openTask();
    await client.tasks.update(id, { title: 'Call the customer back today' });
    return id;
  },
  'task.deleted': async () => {
    const id = await openTask();
    await client.tasks.delete(id);
    return id;
  },
  'task.completed': async () => {
    const id = await openTask();
    await client.tasks.updateStatus(id, { status: 'completed' });
    return id;
  },
  'task.reopened': async () => {
    const id = await openTask();
    await client.tasks.updateStatus(id, { status: 'completed' });
    await client.tasks.updateStatus(id, { status: 'open' });
    return id;
  },
  'task.assigned': async () => {
    const id = await openTask();
    await client.tasks.assignUser(id, { userId: seeded(sandbox).member.id });
    return id;
  },
  'task.unassigned': async () => {
    const id = await openTask();
    await client.tasks.assignUser(id, { userId: seeded(sandbox).member.id });
    await client.tasks.unassignUser(id, { userId: seeded(sandbox).member.id });
    return id;
  },
  'task.overdue': async () => (await sandbox.simulate.taskOverdue(await openTask())).data.id as string,
  'task.linked': async () => {
    const id = await openTask();
    const other = sandbox.store.conversations.at(-1)!.id;
    await client.tasks.linkConversation(id, { conversationId: other });
    return id;
  },
  'task.unlinked': async () => {
    const id = await openTask();
    const linked = sandbox.store.records('tasks', []).find((t) => t.id === id)!.conversationIds as string[];
    await client.tasks.unlinkConversation(id, { conversationId: linked[0]! });
    return id;
  },
  'task.duedate.updated': async () => {
    const id = await openTask();
    await client.tasks.updateDueDate(id, { dueDate: '2030-02-03T09:00:00.000Z' });
    return id;
  },
  'task.duedate.removed': async () => {
    const id = await openTask();
    await client.tasks.deleteDueDate(id);
    return id;
  },
};

/** v1 webhooks for every type v1 lists, one per create operation, to `url`. */
async function createV1Webhooks(url: string): Promise<void> {
  for (const create of v1WebhookCreates) await client.post(create.path, { body: { url, events: create.events, label: 'every event' } });
}

/** The key of the v1 webhook that lists `type`. */
const v1WebhookKey = (type: string) => sandbox.store.webhooks.find((w) => w.events.includes(type as never))!.key;

/** The first delivery from `from` on of `type` about `subject`, verified with `key` in `scheme` and typed as a known event. */
async function arrival(receiver: Receiver, from: number, type: string, subject: string, key: string, scheme: WebhookScheme) {
  for (;;) {
    const delivery: ReceivedDelivery = await receiver.next();
    const event = JSON.parse(delivery.body) as { readonly type: string; readonly data: Record<string, unknown> };
    if (receiver.deliveries.indexOf(delivery) >= from && event.type === type && subjectIds(event).includes(subject)) {
      return verifyWebhook(delivery.body, delivery.headers, key, { scheme });
    }
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false, webhookScheme: 'openphone-signature' });
  client = clientFor(sandbox, 'events-key');
  [datedReceiver, legacyReceiver] = await Promise.all([startReceiver(), startReceiver()]);
  const webhook = await client.webhooks.create({ url: datedReceiver.url, events: datedEventTypes, label: 'every event' });
  datedWebhookId = webhook.id;
  await createV1Webhooks(legacyReceiver.url);
});
afterAll(async () => {
  await sandbox.close();
  await Promise.all([datedReceiver.close(), legacyReceiver.close()]);
});

describe('webhook events from the operations that cause them', () => {
  it('finds the event types in both operation tables; each v1 type is a dated one too', () => {
    expect(datedEventTypes.length).toBeGreaterThan(0);
    expect(legacyEventTypes.length).toBeGreaterThan(0);
    expect(legacyEventTypes.filter((type) => !isVersionedEventType(type))).toEqual([]);
  });

  it.each(datedEventTypes)('%s reaches a dated webhook, signed with Standard Webhooks', async (type) => {
    const from = datedReceiver.deliveries.length;
    const subject = await CAUSES[type]();
    const verified = await arrival(datedReceiver, from, type, subject, webhookKey(), 'standard-webhooks');
    expect(verified.known).toBe(true);
    expect(verified.event).toMatchObject({ type, data: { context: { orgId: sandbox.store.orgId } } });
  });

  it.each(legacyEventTypes)('%s reaches a v1 webhook in the legacy envelope, signed with openphone-signature', async (type) => {
    const from = legacyReceiver.deliveries.length;
    const subject = await CAUSES[type as VersionedWebhookEventType]();
    const verified = await arrival(legacyReceiver, from, type, subject, v1WebhookKey(type), 'openphone-signature');
    expect(verified.known).toBe(true);
    expect(verified.event).toMatchObject({ type, object: 'event', data: { object: expect.any(Object) } });
  });

  it('sends contact.updated for a contact created and changed through the dated API, kept as v1 keeps it', async () => {
    const from = datedReceiver.deliveries.length;
    const created = client.unwrap(await client.raw.POST('/contacts', { body: { firstName: 'Hedy', phoneNumbers: [{ name: 'mobile', value: '+14155550778' }] } })).data;
    const onCreate = await arrival(datedReceiver, from, 'contact.updated', created.id, webhookKey(), 'standard-webhooks');
    expect(onCreate.event).toMatchObject({ data: { resource: { firstName: 'Hedy', phoneNumbers: [{ value: '+14155550778' }] } } });

    const next = datedReceiver.deliveries.length;
    client.unwrap(await client.raw.PATCH('/contacts/{contactId}', { params: { path: { contactId: created.id } }, body: { lastName: 'Lamarr' } }));
    const onUpdate = await arrival(datedReceiver, next, 'contact.updated', created.id, webhookKey(), 'standard-webhooks');
    expect(onUpdate.event).toMatchObject({ data: { resource: { firstName: 'Hedy', lastName: 'Lamarr' } } });
    expect(await client.v1.contacts.get(created.id)).toMatchObject({ defaultFields: { firstName: 'Hedy', lastName: 'Lamarr' } });
    // The test event describes the latest contact: this one.
    expect(await client.webhooks.sendTestEvent(datedWebhookId, { eventType: 'contact.updated' })).toMatchObject({ data: { resource: { id: created.id } } });
  });

  it('sends task.overdue when simulated through the control endpoint, and refuses it for a task with no due date', async () => {
    const remote = connectSandbox(sandbox.url);
    const from = datedReceiver.deliveries.length;
    const id = await openTask();
    await remote.simulate.taskOverdue(id);
    const verified = await arrival(datedReceiver, from, 'task.overdue', id, webhookKey(), 'standard-webhooks');
    expect(verified.event).toMatchObject({ data: { resource: { id, dueDate: '2030-01-06T09:00:00.000Z' } } });
    const undated = await client.tasks.create({ title: 'Whenever' });
    await expect(remote.simulate.taskOverdue(undated.id)).rejects.toThrow(new RegExp(`taskId.*${undated.id}.*has no due date`, 's'));
  });

  it('sends a v1 webhook no event of a type without a legacy envelope, even one it lists', async () => {
    const messages = sandbox.store.webhooks.find((w) => w.events.includes('message.received' as never))!;
    // v1's create refuses task events; a webhook added to the store directly can list one.
    messages.events.push('task.created' as never);
    try {
      const from = legacyReceiver.deliveries.length;
      await CAUSES['task.created']();
      const marker = await CAUSES['message.received']();
      await arrival(legacyReceiver, from, 'message.received', marker, messages.key, 'openphone-signature');
      const types = legacyReceiver.deliveries.slice(from).map((d) => (JSON.parse(d.body) as { type: string }).type);
      expect(types).toEqual(['message.received']);
    } finally {
      messages.events.pop();
    }
  });
});

describe('v1 webhooks of a sandbox that signs with Standard Webhooks', () => {
  const outer: { sandbox?: Sandbox; client?: OpenPhone } = {};
  let receiver: Receiver;
  beforeAll(async () => {
    Object.assign(outer, { sandbox, client });
    sandbox = await startSandbox({ rateLimit: false, webhookScheme: 'standard-webhooks' });
    client = clientFor(sandbox, 'events-key');
    receiver = await startReceiver();
    await createV1Webhooks(receiver.url);
  });
  afterAll(async () => {
    await Promise.all([sandbox.close(), receiver.close()]);
    ({ sandbox, client } = outer as Required<typeof outer>);
  });

  it.each(legacyEventTypes)('%s reaches a v1 webhook in the versioned envelope, signed with Standard Webhooks', async (type) => {
    const from = receiver.deliveries.length;
    const subject = await CAUSES[type as VersionedWebhookEventType]();
    const verified = await arrival(receiver, from, type, subject, v1WebhookKey(type), 'standard-webhooks');
    expect(verified.known).toBe(true);
    expect(verified.event).toMatchObject({ type, data: { resource: expect.any(Object), context: { orgId: sandbox.store.orgId } } });
  });
});

/** The dated webhook's key: the store's, which the create answer also gave. */
function webhookKey(): string {
  return sandbox.store.versionedWebhooks.find((w) => w.id === datedWebhookId)!.key;
}

describe('test events', () => {
  it.each(datedEventTypes)('%s: a test event the receiver verifies and types', async (type) => {
    const from = datedReceiver.deliveries.length;
    const sentEvent = await client.webhooks.sendTestEvent(datedWebhookId, { eventType: type });
    expect(sentEvent.type).toBe(type);
    const verified = await arrival(datedReceiver, from, type, subjectIds(sentEvent as never).find((id) => typeof id === 'string') as string, webhookKey(), 'standard-webhooks');
    expect(verified.known).toBe(true);
    expect(JSON.parse(JSON.stringify(verified.event))).toEqual(sentEvent);
  });
});
