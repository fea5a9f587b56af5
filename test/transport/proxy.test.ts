import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

/** A forward proxy on loopback that tunnels CONNECT requests, as corporate proxies do, and records them. */
async function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((_req, res) => reply(res, 405, 'CONNECT only', { 'content-type': 'text/plain' }));
  proxy.on('connect', (request, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

let api: RawServer | undefined;
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
afterEach(async () => {
  await Promise.all([api?.close(), proxy?.close()]);
  api = proxy = undefined;
});

describe('a proxy through the fetch option', () => {
  it('sends every request through an undici ProxyAgent, tunnelled to the API', async () => {
    api = await startRawServer((_req, res) => reply(res, 200, JSON.stringify({ data: [], totalItems: 0, nextPageToken: null })));
    proxy = await startProxy();
    const dispatcher = new ProxyAgent(proxy.url);
    const client = new OpenPhone({
      apiKey: 'proxy-test-key',
      baseUrl: api.url,
      rateLimit: false,
      // As the README shows: undici's fetch with the proxy as its dispatcher. The request is passed in parts, since
      // undici's fetch does not take the Request class of the undici copy built into Node.
      fetch: (request, init) => undiciFetch(request.url, { method: request.method, headers: [...request.headers], body: request.body, duplex: 'half', ...init, dispatcher }),
    });
    try {
      await expect(client.phoneNumbers.list()).resolves.toMatchObject({ data: [] });
      await client.raw.GET('/v1/phone-numbers');
    } finally {
      await dispatcher.close();
    }
    // One tunnel or two, as the ProxyAgent keeps connections alive: each to the API, none elsewhere.
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(api.url).host]));
    expect(api.requests).toHaveLength(2);
    expect(api.requests[0]!.headers.authorization).toBe('proxy-test-key');
  });
});
