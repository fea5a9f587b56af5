/**
 * Every function the package's entry points export, called with arbitrary
 * values for every argument, returns a result or throws the typed error it
 * documents; nothing else escapes. A new export fails the first test until it
 * is given a property here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import * as phone from '../src/lib/phone/normalize.js';
import * as redis from '../src/redis/index.js';
import * as sandbox from '../src/sandbox/index.js';
import * as webhooks from '../src/webhooks/index.js';

const RUNS = 150;

const throwingGetter = fc
  .constantFrom('to', 'rates', 'smartEncoding', 'now', 'toleranceSeconds', 'scheme', 'secret', 'apiKey', 'baseUrl', 'fetch', 'strict', 'field', 'defaultCountry', 'length', '0')
  .map((name) =>
    Object.defineProperty({ [fc.toStringMethod]: () => `{ get ${name}() { throw } }` }, name, {
      enumerable: true,
      get() {
        throw new Error(`the ${name} getter throws`);
      },
    }),
  );
/** Any value, including the shapes fuzzing found trouble with: lone surrogates, sparse arrays, null prototypes, throwing getters, huge strings. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
  }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('\uD800', '\uDFFF', ' ', '+', '1', 'P', 'N') }),
  throwingGetter,
  // biome-ignore lint/suspicious/noSparseArray: a list with a hole is one of the bad inputs.
  fc.constantFrom(null, undefined, '', '+15555550123', 'PN123abc', [, '+15555550123'], new Proxy({}, {})),
);
const args = (count: number) => fc.array(anyValue, { minLength: 0, maxLength: count });

type Outcome = { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown };

async function outcome(call: () => unknown): Promise<Outcome> {
  try {
    return { kind: 'returned', value: await call() };
  } catch (error) {
    return { kind: 'threw', error };
  }
}

interface FunctionProperty {
  /** How many arguments to pass at most. */
  readonly arity: number;
  /** The errors the function documents; `[]` when it documents none. */
  readonly throws: readonly (abstract new (
    ...args: never[]
  ) => Error)[];
  /** Checks a returned value; by default any value is fine. */
  readonly returned?: (value: unknown) => void;
}

/** Fetch that answers 404 at once: resource methods get as far as the request, and end in a typed error. */
const notFound = async () => Response.json({ message: 'Not found', code: '404' }, { status: 404 });

const FUNCTIONS: Record<string, Record<string, FunctionProperty>> = {
  'openphone-sdk': {
    isE164: { arity: 2, throws: [], returned: (value) => expect(typeof value).toBe('boolean') },
    assertE164: { arity: 3, throws: [root.ValidationError] },
    estimateSegments: { arity: 3, throws: [root.ValidationError] },
    estimateCost: { arity: 3, throws: [root.ValidationError] },
    describeValue: { arity: 2, throws: [], returned: (value) => expect(typeof value).toBe('string') },
    verifyWebhook: { arity: 5, throws: [root.WebhookVerificationError] },
    signWebhook: { arity: 5, throws: [root.WebhookVerificationError, root.ValidationError] },
    refusalStatus: { arity: 2, throws: [], returned: (value) => expect([400, 401, 413, 500]).toContain(value) },
    createWebhookHandler: { arity: 2, throws: [root.ValidationError] },
    isReconciled: { arity: 2, throws: [], returned: (value) => expect(typeof value).toBe('boolean') },
  },
  'openphone-sdk/phone': {
    normalizePhoneNumber: { arity: 3, throws: [root.ValidationError] },
  },
  'openphone-sdk/webhooks': {},
  'openphone-sdk/redis': {},
  'openphone-sdk/sandbox': {
    errorRate: { arity: 3, throws: [RangeError] },
    latency: { arity: 3, throws: [RangeError] },
    connectionResets: { arity: 3, throws: [RangeError] },
    sandboxOptionsFromArgs: { arity: 2, throws: [RangeError, TypeError] },
  },
};

/** Exports checked elsewhere, with why. */
const ELSEWHERE: Record<string, string> = {
  OpenPhone: 'a class: its constructor and every resource method are checked below',
  PagePromise: 'a class the resource methods construct; checked through them below',
  APIPromise: 'a class the resource methods construct; checked through them below',
  InProcessRateLimitStore: 'a class for rate-limit options; test/transport checks it',
  redisRateLimitStore: 'needs a Redis client; test/redis checks its options',
  redisDedupeStore: 'needs a Redis client; test/redis checks its options',
  startSandbox: 'starts a server; test/sandbox checks its options',
  runSandbox: 'starts a process; test/sandbox checks its options',
  connectSandbox: 'connects to a running sandbox; test/sandbox checks it',
};

const ENTRIES: Record<string, Record<string, unknown>> = {
  'openphone-sdk': root,
  'openphone-sdk/phone': phone,
  'openphone-sdk/webhooks': webhooks,
  'openphone-sdk/sandbox': sandbox,
  'openphone-sdk/redis': redis,
};

