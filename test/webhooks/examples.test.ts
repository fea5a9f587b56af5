import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../examples/webhooks/express.js';
import worker, { createOpenPhoneHandler } from '../../examples/webhooks/fetch-handler.js';
import { createWebhookServer } from '../../examples/webhooks/node-http.js';
import { signWebhook } from '../../src/webhooks/index.js';
import { callCompleted, legacyMessageReceived, messageReceived } from './fixtures.js';
import { LEGACY_KEY, WHSEC } from './support.js';

const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/webhooks/openphone`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

type Log = (line: string) => void;

describe.each([
  ['Node http', (secret: string[], log: Log) => listen(createWebhookServer(secret, log))],
  ['Express', (secret: string[], log: Log) => listen(createServer(createApp(secret, log)))],
])('the %s example', (_name, start) => {
  it('handles a signed delivery of either scheme and answers 204', async () => {
    const log = vi.fn();
    const url = await start([WHSEC, LEGACY_KEY], log);

    const current = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');
    const legacy = await signWebhook(legacyMessageReceived, LEGACY_KEY, 'openphone-signature');

    expect((await fetch(url, { method: 'POST', ...current })).status).toBe(204);
    expect((await fetch(url, { method: 'POST', ...legacy })).status).toBe(204);
    expect(log.mock.calls).toEqual([['Message from +14155550123: Running ten minutes late'], ['Message from +14155550123: Is the 3pm slot still open?']]);
  });

  it('refuses a tampered delivery with 401 and the reason', async () => {
    const log = vi.fn();
    const url = await start([WHSEC], log);
    const { body, headers } = await signWebhook(callCompleted, WHSEC, 'standard-webhooks');

    const response = await fetch(url, { method: 'POST', body: body.replace('115', '5'), headers });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'signature_mismatch' });
    expect(log).not.toHaveBeenCalled();
  });
});

describe('the Express example', () => {
  it('cannot verify a body express.raw did not read, and says so instead of guessing', async () => {
    const url = await listen(createServer(createApp([WHSEC], vi.fn())));
    const { body, headers } = await signWebhook(messageReceived, WHSEC, 'standard-webhooks');

    const response = await fetch(url, { method: 'POST', body, headers: { ...headers, 'content-type': 'text/plain' } });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_body_type' });
  });
});

describe('the fetch handler example', () => {
  it('serves a Worker-style fetch with the secret from its environment', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { body, headers } = await signWebhook(callCompleted, WHSEC, 'standard-webhooks');

    const response = await worker.fetch(new Request('https://worker.example/', { method: 'POST', body, headers }), {
      OPENPHONE_WEBHOOK_SECRET: WHSEC,
    });

    expect(response.status).toBe(204);
    expect(log).toHaveBeenCalledWith('Call ACcall0001 ended (answered)');
    log.mockRestore();
  });

  it('accepts only Standard Webhooks deliveries', async () => {
    const log = vi.fn();
    const handle = createOpenPhoneHandler([WHSEC, LEGACY_KEY], log);
    const legacy = await signWebhook(legacyMessageReceived, LEGACY_KEY, 'openphone-signature');

    const response = await handle(new Request('https://worker.example/', { method: 'POST', ...legacy }));

    expect(response.status).toBe(400);
    expect(log).toHaveBeenCalledWith('Refused a webhook: missing_header');
  });
});
