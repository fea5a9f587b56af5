import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone, ValidationError } from '../../src/index.js';
import { SDK_VERSION } from '../../src/internal/version.js';
import { withThrowingGetter } from '../helpers/throwing-getter.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

const PAGE = JSON.stringify({ data: [], totalItems: 0, nextPageToken: null });

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function thrown(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error('expected the constructor to throw');
}

/** Runs `body` with `process.env` replaced, as a runtime that refuses environment access would have it. */
function withEnvironment<T>(env: Record<string, string | undefined>, body: () => T): T {
  const original = process.env;
  process.env = env as NodeJS.ProcessEnv;
  try {
    return body();
  } finally {
    process.env = original;
  }
}

/** What Deno does without --allow-env: every read of the environment throws NotCapable. */
const refusingEnvironment = new Proxy({} as Record<string, string | undefined>, {
  get() {
    throw Object.assign(new Error('Requires env access to "OPENPHONE_API_KEY", run again with the --allow-env flag'), { name: 'NotCapable' });
  },
});

describe('the API key is checked when the client is built', () => {
  it.each([123, null, true, { key: 'x' }, ['k']])('apiKey %o is a ValidationError naming the field', (apiKey) => {
    const error = thrown(() => new OpenPhone({ apiKey: apiKey as unknown as string }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([{ field: 'apiKey', rule: 'type', value: '[REDACTED]' }]);
  });

  it.each(['key\u0100', 'ключ123', 'emoji🔑'])('a key with characters above U+00FF (%j) fails at construction', (apiKey) => {
    const error = thrown(() => new OpenPhone({ apiKey }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([{ field: 'apiKey', rule: 'format' }]);
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });

  it('without environment access (Deno without --allow-env) a missing key is the SDK’s ValidationError', () => {
    const error = withEnvironment(refusingEnvironment, () => thrown(() => new OpenPhone()));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([{ field: 'apiKey', rule: 'required' }]);
  });

  it('without environment access a client with options in code still works', async () => {
    server = await startRawServer((_req, res) => reply(res, 200, PAGE));
    // Node loads its fetch lazily and reads the environment as it does: load it first, as Deno has no such step.
    await (await fetch(server.url)).arrayBuffer();
    const c = withEnvironment(refusingEnvironment, () => new OpenPhone({ apiKey: 'k-no-env', baseUrl: server!.url, rateLimit: false }));
    await expect(c.phoneNumbers.list()).resolves.toMatchObject({ data: [] });
    expect(server.requests).toHaveLength(2);
  });
});

describe('base URL and headers', () => {
  it('takes the base URL from OPENPHONE_BASE_URL when none is given', async () => {
    server = await startRawServer((_req, res) => reply(res, 200, PAGE));
    const c = withEnvironment({ OPENPHONE_BASE_URL: `${server.url}/` }, () => new OpenPhone({ apiKey: 'k-env-url', rateLimit: false }));
    expect(c.baseUrl).toBe(server.url);
    await c.phoneNumbers.list();
    expect(server.requests).toHaveLength(1);
  });

  it('sends User-Agent, Accept, the client’s headers and the call’s, with the key untouched', async () => {
    server = await startRawServer((_req, res) => reply(res, 200, PAGE));
    const c = new OpenPhone({ apiKey: 'k-headers', baseUrl: server.url, rateLimit: false, headers: { 'X-Team': 'billing', 'X-Both': 'client' } });
    await c.phoneNumbers.list({}, { headers: { 'X-Request-Id': 'r-1', 'X-Both': 'call' } });
    await c.raw.GET('/v1/phone-numbers');
    const [first, second] = server.requests.map((r) => r.headers);
    expect(first).toMatchObject({
      'user-agent': `openphone-sdk/${SDK_VERSION} node/${process.versions.node}`,
      accept: 'application/json',
      authorization: 'k-headers',
      'x-team': 'billing',
      'x-both': 'call',
      'x-request-id': 'r-1',
    });
    expect(second).toMatchObject({ 'x-both': 'client', 'x-team': 'billing' });
    expect(second!['x-request-id']).toBeUndefined();
  });

  it.each(['Authorization', 'authorization', 'Quo-Api-Version'])('%s cannot be set by the client’s or a call’s headers', async (name) => {
    const error = thrown(() => new OpenPhone({ apiKey: 'k-protected', headers: { [name]: 'sk_other' } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toMatchObject([{ field: 'headers', value: '[REDACTED]' }]);
    const c = new OpenPhone({ apiKey: 'k-protected', rateLimit: false });
    await expect(c.phoneNumbers.list({}, { headers: { [name]: 'sk_other' } })).rejects.toBeInstanceOf(ValidationError);
  });

  it('a header value that is not a string is a ValidationError', () => {
    expect(thrown(() => new OpenPhone({ apiKey: 'k', headers: { 'X-Count': 3 as unknown as string } }))).toBeInstanceOf(ValidationError);
  });

  it('the version in the User-Agent is the package’s', () => {
    expect(SDK_VERSION).toBe((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
  });
});

describe('options whose getter throws', () => {
  it.each(['apiKey', 'baseUrl', 'timeout', 'headers', 'rateLimit'])('are a ValidationError naming %s when the client is built', (name) => {
    const error = thrown(() => new OpenPhone(withThrowingGetter(name, { apiKey: 'k-getters' })));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: name, rule: 'readable' })]);
  });

  it('inside rateLimit are a ValidationError naming the nested field', () => {
    const error = thrown(() => new OpenPhone({ apiKey: 'k-getters', rateLimit: withThrowingGetter('limit') }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'rateLimit.limit', rule: 'readable' })]);
  });

  it('in withOptions are a ValidationError naming the option', () => {
    const client = new OpenPhone({ apiKey: 'k-getters', rateLimit: false });
    const error = thrown(() => client.withOptions(withThrowingGetter('maxRetries')));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'maxRetries', rule: 'readable' })]);
  });
});

describe('unknown options', () => {
  it.each([
    [{ baseURL: 'http://127.0.0.1:4010' }, 'baseURL', 'unknown option `baseURL`: did you mean `baseUrl`?'],
    [{ maxRetires: 5 }, 'maxRetires', 'unknown option `maxRetires`: did you mean `maxRetries`?'],
    [{ rateLimit: { limt: 5 } }, 'rateLimit.limt', 'unknown option `rateLimit.limt`: did you mean `rateLimit.limit`?'],
  ])('are refused when the client is built, with the nearest known name: %o', (options, field, message) => {
    const error = thrown(() => new OpenPhone({ apiKey: 'k-unknown', ...options } as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ field, value: undefined, rule: 'unknown', message }]);
  });

  it('are named without their value, which may be a key under a misspelt name', () => {
    const error = thrown(() => new OpenPhone({ apiKey: 'k-unknown', apikey: 'sk-misspelt-secret' } as never)) as ValidationError;
    expect(error.message).toMatch(/did you mean `apiKey`\?/);
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain('sk-misspelt-secret');
  });

  it('list the known names when none is close', () => {
    const error = thrown(() => new OpenPhone({ apiKey: 'k-unknown', proxy: 'http://proxy' } as never)) as ValidationError;
    expect(error.message).toMatch(/unknown option `proxy` \(known: `apiKey`, `baseUrl`, .*`logContent`.*\)/);
  });

  it('are refused by withOptions too', () => {
    const client = new OpenPhone({ apiKey: 'k-unknown', rateLimit: false });
    expect(() => client.withOptions({ timeot: 5 } as never)).toThrow(/unknown option `timeot`: did you mean `timeout`\?/);
  });
});
