/**
 * Every method of the client against Prism, an independent mock that
 * validates each request against the effective spec of its surface (one
 * Prism per surface): a request it refuses comes back as an error, and every
 * violation it finds is listed in its `sl-violations` header. (Some of the
 * spec's own response examples break its patterns, so only request violations
 * count here.)
 *
 * The methods come from generated/methods.ts and their arguments from the
 * schemas of the operations they call, so a method the spec adds is a case
 * here without an edit. Each request goes to the Prism of the surface whose
 * table holds the operation it matches, so a method that moves to another
 * surface is checked against that surface's spec.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../generated/methods.js';
import { OpenPhone, isReconciled, type FetchFn, type QueryValue } from '../../src/index.js';
import { pathParameterNames } from '../../src/internal/operation-paths.js';
import type { OperationDescriptor } from '../../src/internal/operation-types.js';
import { DATED_SURFACE, sharedOperations } from '../../src/internal/surfaces.js';
import { operationOf, operationOfMethod, surfaceTables } from '../helpers/method-operations.js';
import { sampleOf } from '../helpers/schema-sample.js';
import { projectRoot } from '../helpers/shared-specs.js';

/** A free loopback port: Prism takes no port 0, so one is reserved and released just before it starts. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Prism mocking the surface's effective spec (the pulled spec with its overlay), once it listens. */
async function startPrism(surface: string): Promise<{ process: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(path.join(projectRoot, 'node_modules/.bin/prism'), ['mock', path.join(projectRoot, `openapi/${surface}.effective.json`), '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`prism for ${surface} exited with ${code}`)));
    lines.on('line', (line) => line.includes('Prism is listening') && resolve());
  });
  return { process: child, url: `http://127.0.0.1:${port}` };
}

const prisms = new Map<string, { process: ChildProcess; url: string }>();

beforeAll(async () => {
  for (const started of await Promise.all(surfaceTables.map(async ({ surface }) => [surface, await startPrism(surface)] as const))) prisms.set(...started);
}, 120_000);

afterAll(async () => {
  await Promise.all(
    [...prisms.values()].map(async ({ process }) => {
      if (process.exitCode !== null) return;
      process.kill('SIGTERM');
      await once(process, 'exit');
    }),
  );
});

/** One request as Prism saw it: the surface it went to, and what Prism found wrong with it. */
interface Exchange {
  readonly surface: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly violations: readonly string[];
}

/** What Prism found wrong with the request, from its `sl-violations` header. */
function requestViolations(response: Response): string[] {
  const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as { location: string[]; message: string }[];
  return violations.filter((violation) => violation.location[0] === 'request').map((violation) => violation.message);
}

/**
 * A client whose requests each go to the Prism of the surface whose table
 * holds the operation the request matches, recorded. `spoil` may replace
 * Prism's answer to a request that reached it.
 */
function recordingClient(spoil?: (exchange: Exchange) => Response | undefined) {
  const exchanges: Exchange[] = [];
  const fetch: FetchFn = async (request, init) => {
    const url = new URL(request.url);
    const surface = sharedOperations().lookup(request.method, url.pathname)?.surface;
    const prism = surface === undefined || surface === null ? undefined : prisms.get(surface);
    if (!prism || !surface) throw new Error(`${request.method} ${url.pathname} matches no operation of a surface Prism serves`);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
    const response = await globalThis.fetch(new URL(url.pathname + url.search, prism.url), {
      method: request.method,
      headers: request.headers,
      ...(body && { body }),
      ...(init?.signal && { signal: init.signal }),
    });
    const exchange = { surface, method: request.method, path: url.pathname, status: response.status, violations: requestViolations(response) };
    exchanges.push(exchange);
    return spoil?.(exchange) ?? response;
  };
  // Never dialled: the fetch above sends each request to its surface's Prism.
  const client = new OpenPhone({ apiKey: 'prism-test-key', baseUrl: 'http://prism.invalid', rateLimit: false, maxRetries: 0, fetch });
  return { client, exchanges };
}

/** The path parameters of an operation in template order, as a method takes its ids. */
function pathParameters(operation: OperationDescriptor) {
  return pathParameterNames(operation.path).map((name) => operation.parameters.find((p) => p.in === 'path' && p.name === name)!);
}

/** A method's params object: every required query parameter but page controls, and every required body field. */
function paramsOf(operation: OperationDescriptor): unknown {
  const paging = operation.pagination ? [operation.pagination.pageSizeParam, operation.pagination.pageTokenParam] : [];
  const query = operation.parameters.filter((p) => p.in === 'query' && p.required && !p.deprecated && !paging.includes(p.name));
  const body = operation.requestBody?.schema;
  // A body that is not an object of named fields is the params object itself.
  if (body && body.properties === undefined && query.length === 0) return sampleOf(body);
  return { ...Object.fromEntries(query.map((p) => [p.name, sampleOf(p.schema)])), ...(body && (sampleOf(body) as object)) };
}

