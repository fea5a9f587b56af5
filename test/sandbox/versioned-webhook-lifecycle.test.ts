/**
 * The versioned webhook lifecycle against the sandbox, through the facade:
 * create, a test delivery checked by the independent `standardwebhooks`
 * implementation, rotation, the delivery log, automatic and manual retries.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { connectSandbox, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { generatedOperations } from '../../src/sandbox/operations.js';
import { verifyWebhook } from '../../src/webhooks/index.js';
import type { OpenPhone } from '../../src/index.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientFor, startReceiver, type ReceivedDelivery, type Receiver } from './helpers.js';

const RETRY_DELAYS = [40, 80];
let sandbox: Sandbox;
let client: OpenPhone;
let receiver: Receiver;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false, webhookRetryDelays: RETRY_DELAYS, webhookTimeout: 2000 });
  client = clientFor(sandbox, 'lifecycle-key');
  receiver = await startReceiver();
});
afterEach(() => {
  receiver.answerWith(200);
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

/** The headers `standardwebhooks` reads, as strings. */
function standardHeaders(delivery: ReceivedDelivery): Record<string, string> {
  const { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature } = delivery.headers;
  return { 'webhook-id': String(id), 'webhook-timestamp': String(timestamp), 'webhook-signature': String(signature) };
}

function verifiesWith(key: string, delivery: ReceivedDelivery): boolean {
  try {
    new StandardWebhook(key).verify(delivery.body, standardHeaders(delivery));
    return true;
  } catch {
    return false;
  }
}

