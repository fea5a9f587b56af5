/**
 * The quick start, end to end: `npm run demo`.
 *
 * With no OPENPHONE_API_KEY it runs against a local sandbox: lists the
 * numbers, estimates and sends a message, receives and verifies a signed
 * webhook for the reply, and pages through the conversation. Then a group
 * message to three people, a task on its conversation, completed, with the
 * `task.created` and `task.completed` events received by the SDK's webhook
 * handler. Then the versioned webhook lifecycle: a signed test event, a key
 * rotation with no delivery refused, the delivery log, and a retry.
 *
 * With OPENPHONE_API_KEY set it runs against the real API, reading only:
 * numbers, the latest conversation, its messages, an estimate. It sends
 * nothing unless you pass `--send --to <your E.164 number>`.
 *
 * In an application the imports are `openphone-sdk`, `openphone-sdk/sandbox`
 * and `openphone-sdk/webhooks`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { OpenPhone, estimateSegments, verifyWebhook, type VerifiedWebhook } from '../src/index.js';
import { createWebhookHandler, type WebhookSecret } from '../src/webhooks/index.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';

const { values } = parseArgs({ options: { send: { type: 'boolean', default: false }, to: { type: 'string' } } });
const log = (line = '') => console.log(line);
const step = (title: string) => log(`\n== ${title}`);

const CUSTOMER = '+14155550123';
/** A party of three: the customer and two friends. */
const GROUP = [CUSTOMER, '+14155550124', '+14155550125'];
const TEXT = 'Hi Ada, your table for Thursday at 3pm is confirmed — reply YES to keep it.';

type ReceivedEvent = VerifiedWebhook['event'];

/** A webhook receiver on 127.0.0.1 that verifies each delivery with `secret` (one key, or several while rotating) and hands over the event. */
async function startReceiver(secret: () => WebhookSecret, onEvent: (event: ReceivedEvent) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      // The raw bytes as received: parsing the JSON first would break the signature.
      const { event } = await verifyWebhook(Buffer.concat(chunks), request.headers, secret());
      onEvent(event);
      response.writeHead(204).end();
    } catch (error) {
      log(`   receiver refused a delivery: ${(error as Error).message}`);
      response.writeHead(401).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, server };
}

/** A receiver on 127.0.0.1 for a fetch-style handler, as `createWebhookHandler` makes one; until `handler` is set it answers 503. */
interface HandlerServer {
  readonly url: string;
  readonly server: Server;
  handler?: (request: Request) => Promise<Response>;
}

