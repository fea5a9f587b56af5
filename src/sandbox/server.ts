import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { operations } from '../../generated/v1.operations.js';
import type { ValidationIssue } from '../errors.js';
import type { Constraint, OperationDescriptor } from '../operation-types.js';
import { checkConstraint } from '../validation/constraints.js';
import { FaultPlan, type Fault, type FaultRule } from './faults.js';
import { SlidingWindow } from './rate-window.js';
import { Router } from './router.js';
import { apiError, routes, type RouteResult } from './routes.js';
import { Store } from './store.js';

export interface SandboxOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Seed for ids, data and fault draws: the same seed gives the same run. Default 1. */
  seed?: number;
  /** The API's limit, enforced per key over a sliding window counted at arrival. `false` to turn it off. Default 10 per 1000 ms. */
  rateLimit?: { limit: number; interval: number } | false;
  /** Faults to inject; see `FaultRule`. */
  faults?: readonly FaultRule[];
}

export interface ProcessedRequest {
  /** Milliseconds since the sandbox started, when the request arrived. */
  readonly receivedAt: number;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export interface SandboxStats {
  /** Requests that arrived, including rejected ones. */
  requests: number;
  /** Requests answered 429 by the rate limit. */
  rateLimited: number;
  /** Requests a fault rule affected, in order. */
  readonly faults: { readonly receivedAt: number; readonly operationId: string | undefined; readonly type: Fault['type'] }[];
  /** Requests whose operation ran, in order (a send here was "delivered"). */
  readonly processed: ProcessedRequest[];
}

export interface Sandbox {
  /** Base URL for clients, e.g. `http://127.0.0.1:49152`. */
  readonly url: string;
  readonly stats: SandboxStats;
  readonly store: Store;
  /** Replaces the fault rules from now on. */
  setFaults(rules: readonly FaultRule[]): void;
  close(): Promise<void>;
}

/** Paths under this prefix control the sandbox itself; they need no key and are not rate limited. */
export const CONTROL_PREFIX = '/_sandbox/';

const operationTable: readonly OperationDescriptor[] = Object.values(operations);
const router = new Router(operationTable);

function sendJson(response: ServerResponse, result: RouteResult, headers: Record<string, string> = {}): void {
  if (result.body === undefined) {
    response.writeHead(result.status, headers).end();
    return;
  }
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, { 'content-type': 'application/json', ...headers }).end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Query values typed the way the parameter's schema says, so they can be checked like JSON. */
function queryValue(query: URLSearchParams, name: string, schema: Constraint): unknown {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  const types = [schema.type, ...(schema.anyOf ?? []).map((b) => b.type)].flat();
  const coerce = (value: string, type: unknown): unknown => {
    if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
    if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
    return value;
  };
  if (types.includes('array')) {
    const itemType = schema.items?.type ?? schema.anyOf?.find((b) => b.type === 'array')?.items?.type;
    return values.map((v) => coerce(v, itemType));
  }
  return coerce(values[0]!, types.find((t) => t !== 'null'));
}

/** API-style path of a field for the `errors[]` list (`to[0]` -> `/to/0`). */
function pointer(field: string): string {
  return `/${field.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).join('/')}`;
}

function validateRequest(operation: OperationDescriptor, params: Record<string, string>, query: URLSearchParams, body: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const parameter of operation.parameters) {
    const value = parameter.in === 'path' ? params[parameter.name] : parameter.in === 'query' ? queryValue(query, parameter.name, parameter.schema) : undefined;
    if (value === undefined) {
      if (parameter.required) issues.push({ field: parameter.name, value, rule: 'required', message: 'is required' });
      continue;
    }
    checkConstraint(value, parameter.schema, parameter.name, issues);
  }
  if (operation.requestBody) {
    if (body === undefined) {
      if (operation.requestBody.required) issues.push({ field: 'body', value: body, rule: 'required', message: 'is required' });
    } else {
      checkConstraint(body, operation.requestBody.schema, '', issues);
    }
  }
  return issues;
}

