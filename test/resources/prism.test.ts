/**
 * Every dated facade method against Prism, an independent mock that validates
 * each request against the committed 2026-03-30 spec: a request it refuses
 * comes back as an error the method throws, and every violation it finds is
 * listed in its `sl-violations` header. (Some of the spec's own response
 * examples break its patterns, so only request violations count here.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations as datedTable } from '../../generated/2026-03-30.operations.js';
import { OpenPhone } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A free loopback port: Prism takes no port 0, so one is reserved and released just before it starts. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

let prism: ChildProcess | undefined;
let client: OpenPhone;

beforeAll(async () => {
  const port = await freePort();
  prism = spawn(
    path.join(root, 'node_modules/.bin/prism'),
    ['mock', path.join(root, 'openapi/2026-03-30.effective.json'), '--host', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: prism.stdout! });
  await new Promise<void>((resolve, reject) => {
    prism!.once('exit', (code) => reject(new Error(`prism exited with ${code}`)));
    lines.on('line', (line) => line.includes('Prism is listening') && resolve());
  });
  client = new OpenPhone({ apiKey: 'prism-test-key', baseUrl: `http://127.0.0.1:${port}`, rateLimit: false, maxRetries: 0 });
}, 90_000);

afterAll(async () => {
  if (!prism || prism.exitCode !== null) return;
  prism.kill('SIGTERM');
  await once(prism, 'exit');
});

/** What Prism found wrong with the request, from its `sl-violations` header. */
function requestViolations(response: Response): string[] {
  const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[]; message: string }[];
  return violations.filter((violation) => violation.location[0] === 'request').map((violation) => violation.message);
}

/** Every method of the dated surface, called as a user would; Prism answers each with an example of the spec. */
const datedCalls: Record<string, () => { withResponse(): Promise<{ response: Response }> }> = {
  'users.list': () => client.users.list({ limit: 5 }),
  'users.list (resumed)': () => client.users.list({ after: 'eyJsYXN0SWQiOiJVU211a09NaXBhIn0' }),
  'users.get': () => client.users.get('US123abc'),
  'conversations.markAsRead': () => client.conversations.markAsRead('CN123abc'),
  'conversations.markAsDone': () => client.conversations.markAsDone('CN123abc'),
  'conversations.markAsOpen': () => client.conversations.markAsOpen('CN123abc'),
  'messages.retry': () => client.messages.retry('AC123abc'),
  'webhooks.create': () =>
    client.webhooks.create({ url: 'https://example.com/hooks', events: ['message.received', 'task.overdue'], label: 'orders', status: 'enabled' }),
  'webhooks.list': () => client.webhooks.list(),
  'webhooks.get': () => client.webhooks.get('123'),
  'webhooks.update': () => client.webhooks.update('123', { label: 'renamed', events: ['call.completed'] }),
  'webhooks.delete': () => client.webhooks.delete('123'),
  'webhooks.rotateSecret': () => client.webhooks.rotateSecret('123'),
  'webhooks.deliveries': () =>
    client.webhooks.deliveries('123', { status: 'failed', eventType: 'message.received', 'createdAt[gt]': new Date('2026-04-01T00:00:00Z') }),
  'webhooks.delivery': () => client.webhooks.delivery('123', 'EV123abc'),
  'webhooks.retryDelivery': () => client.webhooks.retryDelivery('123', 'EV123abc'),
  'webhooks.sendTestEvent': () => client.webhooks.sendTestEvent('123', { eventType: 'message.received' }),
};

describe('the dated facade against Prism validating the 2026-03-30 spec', () => {
  it.each(Object.keys(datedCalls))('%s sends a request the spec accepts', async (name) => {
    const { response } = await datedCalls[name]!().withResponse();
    expect(requestViolations(response)).toEqual([]);
  });

  it('a request the spec refuses comes back as an error, so the check can fail', async () => {
    // One above the spec's own bound, whatever it is.
    const { maximum } = datedTable.listUsers.parameters.find((p) => p.name === 'limit')!.schema as { maximum: number };
    const raw = await client.raw.GET('/users', { params: { query: { limit: maximum + 1 } } });
    expect(raw.response.status).toBe(400);
    expect(requestViolations(raw.response)).toEqual([`Request query parameter limit must be <= ${maximum}`]);
  });
});
