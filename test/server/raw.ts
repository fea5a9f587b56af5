import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RawServer {
  readonly url: string;
  /** Every request received, in order, with its body. */
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that answers each request with `handle`, for faults
 * the sandbox does not model (a body cut or stalled after its headers, an
 * HTML page from a proxy). Closing it ends every connection, stalled ones too.
 */
export async function startRawServer(handle: (request: IncomingMessage, response: ServerResponse, index: number) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const requests: RawServer['requests'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      handle(request, response, requests.length - 1);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends the status and headers and half a JSON body, then drops the connection. */
export function resetMidBody(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': '400' });
  response.write('{"data":{"id":"AC1","text":"Hel');
  setTimeout(() => response.socket?.destroy(), 20);
}

/** Sends the status and headers and the start of a body, then never anything more. */
export function stallBody(response: ServerResponse, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.write('{"data":');
}

export function reply(response: ServerResponse, status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  response.writeHead(status, headers);
  response.end(body);
}