/** A URL on 127.0.0.1 where nothing listens: a port just freed. */
async function closedUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/closed`;
}

async function createWebhook() {
  return client.webhooks.create({ url: receiver.url, events: ['message.received', 'call.completed'], label: 'lifecycle' });
}

describe('versioned webhook lifecycle', () => {
  it('sends a signed test event that an independent Standard Webhooks implementation verifies, typed by the SDK receiver', async () => {
    const webhook = await createWebhook();
    const sent = await client.webhooks.sendTestEvent(webhook.id, { eventType: 'message.received' });
    const delivery = await receiver.next();

    expect(verifiesWith(webhook.key, delivery)).toBe(true);
    expect(JSON.parse(delivery.body)).toEqual(sent);
    const verified = await verifyWebhook(delivery.body, delivery.headers, webhook.key, { scheme: 'standard-webhooks' });
    expect(verified.known).toBe(true);
    if (!verified.known || verified.event.type !== 'message.received') throw new Error(`unexpected ${verified.event.type}`);
    expect(verified.event.data.resource).toMatchObject({ direction: 'incoming', status: 'received' });
    expect(verified.deliveryId).toBe(delivery.headers['webhook-id']);
  });

  it('signs with the new key after a rotation, and no longer with the old one', async () => {
    const webhook = await createWebhook();
    const { key } = await client.webhooks.rotateSecret(webhook.id);
    expect(key).not.toBe(webhook.key);
    await client.webhooks.sendTestEvent(webhook.id, { eventType: 'call.completed' });
    const delivery = await receiver.next();

    expect(verifiesWith(key, delivery)).toBe(true);
    expect(verifiesWith(webhook.key, delivery)).toBe(false);
    // A receiver verifying with both keys during the switch accepts it.
    expect((await verifyWebhook(delivery.body, delivery.headers, [webhook.key, key])).event.type).toBe('call.completed');
  });

  it('delivers simulated events to subscribed versioned webhooks and logs each delivery newest first', async () => {
    const webhook = await createWebhook();
    await client.webhooks.create({ url: receiver.url, events: ['call.completed'] });
    const simulation = await sandbox.simulate.messageReceived({ from: '+14155550999', text: 'Table for four?' });
    expect(simulation.deliveries).toEqual([expect.objectContaining({ webhookId: webhook.id, scheme: 'standard-webhooks', status: 200 })]);
    const first = await receiver.next();
    expect(verifiesWith(webhook.key, first)).toBe(true);
    await client.webhooks.sendTestEvent(webhook.id, { eventType: 'call.completed' });
    const second = await receiver.next();

    await vi.waitFor(async () => expect((await client.webhooks.deliveries(webhook.id).toArray()).map((d) => d.status)).toEqual(['success', 'success']));
    const listed = await client.webhooks.deliveries(webhook.id).toArray();
    expect(listed.map((d) => [d.id, d.eventType])).toEqual([
      [second.headers['webhook-id'], 'call.completed'],
      [first.headers['webhook-id'], 'message.received'],
    ]);
    const paged = client.webhooks.deliveries(webhook.id, { limit: 1 }).pages();
    const pages = [];
    for await (const page of paged) pages.push(page.data.map((d) => d.id));
    expect(pages).toEqual([[second.headers['webhook-id']], [first.headers['webhook-id']]]);
    expect((await client.webhooks.deliveries(webhook.id, { eventType: 'message.received' }).toArray()).map((d) => d.id)).toEqual([first.headers['webhook-id']]);
  });

  it('retries a delivery answered 500 after the configured delay, logging both attempts with their statuses', async () => {
    const webhook = await createWebhook();
    receiver.answerWith(500);
    await client.webhooks.sendTestEvent(webhook.id, { eventType: 'message.received' });
    const failed = await receiver.next();
    receiver.answerWith(200);
    const retried = await receiver.next();

    expect(retried.headers['webhook-id']).toBe(failed.headers['webhook-id']);
    expect(verifiesWith(webhook.key, retried)).toBe(true);
    const deliveryId = String(failed.headers['webhook-id']);
    await vi.waitFor(async () => expect((await client.webhooks.delivery(webhook.id, deliveryId)).attempts).toHaveLength(2));
    const detail = await client.webhooks.delivery(webhook.id, deliveryId);
    expect(detail.attempts.map((a) => [a.status, a.responseStatusCode, a.triggerType, a.url])).toEqual([
      ['failed', 500, 'scheduled', receiver.url],
      ['success', 200, 'scheduled', receiver.url],
    ]);
    expect(detail.requestBody).toEqual(JSON.parse(failed.body));
    expect(await client.webhooks.deliveries(webhook.id).toArray()).toEqual([expect.objectContaining({ id: deliveryId, status: 'success', nextAttemptAt: null })]);
  });

  it('gives up after the configured retries, then retries on request with the current key', async () => {
    const webhook = await createWebhook();
    receiver.answerWith(503);
    await client.webhooks.sendTestEvent(webhook.id, { eventType: 'message.delivered' });
    const first = await receiver.next();
    const deliveryId = String(first.headers['webhook-id']);
    for (const _retry of RETRY_DELAYS) await receiver.next();
    await vi.waitFor(async () => expect((await client.webhooks.deliveries(webhook.id, { status: 'failed' }).toArray()).map((d) => d.id)).toEqual([deliveryId]));

    receiver.answerWith(200);
    const { key } = await client.webhooks.rotateSecret(webhook.id);
    await client.webhooks.retryDelivery(webhook.id, deliveryId);
    const manual = await receiver.next();
    expect(manual.headers['webhook-id']).toBe(deliveryId);
    expect(verifiesWith(key, manual)).toBe(true);
    await vi.waitFor(async () => expect((await client.webhooks.delivery(webhook.id, deliveryId)).attempts).toHaveLength(RETRY_DELAYS.length + 2));
    const { attempts } = await client.webhooks.delivery(webhook.id, deliveryId);
    expect(attempts.map((a) => [a.responseStatusCode, a.triggerType])).toEqual([
      [503, 'scheduled'],
      [503, 'scheduled'],
      [503, 'scheduled'],
      [200, 'manual'],
    ]);
    expect((await client.webhooks.deliveries(webhook.id).toArray())[0]!.status).toBe('success');
  });

  it('delivers an event simulated through the control endpoint, as from another process', async () => {
    const webhook = await client.webhooks.create({ url: receiver.url, events: ['call.completed'] });
    await connectSandbox(sandbox.url).simulate.callCompleted({ participant: '+14155550999' });
    const delivery = await receiver.next();
    expect(verifiesWith(webhook.key, delivery)).toBe(true);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'call.completed', data: { resource: { status: 'answered' }, context: { participants: { external: ['+14155550999'] } } } });
  });

  it('deletes a webhook with its log, so a new webhook given the same id starts empty', async () => {
    const webhook = await createWebhook();
    await client.webhooks.sendTestEvent(webhook.id, { eventType: 'message.received' });
    await receiver.next();
    await vi.waitFor(async () => expect(await client.webhooks.deliveries(webhook.id).toArray()).toHaveLength(1));
    await client.webhooks.delete(webhook.id);
    const successor = await createWebhook();
    expect(successor.id).toBe(webhook.id);
    expect(await client.webhooks.deliveries(successor.id).toArray()).toEqual([]);
  });

  it('keeps only the start of a long answer in the log', async () => {
    const talkative = createServer((_request, response) => response.end('x'.repeat(100_000))).listen(0, '127.0.0.1');
    await new Promise((resolve) => talkative.once('listening', resolve));
    try {
      const webhook = await client.webhooks.create({ url: `http://127.0.0.1:${(talkative.address() as AddressInfo).port}/`, events: ['message.received'] });
      await client.webhooks.sendTestEvent(webhook.id, { eventType: 'message.received' });
      await vi.waitFor(async () => expect((await client.webhooks.deliveries(webhook.id).toArray())[0]?.status).toBe('success'));
      const [delivery] = await client.webhooks.deliveries(webhook.id).toArray();
      const { attempts } = await client.webhooks.delivery(webhook.id, delivery!.id);
      expect(attempts[0]!.responseBody).toBe('x'.repeat(1024));
    } finally {
      talkative.close();
    }
  });

  it('refuses a test event of a type a grown spec lists and the sandbox cannot build, naming the field and value', async () => {
    const grown = generatedOperations.map((operation) => {
      if (operation.operationId !== 'sendHeaderVersionedTestWebhookEvent') return operation;
      const copy = structuredClone(operation);
      const eventType = copy.requestBody!.schema.properties!.eventType!;
      Object.assign(eventType, { enum: [...eventType.enum!, 'task.snoozed'] });
      return copy;
    });
    const own = await startSandbox({ rateLimit: false, operations: grown });
    try {
      const webhook = await clientFor(own, 'lifecycle-key').webhooks.create({ url: receiver.url, events: ['task.created'] });
      const response = await fetch(`${own.url}/webhooks/${webhook.id}/events/test`, {
        method: 'POST',
        headers: { authorization: 'lifecycle-key', 'quo-api-version': '2026-03-30', 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'task.snoozed' }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/eventType: "task\.snoozed" is not an event type/);
    } finally {
      await own.close();
    }
  });
});

