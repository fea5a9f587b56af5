import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { bundleInto } from '../helpers/bundle.js';

/** A client for the sandbox that neither throttles nor retries, so each call is exactly one request. */
export function clientFor(sandbox: { url: string }, apiKey: string): OpenPhone {
  return new OpenPhone({ apiKey, baseUrl: sandbox.url, rateLimit: false, maxRetries: 0 });
}

/** A sandbox, without the rate limit unless `options` set one, and a client for it. */
export async function startWithClient(apiKey: string, options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; client: OpenPhone }> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  return { sandbox, client: clientFor(sandbox, apiKey) };
}

/** A starter of sandboxes (with clients) for single tests: each one started is closed after its test. */
export function sandboxPerTest(apiKey: string): (options?: SandboxOptions) => Promise<{ sandbox: Sandbox; client: OpenPhone }> {
  const opened: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
  });
  return async (options) => {
    const started = await startWithClient(apiKey, options);
    opened.push(started.sandbox);
    return started;
  };
}

/** The ids a test needs from the seeded workspace, found through the store rather than assumed. */
export function seeded(sandbox: Sandbox) {
  const { store } = sandbox;
  const number = (e164: string) => store.phoneNumbers.find((n) => n.number === e164)!;
  const user = (role: string) => store.users.find((u) => u.role === role)!;
  return { main: number('+15555550100'), support: number('+15555550101'), owner: user('owner'), admin: user('admin'), member: user('member') };
}

export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Receiver {
  readonly url: string;
  readonly deliveries: ReceivedDelivery[];
  /** Resolves with the next delivery (or one already received and not yet taken). */
  next(): Promise<ReceivedDelivery>;
  /** The status every delivery is answered with from now on. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1 that keeps every POST exactly as it arrived. */
export async function startReceiver(): Promise<Receiver> {
  const deliveries: ReceivedDelivery[] = [];
  const waiting: ((delivery: ReceivedDelivery) => void)[] = [];
  let taken = 0;
  let status = 200;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
    deliveries.push(delivery);
    response.writeHead(status).end();
    const waiter = waiting.shift();
    if (waiter) {
      taken += 1;
      waiter(delivery);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    deliveries,
    next: () => (taken < deliveries.length ? Promise.resolve(deliveries[taken++]!) : new Promise((resolve) => waiting.push(resolve))),
    answerWith: (next) => {
      status = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

type Schema = Record<string, unknown>;

/** Property names a schema declares, its combinator branches included: the keys a value of it may have. */
function declaredKeys(schema: Schema): Set<string> | undefined {
  const keys = new Set(Object.keys((schema.properties as Schema | undefined) ?? {}));
  for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
    for (const branch of (schema[combinator] as Schema[] | undefined) ?? []) {
      for (const key of declaredKeys(branch) ?? []) keys.add(key);
    }
  }
  return keys.size > 0 ? keys : undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Every way `value` departs from a dereferenced JSON schema, including keys
 * the schema does not declare: "shaped exactly like the spec".
 */
export function schemaProblems(value: unknown, schema: Schema, path = '', allowed?: Set<string>): string[] {
  const problems: string[] = [];
  const keys = allowed ?? declaredKeys(schema);
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches && !branches.some((branch) => schemaProblems(value, branch, path, keys).length === 0)) {
    problems.push(`${path || '/'}: ${JSON.stringify(value)} matches no branch`);
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) problems.push(...schemaProblems(value, part, path, keys));
  if (schema.type !== undefined) {
    const types = ([] as unknown[]).concat(schema.type);
    const actual = typeOf(value);
    const fits = types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)) || (t === 'number' && actual === 'number'));
    if (!fits) return [...problems, `${path || '/'}: ${JSON.stringify(value)} is not ${types.join(' or ')}`];
  }
  if ('const' in schema && value !== schema.const) problems.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} is not in the enum`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) problems.push(`${path}: not a date-time`);
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) problems.push(...schemaProblems(item, schema.items as Schema, `${path}/${i}`));
  }
  if (typeOf(value) === 'object') {
    const record = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in record)) problems.push(`${path}/${name}: required but missing`);
    }
    for (const [name, child] of Object.entries((schema.properties as Record<string, Schema> | undefined) ?? {})) {
      if (name in record) problems.push(...schemaProblems(record[name], child, `${path}/${name}`));
    }
    if (keys && !branches) {
      for (const name of Object.keys(record)) if (!keys.has(name)) problems.push(`${path}/${name}: not in the spec`);
    }
  }
  return problems;
}

/**
 * test/server/main.ts (a sandbox in its own process) bundled into `dir`, to run with plain
 * `node`: started through tsx instead, each child would spend a second compiling the sources.
 */
export async function bundledSandboxMain(dir: string): Promise<string> {
  return bundleInto(fileURLToPath(new URL('../server/main.ts', import.meta.url)), path.join(dir, 'sandbox-main.mjs'));
}