async function startHandlerServer(): Promise<HandlerServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const mounted: HandlerServer = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/tasks`, server };
  server.on('request', async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
    const answer = mounted.handler ? await mounted.handler(new Request(mounted.url, { method: request.method, headers, body: Buffer.concat(chunks) })) : new Response(null, { status: 503 });
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
  });
  return mounted;
}

/**
 * Sends one message to the group, creates a task on the conversation the send
 * names, completes it, and waits for `task.created` and `task.completed`,
 * each through the SDK's webhook handler, which verifies it first.
 */
async function groupMessageAndTask(openphone: OpenPhone, from: string, received: ReceivedEvent[]): Promise<void> {
  const receiver = await startHandlerServer();
  const waiting = new Map<string, () => void>();
  const arrival = (type: string) => new Promise<void>((resolve) => waiting.set(type, resolve));
  try {
    const sent = await openphone.messages.send({ from, to: GROUP, content: 'Your table for three on Thursday at 7pm is booked.' });
    log(`   ${sent.id}: one message to ${sent.to.join(', ')} in conversation ${sent.conversationId}`);

    const hook = await openphone.webhooks.create({ url: receiver.url, events: ['task.created', 'task.completed'], label: 'demo tasks' });
    receiver.handler = createWebhookHandler({
      secret: hook.key,
      scheme: 'standard-webhooks',
      on: {
        'task.created': (event) => {
          received.push(event);
          log(`   handler: ${event.type} ${event.data.resource.id} "${event.data.resource.title}" on ${event.data.context.conversationId}`);
          waiting.get(event.type)?.();
        },
        'task.completed': (event) => {
          received.push(event);
          log(`   handler: ${event.type} ${event.data.resource.id} by ${event.data.context.actorId}`);
          waiting.get(event.type)?.();
        },
      },
    });
    log(`   webhook ${hook.id} -> ${receiver.url} (task.created, task.completed)`);

    let arrived = arrival('task.created');
    const task = await openphone.tasks.create({ title: 'Seat the party of three by the window', conversationIds: [sent.conversationId!] });
    log(`   task ${task.id}: ${task.status}, revision ${task.revision}`);
    await arrived;

    arrived = arrival('task.completed');
    const done = await openphone.tasks.updateStatus(task.id, { status: 'completed' });
    log(`   task ${done.taskId}: completed, revision ${done.revision}`);
    await arrived;
  } finally {
    receiver.server.close();
  }
}

async function againstSandbox(): Promise<void> {
  step('Starting a local sandbox (no API key needed, nothing leaves this machine)');
  const sandbox: Sandbox = await startSandbox();
  const openphone = new OpenPhone({ apiKey: 'demo-key', baseUrl: sandbox.url });
  log(`   ${sandbox.url}`);
  let webhookKey = '';
  const received: ReceivedEvent[] = [];
  const receiver = await startReceiver(
    () => webhookKey,
    (event) => received.push(event),
  );
  try {
    step('Your phone numbers');
    const { data: numbers } = await openphone.v1.phoneNumbers.list();
    for (const number of numbers) log(`   ${number.id}  ${number.number}  ${number.name}`);
    const main = numbers[0]!;

    step('What the message will cost');
    const estimate = estimateSegments(TEXT);
    log(
      `   ${estimate.encoding}, ${estimate.segments} segment(s); as written: ${estimate.withoutSmartEncoding?.encoding ?? estimate.encoding}, ${estimate.withoutSmartEncoding?.segments ?? estimate.segments}`,
    );
    for (const r of estimate.replacements) log(`   smart encoding turns ${JSON.stringify(r.character)} into ${JSON.stringify(r.replacement)}`);

    step(`Sending it from ${main.number} to ${CUSTOMER}`);
    const { message, estimate: cost } = await openphone.messages.send({ from: main.number, to: CUSTOMER, content: TEXT }, { maxSegments: 2, includeEstimate: true });
    log(`   ${message.id}: ${message.status}, $${cost.total?.usd}`);

    step('Registering a webhook and receiving the reply');
    const webhook = await openphone.v1.webhooks.createForMessages({ url: receiver.url, events: ['message.received'], label: 'demo' });
    webhookKey = webhook.key;
    log(`   webhook ${webhook.id} -> ${receiver.url}`);
    const reply = await sandbox.simulate.messageReceived({ from: CUSTOMER, to: main.id, text: 'YES, see you Thursday!' });
    const delivery = reply.deliveries[0];
    log(`   delivered with status ${delivery?.status}; the receiver verified the ${delivery?.scheme} signature`);
    for (const event of received) log(`   event ${event.type} ${event.id}`);

    step('Every message of the number, page by page (5 per page)');
    let pages = 0;
    for await (const page of openphone.messages.list({ phoneNumberId: main.id, limit: 5 }).pages()) {
      pages += 1;
      for (const m of page.data) log(`   ${m.direction === 'incoming' ? '<-' : '->'} ${m.text}`);
    }
    log(`   (${pages} pages)`);

    step(`A group message to ${GROUP.length}, and a task on its conversation`);
    await groupMessageAndTask(openphone, main.number, received);

    step('Versioned webhooks: a test event, a key rotation, the delivery log, a retry');
    let keys: string[] = [];
    const waiting: ((event: ReceivedEvent) => void)[] = [];
    const versionedReceiver = await startReceiver(
      () => keys,
      (event) => {
        received.push(event);
        waiting.shift()?.(event);
      },
    );
    const nextEvent = () => new Promise<ReceivedEvent>((resolve) => waiting.push(resolve));
    /** The log, once every attempt has been answered: the receiver sees a delivery just before the sandbox logs its answer. */
    const settledDeliveries = async (webhookId: string) => {
      for (;;) {
        const deliveries = await openphone.webhooks.deliveries(webhookId).toArray();
        if (deliveries.every((d) => d.status === 'success' || d.status === 'failed')) return deliveries;
        await sleep(20);
      }
    };
    try {
      const hook = await openphone.webhooks.create({ url: versionedReceiver.url, events: ['message.received'], label: 'demo' });
      keys = [hook.key];
      log(`   webhook ${hook.id} -> ${versionedReceiver.url}`);
      let arrived = nextEvent();
      await openphone.webhooks.sendTestEvent(hook.id, { eventType: 'message.received' });
      log(`   test event ${(await arrived).type} verified with the webhook's key`);

      const { key } = await openphone.webhooks.rotateSecret(hook.id);
      // Until every sender signs with the new key, the receiver accepts either.
      keys = [hook.key, key];
      arrived = nextEvent();
      await openphone.webhooks.sendTestEvent(hook.id, { eventType: 'message.received' });
      await arrived;
      keys = [key];
      log('   rotated the key: the receiver verified with [old, new] during the switch, then retired the old one');

      const deliveries = await settledDeliveries(hook.id);
      for (const d of deliveries) log(`   delivery ${d.id}: ${d.eventType}, ${d.status}`);
      const oldest = deliveries.at(-1)!;
      arrived = nextEvent();
      await openphone.webhooks.retryDelivery(hook.id, oldest.id);
      await arrived;
      await settledDeliveries(hook.id);
      const { attempts } = await openphone.webhooks.delivery(hook.id, oldest.id);
      log(`   retried ${oldest.id}: ${attempts.map((a) => `${a.triggerType} ${a.responseStatusCode}`).join(', ')}`);
    } finally {
      versionedReceiver.server.close();
    }

    step('Done');
    log(`   sandbox handled ${sandbox.stats.requests} requests, ${sandbox.stats.rateLimited} rate-limited, ${received.length} webhook(s) received and verified`);
  } finally {
    receiver.server.close();
    await sandbox.close();
  }
}