/** Starts an in-memory OpenPhone v1 API on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new Store(options.seed ?? 1);
  const faults = new FaultPlan(options.faults ?? [], store.random);
  const limit = options.rateLimit === false ? null : (options.rateLimit ?? { limit: 10, interval: 1000 });
  const window = limit ? new SlidingWindow(limit.limit, limit.interval) : null;
  const stats: SandboxStats = { requests: 0, rateLimited: 0, faults: [], processed: [] };
  const sockets = new Set<Socket>();
  const startedAt = performance.now();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const arrival = performance.now();
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      await control(method, url.pathname.slice(CONTROL_PREFIX.length), request, response);
      return;
    }
    stats.requests += 1;
    const found = router.match(method, url.pathname);
    const operation = found && 'operation' in found ? found.operation : undefined;

    const key = request.headers.authorization;
    if (!key || /^bearer\s/i.test(key)) {
      const reason = key ? 'Use the raw API key in the Authorization header, without "Bearer"' : 'Missing API key';
      sendJson(response, apiError(operation, 401, reason));
      return;
    }
    if (window) {
      const wait = window.admit(key, arrival);
      if (wait > 0) {
        stats.rateLimited += 1;
        sendJson(response, { status: 429, body: { message: 'API rate limit exceeded' } }, {
          'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
          'x-ratelimit-limit-second': String(window.limit),
          'x-ratelimit-remaining-second': '0',
        });
        return;
      }
    }

    // The whole request is in before any fault applies: a slow or failing server has still received it.
    const text = await readBody(request);
    const fault: Fault | undefined = faults.pick({ method, operationId: operation?.operationId });
    if (fault) stats.faults.push({ receivedAt: arrival - startedAt, operationId: operation?.operationId, type: fault.type });
    if (fault?.type === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      sendJson(response, { status: fault.status, body: fault.body ?? apiError(operation, fault.status, 'Injected fault').body }, fault.headers);
      return;
    }
    if (fault?.type === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));

    if (!found) {
      sendJson(response, { status: 404, body: { message: `No route for ${method} ${url.pathname}` } });
      return;
    }
    if (!operation) {
      sendJson(response, { status: 405, body: { message: `${method} is not allowed on ${url.pathname}` } }, { allow: (found as { allowed: string[] }).allowed.join(', ') });
      return;
    }

    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        sendJson(response, apiError(operation, 400, 'Request body is not valid JSON'));
        return;
      }
    }
    const params = 'params' in found ? { ...found.params } : {};
    const issues = validateRequest(operation, params, url.searchParams, body);
    if (issues.length) {
      const errors = issues.map((i) => ({ path: pointer(i.field), message: i.message, value: i.value, schema: { type: i.rule } }));
      sendJson(response, apiError(operation, 400, issues.map((i) => `${i.field}: ${i.message}`).join('; '), errors));
      return;
    }
    const route = routes[operation.operationId as keyof typeof routes];
    if (!route) {
      sendJson(response, { status: 501, body: { message: `${operation.operationId} is not served by the sandbox` } });
      return;
    }
    const result = route({ operation, params, query: url.searchParams, body, store });
    if (result.status < 400) {
      stats.processed.push({ receivedAt: arrival - startedAt, operationId: operation.operationId, method, path: url.pathname, body });
    }
    if (fault?.type === 'process-then-reset') {
      request.socket.destroy();
      return;
    }
    if (fault?.type === 'process-then-status') {
      sendJson(response, apiError(operation, fault.status, 'Injected fault after processing'));
      return;
    }
    sendJson(response, result);
  };

  /** Lets a test or another process read the counters and change faults while the sandbox runs. */
  const control = async (method: string, path: string, request: IncomingMessage, response: ServerResponse) => {
    if (method === 'GET' && path === 'stats') {
      sendJson(response, { status: 200, body: stats });
    } else if (method === 'PUT' && path === 'faults') {
      try {
        faults.replace(JSON.parse(await readBody(request)) as FaultRule[]);
        sendJson(response, { status: 204 });
      } catch (error) {
        sendJson(response, { status: 400, body: { message: `Invalid fault rules: ${(error as Error).message}` } });
      }
    } else {
      sendJson(response, { status: 404, body: { message: `Unknown sandbox control ${method} ${CONTROL_PREFIX}${path}` } });
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, { status: 500, body: { message: `Sandbox error: ${String(error)}` } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    store,
    setFaults: (rules) => faults.replace(rules),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
