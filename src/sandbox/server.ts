import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ValidationError, describeValue } from '../core/errors.js';
import type { WebhookScheme } from '../webhooks/errors.js';
import { WebhookDispatcher, type WebhookDeliveryRecord } from './deliveries.js';
import { FaultPlan, type Fault, type FaultRule } from './faults.js';
import { seededRandom } from './random.js';
import { SlidingWindow } from './rate-window.js';
import { BodyTooLargeError, JsonTooDeepError, MAX_BODY_BYTES, parseJson, readBody } from './request-body.js';
import { ApiProblem, apiError, invalidRequest, type RouteContext, type RouteResult } from './responses.js';
import { Router } from './router.js';
import { routeFor } from './routes.js';
import { Simulator, type SandboxSimulator, type SimulationRequest } from './simulate.js';
import type { EventPayloads } from './events.js';
import { Collections } from './collections.js';
import { DATED_SURFACE, generatedOperations, type SandboxOperation } from './operations.js';
import { apiVersionProblem } from './api-version.js';
import { SpecValidator, type RequestParts } from './spec-validation.js';
import { seededStore, seedWorkspace } from './seed.js';
import { DEFAULT_MAX_STORED_BYTES, StorageBudget, writtenRecordId } from './storage-budget.js';
import type { SandboxClock, Store } from './store.js';
import { DEFAULT_RETRY_DELAYS_MS, VersionedDeliveries, checkRetryDelays } from './versioned-deliveries.js';

export interface SandboxOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Seed for ids, data and fault draws: the same seed gives the same run. Default 1. */
  seed?: number;
  /** The API's limit, enforced per key over a sliding window counted at arrival. `false` to turn it off. Default 10 per 1000 ms. */
  rateLimit?: { limit: number; interval: number } | false;
  /** Faults to inject; see `FaultRule`, and `errorRate`, `latency` and `connectionResets` for the common cases. */
  faults?: readonly FaultRule[];
  /**
   * How webhook deliveries are signed, and so which payload envelope they
   * carry: `openphone-signature` (legacy, what webhooks created through the
   * v1 API use) or `standard-webhooks` (versioned payloads). New webhook keys
   * take the scheme's form. Default `openphone-signature`.
   */
  webhookScheme?: WebhookScheme;
  /**
   * Milliseconds after which each sent message becomes `delivered` and
   * `message.delivered` goes to the subscribed webhooks, as if the carrier
   * confirmed it. `false` leaves sent messages `queued` until
   * `simulate.messageDelivered`. Default `false`.
   */
  deliverSentMessages?: number | false;
  /** How long a webhook receiver has to answer a delivery, in ms. Default 10 000. */
  webhookTimeout?: number;
  /**
   * Milliseconds before each automatic retry of a versioned webhook delivery
   * that was answered with anything but a 2xx, or not answered; the list's
   * length is how many retries there are (at most 20). `[]` retries only on
   * request. Default `[250, 1000, 4000]`.
   */
  webhookRetryDelays?: readonly number[];
  /**
   * The operations to serve instead of the generated table (each tagged with
   * its surface), e.g. a grown spec's table before regenerating. Operations
   * without a route of their own are served by generic collections.
   */
  operations?: readonly SandboxOperation[];
  /**
   * `real` (the default) stamps records with the time of day, the seeded
   * workspace dated in the hour before the start; `fixed` starts at
   * 2025-01-01T00:00:00Z and steps one second per record, for tests that
   * compare timestamps across runs.
   */
  clock?: SandboxClock;
  /**
   * Most bytes of records the workspace keeps from writes through the API
   * (each counted at the size of its JSON, until deleted or reset), across
   * every key. A write past it is answered 507 Insufficient Storage; reads and
   * deletes go on. Default 32 MiB.
   */
  maxStoredBytes?: number;
  /** How many open tasks the workspace may have; creating one more is a 402 `Open Tasks Limit Reached`. Default 100. */
  openTasksLimit?: number;
}

