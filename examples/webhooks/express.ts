/**
 * Receiving OpenPhone webhooks with Express 5.
 * In an application, the import is 'openphone-sdk/webhooks'.
 *
 *   OPENPHONE_WEBHOOK_SECRET=... npx tsx examples/webhooks/express.ts
 */
import express, { type Express } from 'express';
import { pathToFileURL } from 'node:url';
import { refusalStatus, verifyWebhook, WebhookVerificationError } from '../../src/webhooks/index.js';
import { handleWebhook } from './handle-webhook.js';

export function createApp(secret: string | string[], log?: (line: string) => void): Express {
  const app = express();

  // express.raw keeps the body as a Buffer for this route. Register it before any
  // app-wide express.json(): once JSON has been parsed, the signed bytes are gone.
  app.post('/webhooks/openphone', express.raw({ type: 'application/json' }), async (request, response) => {
    try {
      const webhook = await verifyWebhook(request.body as Buffer, request.headers, secret);
      await handleWebhook(webhook, log);
      response.sendStatus(204);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error; // Express 5 answers 500; OpenPhone retries.
      response.status(refusalStatus(error)).json({ error: error.reason });
    }
  });

  // The rest of the application can parse JSON as usual.
  app.use(express.json());
  return app;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env['PORT'] ?? 3000);
  createApp(process.env['OPENPHONE_WEBHOOK_SECRET'] ?? '').listen(port, () => {
    console.log(`Listening for OpenPhone webhooks on http://localhost:${port}/webhooks/openphone`);
  });
}
