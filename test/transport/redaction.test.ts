import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone, type OpenPhoneError } from '../../src/index.js';
import { REDACTED, redact, redactText } from '../../src/internal/transport/redact.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';
import { renderings } from '../helpers/error-renderings.js';

const KEY = 'sk_live_status_text_7d1e';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failureFrom(url: string, apiKey: string, maxRetries = 0): Promise<OpenPhoneError> {
  const c = new OpenPhone({ apiKey, baseUrl: url, rateLimit: false, maxRetries });
  try {
    c.unwrap(await c.raw.GET('/v1/phone-numbers'));
  } catch (error) {
    return error as OpenPhoneError;
  }
  throw new Error('expected the call to fail');
}

describe('the key never appears in an error', () => {
  it('not when a proxy echoes Authorization in the status text of a bodiless error', async () => {
    server = await startRawServer((req, res) => {
      res.writeHead(401, `Unauthorized ${String(req.headers.authorization)}`);
      res.end();
    });
    const error = await failureFrom(server.url, KEY);
    expect(error.status).toBe(401);
    expect(error.message).toContain(`Unauthorized ${REDACTED}`);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('not when the key is echoed in the status text of a 5xx, retried and then given up', async () => {
    server = await startRawServer((req, res) => {
      res.writeHead(503, `Down for ${String(req.headers.authorization)}`, { 'x-key': String(req.headers.authorization) });
      res.end('<html>down</html>');
    });
    const error = await failureFrom(server.url, KEY, 1);
    expect(error.headers['x-key']).toBe(REDACTED);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });

  it('not when a success body is unreadable and echoes the key', async () => {
    server = await startRawServer((req, res) => reply(res, 200, `<p>${String(req.headers.authorization)}</p>`, { 'content-type': 'text/html', 'x-echo': String(req.headers.authorization) }));
    const error = await failureFrom(server.url, KEY);
    for (const text of renderings(error)) expect(text).not.toContain(KEY);
  });
});

describe('redaction replaces whole values, never parts of words', () => {
  it('a one-letter key leaves header values such as chunked alone', async () => {
    server = await startRawServer((_req, res) => {
      res.writeHead(500, 'Internal Server Error', { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'x-key': 'k' });
      res.end('{"message":"broken for key k"}');
    });
    const error = await failureFrom(server.url, 'k');
    expect(error.headers['transfer-encoding']).toBe('chunked');
    expect(error.headers['content-type']).toBe('application/json');
    expect(error.headers['x-key']).toBe(REDACTED);
    expect(error.message).toContain(`broken for key ${REDACTED}`);
  });

  it.each([
    ['k', 'chunked', 'chunked'],
    ['k', 'k', REDACTED],
    ['k', 'key=k;', `key=${REDACTED};`],
    [KEY, `Authorization: ${KEY}`, `Authorization: ${REDACTED}`],
    [KEY, `x${KEY}${KEY}`, `x${REDACTED}${REDACTED}`],
    [KEY, `"${KEY}"`, `"${REDACTED}"`],
    ['abc', 'xabc abc abcx', `xabc ${REDACTED} abcx`],
    ['+k+', 'a+k+b', `a${REDACTED}b`],
  ])('key %j in %j gives %j', (secret, text, expected) => {
    expect(redactText(text, secret)).toBe(expected);
  });

  it('redacts object keys and nested values, and leaves class instances alone', () => {
    const date = new Date(0);
    expect(redact({ [KEY]: [KEY, { deep: `x ${KEY}` }], date }, KEY)).toEqual({ [REDACTED]: [REDACTED, { deep: `x ${REDACTED}` }], date });
  });
});