export interface ProcessedRequest {
  /** Milliseconds since the sandbox started, when the request arrived. */
  readonly receivedAt: number;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** How many entries each list in `SandboxStats` keeps; older ones are dropped so a long-running sandbox stays small. */
export const STATS_KEPT = 10_000;

/** How many bytes of request bodies `stats.processed` keeps in all; older entries are dropped beyond it. */
export const STATS_BODY_BYTES_KEPT = 32 * 1024 * 1024;

/** Appends to a stats list, dropping the oldest entry beyond `STATS_KEPT`. */
function keep<T>(list: T[], entry: T): void {
  list.push(entry);
  if (list.length > STATS_KEPT) list.shift();
}

/** `stats.processed`, bounded by entries and by the bytes of the bodies it holds. */
function processedLog(list: ProcessedRequest[]) {
  const sizes: number[] = [];
  let total = 0;
  return {
    add(entry: ProcessedRequest, bytes: number): void {
      list.push(entry);
      sizes.push(bytes);
      total += bytes;
      while (list.length > STATS_KEPT || (total > STATS_BODY_BYTES_KEPT && list.length > 1)) {
        list.shift();
        total -= sizes.shift()!;
      }
    },
    clear(): void {
      list.length = 0;
      sizes.length = 0;
      total = 0;
    },
  };
}

export interface SandboxStats {
  /** Requests that arrived, including rejected ones. */
  requests: number;
  /** Requests answered 429 by the rate limit. */
  rateLimited: number;
  /** Requests a fault rule affected, in order (the latest `STATS_KEPT`). */
  readonly faults: { readonly receivedAt: number; readonly operationId: string | undefined; readonly type: Fault['type'] }[];
  /** Requests whose operation ran, in order (a send here was "delivered"; the latest `STATS_KEPT`). */
  readonly processed: ProcessedRequest[];
  /** Webhook delivery attempts, retries included, in the order they finished (the latest `STATS_KEPT`). */
  readonly deliveries: WebhookDeliveryRecord[];
}

export interface Sandbox {
  /** Base URL for clients, e.g. `http://127.0.0.1:49152`. */
  readonly url: string;
  /** Live counters; `GET /_sandbox/stats` serves the same. */
  readonly stats: SandboxStats;
  /** The workspace, to read or to add records to directly. */
  readonly store: Store;
  /** Events only the phone network can cause, delivered to the subscribed webhooks. */
  readonly simulate: SandboxSimulator;
  /** Replaces the fault rules from now on. */
  setFaults(rules: readonly FaultRule[]): void;
  /**
   * Makes a sent message fail, as a carrier error would: the dated
   * `POST /messages/{id}/retry` then answers 202 (or 422 for a `permanent`
   * failure). @throws {ValidationError} for an id that is not a sent message.
   */
  failMessage(messageId: string, options?: { readonly permanent?: boolean }): void;
  /** Puts back the seeded workspace (same ids), zeroes the stats, empties the delivery log and cancels pending automatic deliveries and retries. Faults stay. */
  reset(): void;
  /** Stops listening, drops open connections, aborts webhook deliveries in flight and cancels pending retries. */
  close(): Promise<void>;
}

/** Paths under this prefix control the sandbox itself; they need no key and are not rate limited. */
export const CONTROL_PREFIX = '/_sandbox/';

function sendJson(response: ServerResponse, result: RouteResult, headers: Record<string, string> = {}): void {
  if (result.body === undefined) {
    response.writeHead(result.status, headers).end();
    return;
  }
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, { 'content-type': 'application/json', ...headers }).end(text);
}

/** The request target as a URL, or `undefined` when it is not one (`http://[::1`). */
function requestUrl(target: string | undefined): URL | undefined {
  try {
    return new URL(target ?? '/', 'http://sandbox');
  } catch {
    return undefined;
  }
}

/** What serves each request once it is valid. */
interface Services extends Pick<RouteContext, 'store' | 'deliveries' | 'emit' | 'openTasksLimit'> {
  readonly validator: SpecValidator;
  readonly collections: Collections;
}

/** What a sandbox builds from its operation table: the same for every sandbox serving that table, and holding no state of one. */
interface TableServices {
  /** The table as it was when these were built, to notice an array changed in place. */
  readonly operations: readonly SandboxOperation[];
  readonly router: Router;
  readonly validator: SpecValidator;
  readonly collections: Collections;
}

/**
 * Built once per operation table and shared by every sandbox of the process
 * that serves it: compiling an operation's schemas is most of the work of its
 * first request. Weak, so a table a caller built and dropped takes its
 * compiled validators with it.
 */
const servicesByTable = new WeakMap<readonly SandboxOperation[], TableServices>();

