import { describe, expect, it } from 'vitest';
import { APIError, OpenPhone } from '../../src/index.js';
import { deliberatelyUnwrapped } from '../../src/resources/unwrapped.js';
import { allOperations } from '../../src/surfaces.js';
import { OperationMatcher } from '../../src/transport/operations.js';

/** Every operation of both surfaces, v1 and the dated API. */
const specOperations = allOperations;
const matcher = new OperationMatcher(specOperations);

/** Every resource method, called with valid arguments. */
const calls: Record<string, (client: OpenPhone) => PromiseLike<unknown>> = {
  'messages.send': (c) => c.messages.send({ from: '+15555550100', to: '+15555550123', content: 'Hi' }),
  'messages.list': (c) => c.messages.list({ phoneNumberId: 'PN1', participants: '+15555550123' }),
  'messages.get': (c) => c.messages.get('AC1'),
  'calls.list': (c) => c.calls.list({ phoneNumberId: 'PN1', participants: '+15555550123' }),
  'calls.recordings': (c) => c.calls.recordings('AC1'),
  'calls.summary': (c) => c.calls.summary('AC1'),
  'calls.transcript': (c) => c.calls.transcript('AC1'),
  'contacts.create': (c) => c.contacts.create({ defaultFields: { firstName: 'Ada' } }),
  'contacts.get': (c) => c.contacts.get('c1'),
  'contacts.update': (c) => c.contacts.update('c1', { defaultFields: { lastName: 'King' } }),
  'contacts.delete': (c) => c.contacts.delete('c1'),
  'contacts.list': (c) => c.contacts.list({ externalIds: 'x1' }),
  'contacts.customFields': (c) => c.contacts.customFields(),
  'conversations.list': (c) => c.conversations.list(),
  'phoneNumbers.list': (c) => c.phoneNumbers.list(),
  'users.list': (c) => c.users.list(),
  'users.get': (c) => c.users.get('US1'),
  'conversations.markAsRead': (c) => c.conversations.markAsRead('CN1'),
  'conversations.markAsDone': (c) => c.conversations.markAsDone('CN1'),
  'conversations.markAsOpen': (c) => c.conversations.markAsOpen('CN1'),
  'messages.retry': (c) => c.messages.retry('AC1'),
  'webhooks.create': (c) => c.webhooks.create({ url: 'https://example.com/h', events: ['message.received'] }),
  'webhooks.list': (c) => c.webhooks.list(),
  'webhooks.get': (c) => c.webhooks.get('1'),
  'webhooks.update': (c) => c.webhooks.update('1', { label: 'renamed' }),
  'webhooks.delete': (c) => c.webhooks.delete('1'),
  'webhooks.rotateSecret': (c) => c.webhooks.rotateSecret('1'),
  'webhooks.deliveries': (c) => c.webhooks.deliveries('1'),
  'webhooks.delivery': (c) => c.webhooks.delivery('1', 'EV1'),
  'webhooks.retryDelivery': (c) => c.webhooks.retryDelivery('1', 'EV1'),
  'webhooks.sendTestEvent': (c) => c.webhooks.sendTestEvent('1', { eventType: 'message.received' }),
  'legacyWebhooks.list': (c) => c.legacyWebhooks.list(),
  'legacyWebhooks.get': (c) => c.legacyWebhooks.get('WH1'),
  'legacyWebhooks.delete': (c) => c.legacyWebhooks.delete('WH1'),
  'legacyWebhooks.createForMessages': (c) => c.legacyWebhooks.createForMessages({ url: 'https://example.com/h', events: ['message.received'] }),
  'legacyWebhooks.createForCalls': (c) => c.legacyWebhooks.createForCalls({ url: 'https://example.com/h', events: ['call.completed'] }),
  'legacyWebhooks.createForCallSummaries': (c) =>
    c.legacyWebhooks.createForCallSummaries({ url: 'https://example.com/h', events: ['call.summary.completed'] }),
  'legacyWebhooks.createForCallTranscripts': (c) =>
    c.legacyWebhooks.createForCallTranscripts({ url: 'https://example.com/h', events: ['call.transcript.completed'] }),
};