/** Error classes the SDK throws and callers catch; constructing them is not part of the API. */
function isErrorClass(value: unknown): boolean {
  return typeof value === 'function' && value.prototype instanceof Error;
}

function expectDocumented(result: Outcome, property: FunctionProperty): void {
  if (result.kind === 'returned') {
    property.returned?.(result.value);
    return;
  }
  const documented = property.throws.some((type) => result.error instanceof type);
  expect(documented, `threw ${String(result.error)}`).toBe(true);
}

describe('every exported function', () => {
  it('has a property below, or is checked elsewhere', () => {
    for (const [entry, exports] of Object.entries(ENTRIES)) {
      const functions = Object.entries(exports).filter(([, value]) => typeof value === 'function' && !isErrorClass(value));
      for (const [name] of functions) {
        const covered = name in FUNCTIONS[entry]! || name in ELSEWHERE || (entry === 'openphone-sdk/webhooks' && name in FUNCTIONS['openphone-sdk']!);
        expect(covered, `${entry} exports ${name}`).toBe(true);
      }
    }
  });

  for (const [entry, functions] of Object.entries(FUNCTIONS)) {
    for (const [name, property] of Object.entries(functions)) {
      it(`${entry} ${name}: any arguments give a result or ${property.throws.map((type) => type.name).join(' or ') || 'no error'}`, async () => {
        const fn = ENTRIES[entry]![name] as (...args: unknown[]) => unknown;
        await fc.assert(
          fc.asyncProperty(args(property.arity), async (values) => expectDocumented(await outcome(() => fn(...values)), property)),
          { numRuns: RUNS },
        );
      });
    }
  }

  it('the handler createWebhookHandler returns answers any request with a Response', async () => {
    const request = fc.record({
      method: fc.constantFrom('POST', 'GET', 'PUT'),
      body: fc.oneof(fc.string(), fc.uint8Array()),
      headers: fc.dictionary(fc.constantFrom('openphone-signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature'), fc.string()),
    });
    await fc.assert(
      fc.asyncProperty(anyValue, request, async (secret, { method, body, headers }) => {
        const handler = webhooks.createWebhookHandler({ secret: secret as string });
        const sent = new Request('http://127.0.0.1/hook', { method, body: method === 'GET' ? undefined : body, headers: safeHeaders(headers) });
        const response = await handler(sent);
        expect(response).toBeInstanceOf(Response);
      }),
      { numRuns: RUNS },
    );
  });
});

function safeHeaders(headers: Record<string, string>): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    try {
      result.set(name, value);
    } catch {
      // Not a value fetch allows in a header; leave it out.
    }
  }
  return result;
}

describe('the client', () => {
  it('is built from any options, or refuses them with a ValidationError', () => {
    fc.assert(
      fc.property(anyValue, (options) => {
        try {
          expect(new root.OpenPhone(options as root.OpenPhoneOptions)).toBeInstanceOf(root.OpenPhone);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(root.ValidationError);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const client = new root.OpenPhone({ apiKey: 'test-key', fetch: notFound, rateLimit: false, maxRetries: 0 });
  const methods = Object.entries(client)
    .filter(([, resource]) => typeof resource === 'object' && resource !== null && resource.constructor !== Object)
    .flatMap(([resourceName, resource]) =>
      publicMethodNames(resource)
        .filter((method) => method !== 'constructor' && typeof (resource as Record<string, unknown>)[method] === 'function')
        .map((method) => [`${resourceName}.${method}`, resource, method] as const),
    );

  it('has resource methods to check', () => {
    expect(methods.map(([name]) => name)).toEqual(expect.arrayContaining(['messages.send', 'contacts.delete', 'contacts.get']));
  });

  for (const [name, resource, method] of methods)
    it(`${name}: any arguments give a result or an OpenPhoneError`, async () => {
      const call = (...values: unknown[]) => (resource as Record<string, (...a: unknown[]) => unknown>)[method]!(...values);
      await fc.assert(
        fc.asyncProperty(args(3), async (values) => {
          const result = await outcome(async () => {
            const value = call(...values);
            // A page promise lists lazily: ask for the first page.
            return value instanceof root.PagePromise ? await value : value;
          });
          if (result.kind === 'threw') expect(result.error, String(result.error)).toBeInstanceOf(root.OpenPhoneError);
        }),
        { numRuns: 60 },
      );
    });
});

/** A resource's methods: its class's and its derived base's, up to the shared base that declares `callOperation` (or `Object`). */
function publicMethodNames(resource: object): string[] {
  const names = new Set<string>();
  for (let prototype = Object.getPrototypeOf(resource); prototype && prototype !== Object.prototype && !Object.hasOwn(prototype, 'callOperation'); prototype = Object.getPrototypeOf(prototype)) {
    for (const name of Object.getOwnPropertyNames(prototype)) names.add(name);
  }
  return [...names];
}