/** The method at `client.<dotted>` called with `args`, bound to its resource. */
function callMethod(client: OpenPhone, dotted: string, args: readonly unknown[]): PromiseLike<unknown> {
  const names = dotted.split('.');
  const resource = names.slice(0, -1).reduce<Record<string, unknown>>((node, name) => node[name] as Record<string, unknown>, client as unknown as Record<string, unknown>);
  return (resource[names.at(-1)!] as (...args: unknown[]) => PromiseLike<unknown>).apply(resource, [...args]);
}

interface Case {
  readonly name: string;
  readonly surface: string;
  readonly operation: OperationDescriptor;
  readonly args: readonly unknown[];
}

/** Every method of the client, with arguments built from the schema of the operation it calls. */
const cases: Case[] = Object.entries(methods).map(([name, method]) => {
  const { surface, operation } = operationOf(method.operationId);
  const ids = pathParameters(operation).map((parameter) => sampleOf(parameter.schema));
  expect(ids, `${name} takes one id per path parameter`).toHaveLength(method.ids.length);
  return { name, surface, operation, args: method.params ? [...ids, paramsOf(operation)] : ids };
});

describe('every method of the client against Prism validating its surface’s effective spec', () => {
  it('covers every surface, and every operation a method calls', () => {
    expect(new Set(cases.map((c) => c.surface))).toEqual(new Set(surfaceTables.map((t) => t.surface)));
    expect(new Set(cases.map((c) => c.operation.operationId))).toEqual(new Set(Object.values(methods).map((m) => m.operationId)));
  });

  it.concurrent.each(cases.map((c) => [c.name, c] as const))('%s sends a request the spec accepts', async (_name, { name, surface, operation, args }) => {
    const { client, exchanges } = recordingClient();
    const outcome = await callMethod(client, name, args).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(exchanges[0], 'the first request is the operation’s').toMatchObject({ surface, method: operation.method.toUpperCase() });
    expect(exchanges.flatMap((exchange) => exchange.violations)).toEqual([]);
    expect(outcome).toBe('resolved');
  });
});

describe('the handwritten send against Prism', () => {
  const send = operationOfMethod('messages.send');
  const recipients = (count: number) => sampleOf({ ...send.operation.requestBody!.schema.properties!['to']!, minItems: count }) as string[];

  it('sends to one number given as text, as the spec’s list of one', async () => {
    const { client, exchanges } = recordingClient();
    await client.messages.send({ from: '+15555550100', to: recipients(1)[0]!, content: 'Hello' });
    expect(exchanges).toEqual([expect.objectContaining({ surface: send.surface, violations: [] })]);
  });

  it('sends to a group of 3 as one request', async () => {
    const { client, exchanges } = recordingClient();
    await client.messages.send({ from: 'PN123abc', to: recipients(3), content: 'Hello all' });
    expect(exchanges).toEqual([expect.objectContaining({ surface: send.surface, violations: [] })]);
  });

  it('reconciling after a spoiled answer, looks the send up with a dated request the spec accepts, and sends once', async () => {
    const isSend = (exchange: Exchange) => exchange.method === send.operation.method.toUpperCase() && exchange.path === send.operation.path;
    const { client, exchanges } = recordingClient((exchange) => (isSend(exchange) ? new Response('<html>Bad gateway</html>', { status: 200, headers: { 'content-type': 'text/html' } }) : undefined));
    const outcome = await client.messages
      .send({ from: '+15555550100', to: recipients(2), content: 'Doors open at 7' }, { reconcile: { lookups: 1, settleMs: 0 } })
      .then(isReconciled, (error: unknown) => error);
    expect(exchanges.filter(isSend)).toHaveLength(1);
    const lookups = exchanges.filter((exchange) => !isSend(exchange));
    expect(lookups).toEqual([expect.objectContaining({ surface: DATED_SURFACE, method: 'GET', status: 200, violations: [] })]);
    // Prism answers with the spec's example, which is another message: the send's own error stands.
    expect(outcome).toMatchObject({ mayHaveBeenProcessed: true });
  });
});

describe('Prism refuses what the spec refuses, so the checks above can fail', () => {
  /** Per surface, an operation without path ids that bounds a query parameter, and that parameter. */
  const bounded = surfaceTables.map(({ surface, operations }) => {
    const operation = Object.values(operations).find((op) => !op.path.includes('{') && op.parameters.some((p) => p.in === 'query' && p.schema.maximum !== undefined))!;
    return [surface, operation, operation.parameters.find((p) => p.in === 'query' && p.schema.maximum !== undefined)!] as const;
  });

  it.each(bounded)('%s: one above a bound of the spec is a request violation', async (surface, operation, parameter) => {
    const { client, exchanges } = recordingClient();
    const query = { ...(paramsOf(operation) as Record<string, QueryValue | QueryValue[]>), [parameter.name]: parameter.schema.maximum! + 1 };
    await expect(client.request({ method: 'GET', path: operation.path, query })).rejects.toMatchObject({ status: 400 });
    expect(exchanges).toEqual([expect.objectContaining({ surface })]);
    // Prism writes some parameter names in lower case.
    expect(exchanges[0]!.violations.map((violation) => violation.toLowerCase())).toEqual([`request query parameter ${parameter.name.toLowerCase()} must be <= ${parameter.schema.maximum}`]);
  });
});
