/**
 * The handler behind a real loopback HTTP server, its body streamed in as it
 * arrives: what it reads of an unsigned or oversized request is counted.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookHandler, signWebhook } from '../../src/webhooks/index.js';
import { messageReceived } from './fixtures.js';
import { WHSEC } from './support.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** Serves `handle`, counting the body bytes it pulls from each request. */
async function serve(handle: (request: Request) => Promise<Response>): Promise<{ url: string; pulled: () => number }> {
  let pulled = 0;
  server = createServer((incoming, outgoing) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
    incoming.on('data', (chunk: Buffer) => (pulled += chunk.length));
    incoming.pause();
    const body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
    void handle(new Request(`http://127.0.0.1${incoming.url}`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit)).then(async (answer) => {
      outgoing.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, pulled: () => pulled };
}

/** POSTs `size` bytes in 64 KiB chunks, without Content-Length, stopping once the answer arrives. */
function post(url: string, headers: Record<string, string>, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    const outgoing = httpRequest(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (response) => {
      answered = true;
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => (body += text));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    outgoing.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < size) {
        sent += chunk.length;
        if (!outgoing.write(chunk)) return void outgoing.once('drain', pump);
      }
      outgoing.end();
    };
    pump();
  });
}

describe('webhook request bodies', () => {
  it('refuses an unsigned request from its headers, before reading its body', async () => {
    const onMessage = vi.fn();
    const { url, pulled } = await serve(createWebhookHandler({ secret: WHSEC, on: { 'message.received': onMessage } }));

    const answer = await post(url, { 'content-type': 'application/json' }, 16 * 1024 * 1024);

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'missing_header' });
    // Whatever the socket buffered, the handler pulled no body through.
    expect(pulled()).toBeLessThan(1024 * 1024);
    expect(onMessage).not.toHaveBeenCalled();
  });

  it('refuses a body over maxBodyBytes with 413 while it streams in', async () => {
    const { headers } = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
    const { url, pulled } = await serve(createWebhookHandler({ secret: WHSEC, maxBodyBytes: 256 * 1024, on: { 'message.received': vi.fn() } }));

    const answer = await post(url, headers, 16 * 1024 * 1024);

    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: 'payload_too_large' });
    expect(pulled()).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading, and accepts a delivery within it', async () => {
    const onMessage = vi.fn();
    const handle = createWebhookHandler({ secret: WHSEC, maxBodyBytes: 1024, on: { 'message.received': onMessage } });
    const { body, headers } = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
    const cancelled = vi.fn();
    const endless = new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(1024)), cancel: cancelled });

    const oversized = await handle(
      new Request('https://example.com/hook', { method: 'POST', headers: { ...headers, 'content-length': String(10 * 1024 * 1024) }, body: endless, duplex: 'half' } as RequestInit),
    );
    const small = await handle(new Request('https://example.com/hook', { method: 'POST', headers, body }));

    expect(oversized.status).toBe(413);
    expect(small.status).toBe(204);
    expect(onMessage).toHaveBeenCalledOnce();
  });

  it('refuses a maxBodyBytes or dedupeScope that cannot be used when the handler is made', () => {
    for (const maxBodyBytes of [0, -1, 1.5, Number.NaN, Infinity, '1000']) {
      expect(() => createWebhookHandler({ secret: WHSEC, maxBodyBytes: maxBodyBytes as number })).toThrow(/maxBodyBytes/);
    }
    for (const dedupeScope of ['', '  ', 5]) {
      expect(() => createWebhookHandler({ secret: WHSEC, dedupeScope: dedupeScope as string })).toThrow(/dedupeScope/);
    }
  });
});
