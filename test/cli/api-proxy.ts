import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { OpenPhone } from '../../src/index.js';

/**
 * What the proxy does to the nth send (0-based) it forwards:
 * - `html`, `empty-object`, `reset`, `status-500`: the sandbox processes the send, then the answer is spoiled;
 * - `hang`: the sandbox processes the send and the answer never comes;
 * - `hang-unprocessed`: the request is held and never reaches the sandbox.
 */
export type SendFate = 'html' | 'empty-object' | 'reset' | 'status-500' | 'hang' | 'hang-unprocessed' | undefined;

export interface ApiProxy {
  readonly url: string;
  /** Sends the sandbox processed, in order, with the time the proxy stamped on them. */
  readonly processed: { id: string; to: string; content: string; createdAt: string }[];
  /** Shifts the proxy's clock, e.g. to make earlier sends look an hour old. */
  clockOffsetMs: number;
  /**
   * A list that lags behind sends: a send processed while this is set stays out
   * of the message lists until this long after the first lookup that would
   * list it, as a lookup made right after the send sees it, however slowly the
   * looking process starts.
   */
  listLagMs: number;
  /** Message list requests (v1 or dated) answered so far. */
  readonly lookups: number;
  /** Sends received so far under the current fates. */
  readonly received: number;
  /** Decides the fate of each send from now on, counting from 0. */
  setFates(fate: (index: number) => SendFate): void;
  /** Resolves once the sandbox has processed `count` sends through the proxy. */
  processedCount(count: number): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface ListedMessage {
  id: string;
  createdAt: string;
}

/**
 * A loopback proxy in front of the sandbox that stamps sent messages with the
 * real time (the sandbox runs on a fixed clock from 2025, the real API on the
 * real one) and filters `GET /v1/messages` and `GET /messages` by their
 * creation-time window on those times, and that can spoil or withhold the answer to a processed send.
 */
export async function startApiProxy(target: string): Promise<ApiProxy> {
  const realTimes = new Map<string, string>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  let fate: (index: number) => SendFate = () => undefined;
  let received = 0;
  let lookups = 0;
  /** Lag of each send processed under `listLagMs`, and when it is listed once first looked for. */
  const lagging = new Map<string, number>();
  const listedFrom = new Map<string, number>();
  let url = '';

  const proxy: ApiProxy = {
    get url() {
      return url;
    },
    processed: [],
    clockOffsetMs: 0,
    listLagMs: 0,
    get lookups() {
      return lookups;
    },
    get received() {
      return received;
    },
    setFates: (next) => {
      fate = next;
      received = 0;
    },
    processedCount: (count) =>
      new Promise((resolve) => {
        if (proxy.processed.length >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };

  const forward = async (request: IncomingMessage, path: string, body: Buffer) => {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'accept', 'quo-api-version']) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    return fetch(new URL(path, target), { method: request.method!, headers, ...(body.length > 0 && { body }) });
  };

  const answer = (response: ServerResponse, status: number, body: string, type = 'application/json') => {
    response.writeHead(status, { 'content-type': type }).end(body);
  };

  const listMessages = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    lookups++;
    // v1 names the window `createdAfter`/`createdBefore`, the dated API `createdAt[gt]`/`createdAt[lt]`.
    const after = url.searchParams.get('createdAfter') ?? url.searchParams.get('createdAt[gt]');
    const before = url.searchParams.get('createdBefore') ?? url.searchParams.get('createdAt[lt]');
    for (const name of ['createdAfter', 'createdBefore', 'createdAt[gt]', 'createdAt[lt]']) url.searchParams.delete(name);
    const upstream = await forward(request, url.pathname + url.search, Buffer.alloc(0));
    const page = (await upstream.json()) as { data?: ListedMessage[] };
    if (upstream.ok && page.data) {
      page.data = page.data
        .map((message) => ({ ...message, createdAt: realTimes.get(message.id) ?? message.createdAt }))
        .filter((message) => (after === null || message.createdAt >= after) && (before === null || message.createdAt < before))
        .filter((message) => {
          const lag = lagging.get(message.id);
          if (lag === undefined) return true;
          if (!listedFrom.has(message.id)) listedFrom.set(message.id, Date.now() + lag);
          return Date.now() >= listedFrom.get(message.id)!;
        });
    }
    answer(response, upstream.status, JSON.stringify(page));
  };

  const sendMessage = async (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const spoil = fate(received++);
    if (spoil === 'hang-unprocessed') return;
    const stamped = new Date(Date.now() + proxy.clockOffsetMs).toISOString();
    const upstream = await forward(request, '/v1/messages', body);
    const text = await upstream.text();
    if (!upstream.ok) return answer(response, upstream.status, text);
    const sent = JSON.parse(text) as { data: ListedMessage & { to: string[]; text: string } };
    sent.data.createdAt = stamped;
    realTimes.set(sent.data.id, stamped);
    if (proxy.listLagMs > 0) lagging.set(sent.data.id, proxy.listLagMs);
    proxy.processed.push({ id: sent.data.id, to: sent.data.to[0]!, content: sent.data.text, createdAt: stamped });
    for (const waiter of waiters.filter((w) => proxy.processed.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    if (spoil === 'hang') return;
    if (spoil === 'reset') return void request.socket.destroy();
    if (spoil === 'html') return answer(response, 200, '<html><body>Bad gateway</body></html>', 'text/html');
    if (spoil === 'empty-object') return answer(response, 202, '{}');
    if (spoil === 'status-500') return answer(response, 500, JSON.stringify({ message: 'Internal error', status: 500 }));
    answer(response, upstream.status, JSON.stringify(sent));
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url!, 'http://proxy');
      const body = await readBody(request);
      if (request.method === 'GET' && (url.pathname === '/v1/messages' || url.pathname === '/messages')) return listMessages(request, response, url);
      if (request.method === 'POST' && url.pathname === '/v1/messages') return sendMessage(request, response, body);
      const upstream = await forward(request, url.pathname + url.search, body);
      answer(response, upstream.status, await upstream.text(), upstream.headers.get('content-type') ?? 'application/json');
    })().catch(() => request.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** Sends `contents` from `from` to `to` straight through the proxy, stamped `ageMs` ago, as an earlier campaign would have. */
export async function sendEarlier(proxy: ApiProxy, send: { from: string; to: string; contents: readonly string[]; ageMs: number }): Promise<void> {
  const client = new OpenPhone({ apiKey: 'earlier-campaign', baseUrl: proxy.url, rateLimit: false });
  proxy.clockOffsetMs = -send.ageMs;
  try {
    for (const content of send.contents) await client.messages.send({ from: send.from, to: send.to, content });
  } finally {
    proxy.clockOffsetMs = 0;
  }
}