/** Runs every resource method against a fetch that records which spec operation each one called. */
async function wrappedOperations(): Promise<Map<string, string>> {
  let current = '';
  const byOperation = new Map<string, string>();
  const client = new OpenPhone({
    apiKey: 'coverage-test-key',
    rateLimit: false,
    fetch: async (request) => {
      const { operationId } = matcher.match(request.method, new URL(request.url).pathname);
      byOperation.set(operationId ?? `${request.method} ${request.url}`, current);
      return request.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : Response.json({ data: [], nextPageToken: null });
    },
  });
  for (const [name, call] of Object.entries(calls)) {
    current = name;
    // One answer serves every operation, so a `data` of another shape than the method's is refused (APIError) after the operation was recorded.
    await Promise.resolve(call(client)).catch((error: unknown) => {
      if (!(error instanceof APIError)) throw error;
    });
  }
  return byOperation;
}

interface Coverage {
  /** Operations with neither a method nor an entry in `deliberatelyUnwrapped`: new in the spec, not wrapped yet. */
  readonly notWrappedYet: string[];
  /** Entries of `deliberatelyUnwrapped` naming an operation the spec lacks, or one a method wraps after all. */
  readonly staleEntries: string[];
  /** Entries whose reason says nothing. */
  readonly unexplained: string[];
}

function coverage(operationIds: readonly string[], wrapped: ReadonlyMap<string, string>, unwrapped: Readonly<Record<string, string>>): Coverage {
  const known = new Set(operationIds);
  const entries = Object.entries(unwrapped);
  return {
    notWrappedYet: operationIds.filter((id) => !wrapped.has(id) && !(id in unwrapped)),
    staleEntries: entries.filter(([id]) => !known.has(id) || wrapped.has(id)).map(([id]) => id),
    unexplained: entries.filter(([, reason]) => reason.trim().length < 10).map(([id]) => id),
  };
}

describe('facade coverage of the spec', () => {
  it('wraps every operation or lists it as deliberately unwrapped, reporting new ones without failing', async () => {
    const result = coverage(specOperations.map((op) => op.operationId), await wrappedOperations(), deliberatelyUnwrapped);
    // A regenerated spec that only grows stays green: its new operations are reported here (and in the drift report),
    // and client.raw already serves them.
    if (result.notWrappedYet.length > 0) console.warn(`operations not wrapped yet (reach them through client.raw): ${result.notWrappedYet.join(', ')}`);
    expect(result.staleEntries, 'entries of src/resources/unwrapped.ts to remove').toEqual([]);
    expect(result.unexplained, 'entries of src/resources/unwrapped.ts without a reason').toEqual([]);
  });

  it('tells each kind of gap apart', () => {
    const wrapped = new Map([['getThing', 'things.get']]);
    const result = coverage(['getThing', 'listThings', 'deleteThing', 'rotateThing'], wrapped, {
      deleteThing: 'Deletes cannot be undone from a script; use the dashboard.',
      getThing: 'Listed although things.get wraps it.',
      goneThing: 'The spec no longer has this operation.',
      rotateThing: 'tbd',
    });
    expect(result).toEqual({ notWrappedYet: ['listThings'], staleEntries: ['getThing', 'goneThing'], unexplained: ['rotateThing'] });
  });

  it('covers both surfaces', async () => {
    const wrapped = await wrappedOperations();
    const surfacesCalled = new Set(specOperations.filter((op) => wrapped.has(op.operationId)).map((op) => op.surface));
    expect([...surfacesCalled].sort()).toEqual(['2026-03-30', 'v1']);
  });

  it('calls only operations the spec has, one method per operation', async () => {
    const wrapped = await wrappedOperations();
    const known = new Set<string>(specOperations.map((op) => op.operationId));
    expect([...wrapped.keys()].filter((id) => !known.has(id))).toEqual([]);
    expect(wrapped.size).toBe(Object.keys(calls).length);
  });

  it('exposes each method named in the table on the client', () => {
    const client = new OpenPhone({ apiKey: 'coverage-test-key' });
    for (const name of Object.keys(calls)) {
      const [resource, method] = name.split('.') as [keyof OpenPhone, string];
      expect(typeof (client[resource] as unknown as Record<string, unknown>)[method], name).toBe('function');
    }
  });
});