async function againstTheApi(): Promise<void> {
  const openphone = new OpenPhone();
  step('Using the real API (read-only unless --send)');
  const { data: numbers } = await openphone.v1.phoneNumbers.list();
  for (const number of numbers) log(`   ${number.id}  ${number.number}  ${number.name}`);
  const main = numbers[0];
  if (!main) return log('   This workspace has no phone numbers.');

  step(`Latest conversation on ${main.number}`);
  const [conversation] = await openphone.conversations.list({ 'phoneNumberId[in]': main.id }, { maxItems: 1 }).toArray();
  const participant = conversation?.participants[0];
  if (participant) {
    log(`   the latest messages from ${participant}`);
    for await (const m of openphone.messages.list({ phoneNumberId: main.id, from: participant }, { maxItems: 10 })) {
      log(`   ${m.direction === 'incoming' ? '<-' : '->'} ${m.text}`);
    }
  } else {
    log('   No conversations yet.');
  }

  step('What the demo message would cost');
  const estimate = estimateSegments(TEXT);
  log(`   ${estimate.encoding}, ${estimate.segments} segment(s)`);
  if (!values.send) return log('\n   Nothing sent. Pass --send --to <your number> to send it for real.');
  if (!values.to) throw new Error('--send needs --to <your E.164 number>');
  const sent = await openphone.messages.send({ from: main.number, to: values.to, content: TEXT }, { maxSegments: 2 });
  log(`   sent ${sent.id} (${sent.status})`);
}

await (process.env.OPENPHONE_API_KEY ? againstTheApi() : againstSandbox());
