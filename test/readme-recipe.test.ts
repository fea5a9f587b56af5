import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPhone, OpenPhoneError } from '../src/index.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { sendEarlier, startApiProxy, type ApiProxy } from './cli/api-proxy.js';
import { projectRoot } from './helpers/shared-specs.js';

/**
 * The README's recipe for an error with `mayHaveBeenProcessed`, run as written
 * against the sandbox behind a proxy that stamps real times and spoils answers.
 */

const FROM = '+15555550100';
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

type Recipe = (openphone: OpenPhone, phoneNumberId: string, customer: string, content: string, queueForReview: (item: unknown) => Promise<void>) => Promise<void>;

async function readmeRecipe(): Promise<Recipe> {
  const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Handling `mayHaveBeenProcessed`'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)![1]!.replace(/^import .*\n/gm, '');
  const { code: js } = await transform(code, { loader: 'ts' });
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  const run = new AsyncFunction('OpenPhoneError', 'openphone', 'phoneNumberId', 'customer', 'content', 'queueForReview', js);
  return (...args) => run(OpenPhoneError, ...args);
}

describe("the README's mayHaveBeenProcessed recipe", () => {
  it('finds a send that went through after 120 older messages in the conversation', async () => {
    const client = new OpenPhone({ apiKey: 'recipe-1', baseUrl: proxy.url, rateLimit: false, maxRetries: 0 });
    const customer = '+15555550611';
    const content = 'Your table is ready';
    await sendEarlier(proxy, { from: FROM, to: customer, contents: Array.from({ length: 120 }, (_, i) => `older ${i}`), ageMs: 3_600_000 });
    const phoneNumberId = (await client.phoneNumbers.list()).data.find((n) => n.number === FROM)!.id;
    const queued: unknown[] = [];
    proxy.setFates(() => 'status-500');
    await (await readmeRecipe())(client, phoneNumberId, customer, content, async (item) => void queued.push(item));
    proxy.setFates(() => undefined);
    expect(queued).toEqual([]);
  }, 120_000);

  it('does not take an older copy of the same text for this send: it is queued for review', async () => {
    const client = new OpenPhone({ apiKey: 'recipe-2', baseUrl: proxy.url, rateLimit: false, maxRetries: 0, timeout: 2000 });
    const customer = '+15555550612';
    const content = 'Your order has shipped';
    await sendEarlier(proxy, { from: FROM, to: customer, contents: [content], ageMs: 3_600_000 });
    const phoneNumberId = (await client.phoneNumbers.list()).data.find((n) => n.number === FROM)!.id;
    const queued: unknown[] = [];
    proxy.setFates((i) => (i === 0 ? 'hang-unprocessed' : undefined));
    await (await readmeRecipe())(client, phoneNumberId, customer, content, async (item) => void queued.push(item));
    proxy.setFates(() => undefined);
    expect(queued).toHaveLength(1);
  }, 120_000);
});