function servicesFor(operations: readonly SandboxOperation[]): TableServices {
  const built = servicesByTable.get(operations);
  if (built && built.operations.length === operations.length && built.operations.every((operation, i) => operation === operations[i])) return built;
  const services = { operations: [...operations], router: new Router(operations), validator: new SpecValidator(), collections: new Collections(operations) };
  servicesByTable.set(operations, services);
  return services;
}

/** The operation's answer: its route's result, or its error in the API's shape. */
function runOperation(operation: SandboxOperation, request: RequestParts, { validator, collections, ...services }: Services): RouteResult {
  const { query, issues } = validator.validate(operation, request);
  if (issues.length > 0) return invalidRequest(operation, issues);
  const context = { operation: { ...operation, successStatus: operation.successStatus ?? 200 }, params: request.pathParams, query, body: request.body, ...services };
  try {
    const route = routeFor(operation);
    return route ? route(context) : collections.serve(operation, context);
  } catch (error) {
    if (error instanceof ApiProblem) return apiError(operation, error.status, error.message, error.errors);
    throw error;
  }
}

/** Starts an in-memory OpenPhone v1 API on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const scheme = options.webhookScheme ?? 'openphone-signature';
  const store = seededStore(seed, scheme, options.clock ?? 'real');
  // Both surfaces on one host, as the API serves them; every path of one is distinct from the other's (`/v1/...`).
  const operations = options.operations ?? generatedOperations;
  const { router, validator, collections } = servicesFor(operations);
  const openTasksLimit = options.openTasksLimit ?? 100;
  const budget = new StorageBudget(options.maxStoredBytes ?? DEFAULT_MAX_STORED_BYTES);
  // Its own stream, so injected faults never change the ids and data a seed gives.
  const faults = new FaultPlan(options.faults ?? [], seededRandom(seed ^ 0x5eed));
  const limit = options.rateLimit === false ? null : (options.rateLimit ?? { limit: 10, interval: 1000 });
  const window = limit ? new SlidingWindow(limit.limit, limit.interval) : null;
  const stats: SandboxStats = { requests: 0, rateLimited: 0, faults: [], processed: [], deliveries: [] };
  const processed = processedLog(stats.processed);
  const timeoutMs = options.webhookTimeout ?? 10_000;
  const record = (delivery: WebhookDeliveryRecord) => keep(stats.deliveries, delivery);
  const retryDelaysMs = options.webhookRetryDelays === undefined ? DEFAULT_RETRY_DELAYS_MS : checkRetryDelays(options.webhookRetryDelays);
  const versioned = new VersionedDeliveries({ store, timeoutMs, retryDelaysMs, record });
  const dispatcher = new WebhookDispatcher({ store, scheme, timeoutMs, record, versioned });
  const simulator = new Simulator(store, dispatcher, scheme);
  const pendingDeliveries = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  const startedAt = performance.now();

  const deliverLater = (messageId: string, delay: number) => {
    const timer = setTimeout(() => {
      pendingDeliveries.delete(timer);
      // Delivery failures are in stats; a message taken out of the store meanwhile has nothing left to deliver.
      simulator.messageDelivered(messageId).catch(() => undefined);
    }, delay);
    pendingDeliveries.add(timer);
  };

  // Deliveries report their failures in stats; the answer never waits for them.
  const emit = (event: EventPayloads) => void dispatcher.deliver(event);

  // Checks the id at once (a `ValidationError`); the failure's event is delivered in the background.
  const failMessage = (messageId: string, options: { readonly permanent?: boolean } = {}) => void simulator.messageFailed(messageId, options.permanent === true);

  const reset = () => {
    for (const timer of pendingDeliveries) clearTimeout(timer);
    pendingDeliveries.clear();
    versioned.reset();
    seedWorkspace(store);
    budget.clear();
    stats.requests = 0;
    stats.rateLimited = 0;
    processed.clear();
    for (const list of [stats.faults, stats.deliveries]) list.length = 0;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const arrival = performance.now();
    const url = requestUrl(request.url);
    if (!url) {
      sendJson(response, { status: 400, body: { message: `Invalid request target: ${describeValue(request.url)}` } });
      return;
    }
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      await control(method, url.pathname.slice(CONTROL_PREFIX.length), request, response);
      return;
    }
    stats.requests += 1;
    const found = router.match(method, url.pathname);
    const operation = found && 'operation' in found ? found.operation : undefined;

    const versionProblem = operation && apiVersionProblem(operation, request.headers);
    if (versionProblem) {
      sendJson(response, versionProblem);
      return;
    }
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
        const body = operation?.surface === DATED_SURFACE ? apiError(operation, 429, 'API rate limit exceeded').body : { message: 'API rate limit exceeded' };
        sendJson(
          response,
          { status: 429, body },
          {
            'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
            'x-ratelimit-limit-second': String(window.limit),
            'x-ratelimit-remaining-second': '0',
          },
        );
        return;
      }
    }

    // The whole request is in before any fault applies: a slow or failing server has still received it.
    const text = await readBody(request);
    const fault: Fault | undefined = faults.pick({ method, operationId: operation?.operationId });
    if (fault) keep(stats.faults, { receivedAt: arrival - startedAt, operationId: operation?.operationId, type: fault.type });
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
        body = parseJson(text);
      } catch (error) {
        sendJson(response, apiError(operation, 400, error instanceof JsonTooDeepError ? `Request body ${error.message}` : 'Request body is not valid JSON'));
        return;
      }
    }
    const writes = method !== 'GET' && method !== 'DELETE';
    if (writes && budget.full) {
      sendJson(response, apiError(operation, 507, `The workspace holds its maximum of ${budget.maxBytes} bytes of records: delete some, or reset the sandbox`));
      return;
    }
    const pathParams = 'params' in found ? { ...found.params } : {};
    const result = runOperation(
      operation,
      { pathParams, search: url.searchParams, headers: request.headers, body, bodyBytes: Buffer.byteLength(text) },
      { store, deliveries: versioned, emit, openTasksLimit, validator, collections },
    );
    if (result.status < 400) {
      const written = writes ? writtenRecordId(result.body) : undefined;
      if (written !== undefined) budget.stored(written, Buffer.byteLength(JSON.stringify(result.body)));
      const removed = method === 'DELETE' ? Object.values(pathParams).at(-1) : undefined;
      if (removed !== undefined) budget.deleted(removed);
      processed.add({ receivedAt: arrival - startedAt, operationId: operation.operationId, method, path: url.pathname, body }, text.length);
      if (operation.operationId === 'sendMessage_v1' && typeof options.deliverSentMessages === 'number') {
        deliverLater((result.body as { data: { id: string } }).data.id, options.deliverSentMessages);
      }
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

  /** Lets a test or another process read the counters, change faults, simulate events and reset while the sandbox runs. */
  const control = async (method: string, path: string, request: IncomingMessage, response: ServerResponse) => {
    const route = `${method} ${path}`;
    const input = async (): Promise<unknown> => parseJson(await readBody(request));
    try {
      if (route === 'GET stats') {
        sendJson(response, { status: 200, body: stats });
      } else if (route === 'PUT faults') {
        faults.replace((await input()) as FaultRule[]);
        sendJson(response, { status: 204 });
      } else if (route === 'POST simulate') {
        sendJson(response, { status: 200, body: await simulator.run((await input()) as SimulationRequest) });
      } else if (route === 'POST fail-message') {
        const { messageId, permanent } = ((await input()) ?? {}) as { messageId?: unknown; permanent?: unknown };
        failMessage(String(messageId), { permanent: permanent === true });
        sendJson(response, { status: 204 });
      } else if (route === 'POST reset') {
        reset();
        sendJson(response, { status: 204 });
      } else {
        sendJson(response, { status: 404, body: { message: `Unknown sandbox control ${method} ${CONTROL_PREFIX}${path}` } });
      }
    } catch (error) {
      if (error instanceof ValidationError) {
        sendJson(response, { status: 400, body: { message: error.message, issues: error.issues } });
      } else if (error instanceof SyntaxError || error instanceof RangeError) {
        sendJson(response, { status: 400, body: { message: `Invalid ${path} request: ${error.message}` } });
      } else {
        throw error;
      }
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof BodyTooLargeError) {
        // The rest of the body is never read: answer, then drop the connection.
        response.once('finish', () => request.socket.destroy());
        sendJson(response, { status: 413, body: { message: `${error.message}; the sandbox accepts at most ${MAX_BODY_BYTES} bytes` } }, { connection: 'close' });
      } else {
        sendJson(response, { status: 500, body: { message: `Sandbox error: ${String(error)}` } });
      }
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
    simulate: simulator,
    setFaults: (rules) => faults.replace(rules),
    failMessage,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pendingDeliveries) clearTimeout(timer);
        dispatcher.close();
        versioned.close();
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
