/**
 * One replica of a webhook receiver: createWebhookHandler behind node:http,
 * deduplicating through Redis. Its callback counts runs in Redis (so the test
 * sees every replica's) and takes a while, so concurrent repeats overlap it.
 * Prints `listening <url>`.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { redisDedupeStore } from '../../src/redis/index.js';
import { createWebhookHandler } from '../../src/webhooks/index.js';
import { CLIENTS } from './clients.js';

const env = (name: string) => process.env[name] ?? '';
const RUNS_KEY = env('RUNS_KEY');
const redis = await CLIENTS.ioredis(env('REDIS_URL'));
const handle = createWebhookHandler({
  secret: env('WEBHOOK_SECRET'),
  dedupe: redisDedupeStore(redis.client),
  on: {
    'message.received': async () => {
      await redis.command('INCR', RUNS_KEY);
      await new Promise((resolve) => setTimeout(resolve, 1500));
    },
  },
});

const server = createServer((request, response) => {
  void (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
    const answer = await handle(new Request(`http://localhost${request.url}`, { method: request.method, headers, body: Buffer.concat(chunks) }));
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
  })();
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
process.on('SIGTERM', () => {
  server.close();
  void redis.close().then(() => process.exit(0));
});
