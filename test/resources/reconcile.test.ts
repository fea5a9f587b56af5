/**
 * The reconciling send against a loopback API: POST /v1/messages stores the
 * message and then spoils its answer or never answers; the dated GET /messages
 * lists what was stored, after a lag. Every POST is counted: a reconciled send
 * must never text twice.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OpenPhone, isReconciled } from '../../src/index.js';
import { SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startApiProxy, type ApiProxy, type SendFate } from '../cli/api-proxy.js';

interface Stored {
  readonly id: string;
  readonly from: string;
  readonly to: string[];
  readonly text: string;
  readonly createdAt: string;
  readonly visibleAt: number;
}

type SendFault = 'spoiled' | 'timeout' | 'empty-data';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function fakeApi(fault: SendFault, listLagMs: number) {
  const stored: Stored[] = [];
  const lookups: URL[] = [];
  let posts = 0;
  server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://127.0.0.1');
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.method === 'POST' && url.pathname === '/v1/messages') {
        posts++;
        const sent = JSON.parse(body) as { from: string; to: string[]; content: string };
        stored.push({ id: `AC${posts}`, from: sent.from, to: sent.to, text: sent.content, createdAt: new Date().toISOString(), visibleAt: Date.now() + listLagMs });
        if (fault === 'timeout') return; // processed, never answered
        response.writeHead(202, { 'content-type': 'application/json' });
        return void response.end(fault === 'spoiled' ? '{"data":{"id":"AC' : '{"data":[]}');
      }
      if (request.method === 'GET' && url.pathname === '/messages') {
        lookups.push(url);
        const recipients = (url.searchParams.get('to[all]') ?? '').split(',').sort().join(',');
        const since = Date.parse(url.searchParams.get('createdAt[gt]') ?? '');
        const data = stored
          .filter((m) => m.visibleAt <= Date.now() && [...m.to].sort().join(',') === recipients && Date.parse(m.createdAt) > since)
          .map(({ visibleAt: _, ...m }) => ({ ...m, conversationId: 'CN1', direction: 'outgoing', status: 'sent', updatedAt: m.createdAt }));
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ data, nextCursor: null }));
      }
      response.writeHead(404).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new OpenPhone({ apiKey: 'test-key-reconcile', baseUrl, rateLimit: false, timeout: 400, maxRetries: 2 });
  return { client, posts: () => posts, lookups };
}

const TO = ['+14155550101', '+14155550102', '+14155550103'];
const send = (client: OpenPhone, reconcile: unknown) => client.messages.send({ from: '+14155550100', to: TO, content: 'Doors open at 7' }, { reconcile: reconcile as true });

describe('a reconciling send', () => {
  it.each<SendFault>(['spoiled', 'timeout', 'empty-data'])('finds the message after a %s answer, marked reconciled, and texts once', async (fault) => {
    const api = await fakeApi(fault, 0);

    const message = await send(api.client, { settleMs: 10 });

    expect(isReconciled(message)).toBe(true);
    expect(message).toMatchObject({ id: 'AC1', text: 'Doors open at 7', reconciled: true });
    expect(api.posts()).toBe(1);
  });

  it('looks again after the settle delay while the list lags behind the send', async () => {
    const api = await fakeApi('spoiled', 300);

    const message = await send(api.client, { settleMs: 200, lookups: 4 });

    expect(message.id).toBe('AC1');
    expect(api.lookups.length).toBeGreaterThan(1);
    expect(api.posts()).toBe(1);
  });

  it('asks for exactly the recipients, outgoing, since just before the send', async () => {
    const api = await fakeApi('spoiled', 0);

    await send(api.client, { settleMs: 0 });

    const query = api.lookups[0]!.searchParams;
    expect(query.get('to[all]')!.split(',')).toEqual(TO);
    expect(query.get('direction')).toBe('outgoing');
    expect(query.get('from')).toBe('+14155550100');
    expect(Date.parse(query.get('createdAt[gt]')!)).toBeLessThan(Date.now());
  });

  it('keeps the error that says the message may have been sent when no lookup finds it, and never sends again', async () => {
    const api = await fakeApi('timeout', 60_000);

    const failure = await send(api.client, { settleMs: 10, lookups: 2 }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ mayHaveBeenProcessed: true });
    expect(api.lookups).toHaveLength(2);
    expect(api.posts()).toBe(1);
  });

  it('without reconcile, fails as before and looks nothing up', async () => {
    const api = await fakeApi('spoiled', 0);

    const failure = await api.client.messages.send({ from: '+14155550100', to: TO, content: 'Doors open at 7' }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ mayHaveBeenProcessed: true });
    expect(api.lookups).toHaveLength(0);
  });

  it.each([[{ lookups: 0 }], [{ settleMs: -1 }], [{ lookup: 2 }], ['yes']])('refuses reconcile %j before sending', async (reconcile) => {
    const api = await fakeApi('spoiled', 0);

    await expect(send(api.client, reconcile)).rejects.toMatchObject({ name: 'ValidationError' });
    expect(api.posts()).toBe(0);
  });
});

describe('a reconciling send against the sandbox behind a loopback proxy that spoils the answer of a processed send', () => {
  let sandbox: Sandbox;
  let proxy: ApiProxy;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    proxy = await startApiProxy(sandbox.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  it.each<[string, SendFate]>([
    ['a spoiled 2xx', 'html'],
    ['a timeout after the send reached the API', 'hang'],
  ])('after %s, returns the message the API lists, texted once', async (_fault, fate) => {
    const client = new OpenPhone({ apiKey: `reconcile-proxy-${fate}`, baseUrl: proxy.url, rateLimit: false, timeout: 3000 });
    const content = `Table for ${fate} is ready`;
    const to = ['+15555550201'];
    proxy.setFates((index) => (index === 0 ? fate : undefined));
    try {
      const message = await client.messages.send({ from: SEEDED_NUMBERS.main, to, content }, { reconcile: { lookups: 3, settleMs: 50 } });
      expect(isReconciled(message)).toBe(true);
      const processed = proxy.processed.filter((sent) => sent.content === content);
      expect(processed).toHaveLength(1);
      expect(message).toMatchObject({ id: processed[0]!.id, text: content, to });
    } finally {
      proxy.setFates(() => undefined);
    }
  });
});