describe('webhookRetryDelays', () => {
  it.each([[[-1]], [[Number.NaN]], ['250'], [Array.from({ length: 21 }, () => 1)]])('refuses %j with a ValidationError naming the option', async (delays) => {
    await expect(startSandbox({ webhookRetryDelays: delays as number[] })).rejects.toMatchObject({ name: 'ValidationError', issues: [expect.objectContaining({ field: 'webhookRetryDelays' })] });
  });

  it('logs a receiver that never answers with status 0 and the reason, pending until the next retry; 404s an unknown delivery', async () => {
    const own = await startSandbox({ rateLimit: false, webhookRetryDelays: [60_000] });
    try {
      const ownClient = clientFor(own, 'pending-key');
      const webhook = await ownClient.webhooks.create({ url: await closedUrl(), events: ['message.received'] });
      await ownClient.webhooks.sendTestEvent(webhook.id, { eventType: 'message.received' });
      await vi.waitFor(async () => expect((await ownClient.webhooks.deliveries(webhook.id).toArray())[0]?.status).toBe('pending'));
      const [pending] = await ownClient.webhooks.deliveries(webhook.id).toArray();
      expect(Date.parse(pending!.nextAttemptAt!) - Date.parse(pending!.createdAt)).toBeGreaterThanOrEqual(59_000);
      const { attempts } = await ownClient.webhooks.delivery(webhook.id, pending!.id);
      expect(attempts).toEqual([expect.objectContaining({ status: 'failed', responseStatusCode: 0, responseBody: 'ECONNREFUSED', triggerType: 'scheduled' })]);
      await expect(ownClient.webhooks.delivery(webhook.id, 'msg_unknown')).rejects.toMatchObject({ status: 404 });
      await expect(ownClient.webhooks.retryDelivery(webhook.id, 'msg_unknown')).rejects.toMatchObject({ status: 404 });
    } finally {
      await own.close();
    }
  });

  it('leaves no timer behind: close cancels a pending retry', async () => {
    const own = await startSandbox({ rateLimit: false, webhookRetryDelays: [60_000] });
    const ownClient = clientFor(own, 'close-key');
    const webhook = await ownClient.webhooks.create({ url: await closedUrl(), events: ['message.received'] });
    await ownClient.webhooks.sendTestEvent(webhook.id, { eventType: 'message.received' });
    await vi.waitFor(async () => expect((await ownClient.webhooks.deliveries(webhook.id).toArray())[0]?.status).toBe('pending'));
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await own.close();
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before - 1);
  });
});
