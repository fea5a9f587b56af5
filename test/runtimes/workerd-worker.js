// Runs inside workerd (`workerd test`): the built main entry, bundled as a Worker would be.
import { OpenPhone, TimeoutError, ValidationError, estimateSegments } from 'openphone-sdk';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function rejectsWith(promise, ErrorClass) {
  try {
    await promise;
  } catch (error) {
    check(error instanceof ErrorClass, `expected ${ErrorClass.name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  throw new Error(`expected ${ErrorClass.name}, got a result`);
}

const page = () => new Response(JSON.stringify({ data: [], nextCursor: null }), { status: 200, headers: { 'content-type': 'application/json' } });

export default {
  async test(_controller, env) {
    check(String(typeof FinalizationRegistry) === env.EXPECT_FINALIZATION_REGISTRY, `FinalizationRegistry is ${typeof FinalizationRegistry} at this date`);

    // No process.env here: a missing key is the SDK's own error.
    try {
      new OpenPhone();
      throw new Error('expected a ValidationError');
    } catch (error) {
      check(error instanceof ValidationError && error.issues[0].field === 'apiKey', `got ${error?.name}: ${error?.message}`);
    }

    const requests = [];
    const client = new OpenPhone({ apiKey: 'workerd-key', fetch: async (request, init) => (requests.push({ request, init }), page()) });
    const listed = await client.phoneNumbers.list();
    check(Array.isArray(listed.data), 'a page of phone numbers');
    check(requests.length === 1 && requests[0].request.headers.get('authorization') === 'workerd-key', 'the key is sent');
    check(requests[0].init.signal instanceof AbortSignal, 'the fetch gets a per-attempt signal');

    const stalled = new OpenPhone({
      apiKey: 'workerd-key',
      rateLimit: false,
      maxRetries: 0,
      timeout: 100,
      fetch: async () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"data":')) }), { status: 200 }),
    });
    await rejectsWith(stalled.raw.GET('/v1/phone-numbers'), TimeoutError);

    check(estimateSegments('Hello from a Worker').segments === 1, 'one segment');
  },
};
