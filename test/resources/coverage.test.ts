import { describe, expect, it } from 'vitest';
import { surfaces as tables } from '../../generated/operations.js';
import { handwrittenMethods } from '../../scripts/method-names.js';
import { dottedName, keyOf, serveSurface, type Served } from '../../scripts/naming.js';
import { surfaces } from '../../scripts/surfaces.js';
import { OpenPhone } from '../../src/index.js';
import type { OperationDescriptor } from '../../src/internal/operation-types.js';
import { allOperations } from '../../src/internal/surfaces.js';
import { OperationMatcher } from '../../src/internal/transport/operations.js';

/** Each surface's operations from the generated table, with where its methods live on the client. */
const surfaceTables = Object.values(surfaces).map((surface) => {
  const table = Object.values(tables).find(({ spec }) => spec.surface === surface.name)!;
  return { surface, operations: Object.values(table.operations) as readonly OperationDescriptor[] };
});

/** The value at `client.a.b.c`, or undefined. */
function at(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** Operations with no method to call and no reason listed, each as `operationId: why`. */
function gaps(operations: readonly OperationDescriptor[], served: ReadonlyMap<string, Served>, client: unknown, namespace: string | undefined): string[] {
  const found: string[] = [];
  for (const operation of operations) {
    const how = served.get(operation.operationId);
    if (!how) {
      found.push(`${operation.operationId}: no method and no reason`);
      continue;
    }
    if (how.kind === 'taken') {
      if (how.reason.trim().length < 10) found.push(`${operation.operationId}: taken without a reason`);
      continue;
    }
    const path = how.kind === 'derived' && namespace ? [namespace, ...how.name.resource, how.name.method] : [...how.name.resource, how.name.method];
    if (typeof at(client, path) !== 'function') found.push(`${operation.operationId}: client.${path.join('.')} is not a method`);
  }
  return found;
}

const client = new OpenPhone({ apiKey: 'coverage-test-key' });

describe('a method for every operation, derived from the operation table', () => {
  it.each(surfaceTables.map(({ surface, operations }) => [surface.name, surface, operations] as const))(
    'every %s operation has a method on the client, or a listed reason',
    (_name, surface, operations) => {
      const served = serveSurface(operations, !surface.namespace);
      expect(operations.length).toBeGreaterThan(0);
      expect(gaps(operations, served, client, surface.namespace)).toEqual([]);
      expect([...served.keys()].sort()).toEqual(operations.map((op) => op.operationId).sort());
    },
  );

  it('fails for an operation without a method, naming it, and for a taken name without a reason', () => {
    const operation = (operationId: string, method: OperationDescriptor['method'], path: string) => ({ operationId, method, path }) as OperationDescriptor;
    const operations = [operation('listThings', 'get', '/things'), operation('getThing', 'get', '/things/{id}'), operation('rotateThing', 'post', '/things/{id}/rotate')];
    const served = new Map<string, Served>([
      ['listThings', { kind: 'derived', name: { resource: ['things'], method: 'list' } }],
      ['getThing', { kind: 'taken', name: { resource: ['things'], method: 'get' }, reason: 'tbd' }],
    ]);
    const fake = { things: { list: () => undefined } };
    expect(gaps(operations, served, fake, undefined)).toEqual(['getThing: taken without a reason', 'rotateThing: no method and no reason']);
    expect(gaps(operations.slice(0, 1), served, { things: {} }, undefined)).toEqual(['listThings: client.things.list is not a method']);
  });

  it('lists the methods of each handwritten class as they are, no more and no fewer', () => {
    for (const [resource, methods] of Object.entries(handwrittenMethods)) {
      const own = Object.getOwnPropertyNames(Object.getPrototypeOf(at(client, [resource]))).filter((name) => name !== 'constructor');
      expect(own.sort(), resource).toEqual(Object.keys(methods).sort());
    }
  });

  it('names as taken only a dated operation whose derived name a handwritten method of another operation holds', () => {
    for (const { surface, operations } of surfaceTables) {
      for (const [operationId, how] of serveSurface(operations, !surface.namespace)) {
        if (how.kind !== 'taken') continue;
        const operation = operations.find((op) => op.operationId === operationId)!;
        const owner = handwrittenMethods[how.name.resource[0]!]!;
        expect(owner[how.name.resource[1] ?? how.name.method], dottedName(how.name)).not.toBe(keyOf(operation));
      }
    }
  });
});

/** Every handwritten method, called with valid arguments. */
const calls: Record<string, (c: OpenPhone) => PromiseLike<unknown>> = {
  'messages.send': (c) => c.messages.send({ from: '+15555550100', to: '+15555550123', content: 'Hi' }),
  'calls.summary': (c) => c.calls.summary('AC1'),
  'contacts.create': (c) => c.contacts.create({ firstName: 'Ada' }),
  'contacts.update': (c) => c.contacts.update('c1', { lastName: 'King' }),
  'contacts.customFields': (c) => c.contacts.customFields(),
  'webhooks.list': (c) => c.webhooks.list(),
  'webhooks.get': (c) => c.webhooks.get('1'),
  'webhooks.update': (c) => c.webhooks.update('1', { label: 'renamed' }),
  'webhooks.rotateSecret': (c) => c.webhooks.rotateSecret('1'),
  'webhooks.deliveries': (c) => c.webhooks.deliveries('1'),
  'webhooks.delivery': (c) => c.webhooks.delivery('1', 'EV1'),
  'webhooks.retryDelivery': (c) => c.webhooks.retryDelivery('1', 'EV1'),
  'webhooks.sendTestEvent': (c) => c.webhooks.sendTestEvent('1', { eventType: 'message.received' }),
};

describe('handwritten methods', () => {
  it('call the operation scripts/method-names.ts says each serves', async () => {
    const matcher = new OperationMatcher(allOperations);
    let current = '';
    const called = new Map<string, string>();
    const recording = new OpenPhone({
      apiKey: 'coverage-test-key',
      rateLimit: false,
      fetch: async (request) => {
        const { operationId } = matcher.match(request.method, new URL(request.url).pathname);
        const operation = allOperations.find((op) => op.operationId === operationId);
        called.set(current, operation ? keyOf(operation) : `${request.method} ${request.url}`);
        return request.method === 'DELETE' ? new Response(null, { status: 204 }) : Response.json({ data: [], nextPageToken: null, nextCursor: null });
      },
    });
    for (const [name, call] of Object.entries(calls)) {
      current = name;
      await call(recording).then(undefined, () => undefined);
    }
    const listed = Object.entries(handwrittenMethods).flatMap(([resource, methods]) => Object.entries(methods).map(([method, key]) => [`${resource}.${method}`, key]));
    expect(Object.fromEntries(called)).toEqual(Object.fromEntries(listed));
  });
});
