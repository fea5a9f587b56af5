/**
 * Receiving OpenPhone webhooks with Node's built-in http module.
 * In an application, the import is 'openphone-sdk/webhooks'.
 *
 *   OPENPHONE_WEBHOOK_SECRET=... npx tsx examples/webhooks/node-http.ts
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { refusalStatus, verifyWebhook, WebhookVerificationError } from '../../src/webhooks/index.js';
import { handleWebhook } from './handle-webhook.js';

/** The bytes exactly as they arrived: the signature covers them, not a re-serialized JSON object. */
async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function createWebhookServer(secret: string | string[], log?: (line: string) => void): Server {
  return createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/webhooks/openphone') {
      response.writeHead(404).end();
      return;
    }
    try {
      const webhook = await verifyWebhook(await readRawBody(request), request.headers, secret);
      await handleWebhook(webhook, log);
      response.writeHead(204).end();
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        response.writeHead(refusalStatus(error), { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: error.reason }));
        return;
      }
      // Anything else is our own failure: answer 500 so OpenPhone retries the delivery.
      console.error(error);
      response.writeHead(500).end();
    }
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env['PORT'] ?? 3000);
  createWebhookServer(process.env['OPENPHONE_WEBHOOK_SECRET'] ?? '').listen(port, () => {
    console.log(`Listening for OpenPhone webhooks on http://localhost:${port}/webhooks/openphone`);
  });
}
