import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenPhone, ValidationError, type SendMessageOptions } from '../../src/index.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';

/** Options that cannot be used must refuse the call before any request, never fail open or after sending. */

const KEY = 'sk_live_fail_open_options_5b2c';
const SENT = JSON.stringify({ data: { id: 'AC1', text: 'x', to: ['+15555550123'], from: '+15555550100' } });
/** Three GSM-7 segments: a guard of one or two must stop it. */
const LONG = 'x'.repeat(400);

let server: RawServer;
beforeAll(async () => {
  // A slow answer: a timeout that fired at once would be a TimeoutError after the text went out.
  server = await startRawServer((_req, res) => setTimeout(() => reply(res, 202, SENT), 20));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = () => new OpenPhone({ apiKey: KEY, baseUrl: server.url, rateLimit: false });
const send = (options: unknown) => client().messages.send({ from: '+15555550100', to: '+15555550123', content: LONG }, options as SendMessageOptions);

/** [what, the options of one send, the field the refusal must name] */
const REFUSED: readonly [string, unknown, string][] = [
  ['timeout 0', { timeout: 0 }, 'timeout'],
  ['timeout -1', { timeout: -1 }, 'timeout'],
  ['timeout NaN', { timeout: NaN }, 'timeout'],
  ['timeout as text', { timeout: '500' }, 'timeout'],
  ['timeout beyond what a timer holds', { timeout: 2 ** 31 }, 'timeout'],
  ['maxSegments NaN', { maxSegments: NaN }, 'maxSegments'],
  ['maxSegments "abc"', { maxSegments: 'abc' }, 'maxSegments'],
  ['maxSegments {}', { maxSegments: {} }, 'maxSegments'],
  ['a misspelt maxSegment', { maxSegment: 1 }, 'maxSegment'],
  ['maxCostUsd NaN', { maxCostUsd: NaN }, 'maxCostUsd'],
  ['maxCostUsd "abc"', { maxCostUsd: 'abc' }, 'maxCostUsd'],
  ['maxCostUsd {}', { maxCostUsd: {} }, 'maxCostUsd'],
  ['retry.maxRetries NaN', { retry: { maxRetries: NaN } }, 'retry.maxRetries'],
  ['retry.maxRetries -1', { retry: { maxRetries: -1 } }, 'retry.maxRetries'],
  ['a misspelt retry.maxRetry', { retry: { maxRetry: 0 } }, 'retry.maxRetry'],
  ['retry true', { retry: true }, 'retry'],
  ['onRetry 5', { onRetry: 5 }, 'onRetry'],
  ['a signal that is not an AbortSignal', { signal: { aborted: false } }, 'signal'],
  ['a header value with CRLF', { headers: { 'X-Note': 'a\r\nX-Injected: 1' } }, 'headers'],
  ['a header value with a lone LF', { headers: { 'X-Note': 'a\nb' } }, 'headers'],
  ['a header name with a space', { headers: { 'X Note': 'a' } }, 'headers'],
  ['a header name with a colon', { headers: { 'X-Note:': 'a' } }, 'headers'],
  ['an empty header name', { headers: { '': 'a' } }, 'headers'],
  ['maxQueueWait NaN', { maxQueueWait: NaN }, 'maxQueueWait'],
  ['maxQueueWait -1', { maxQueueWait: -1 }, 'maxQueueWait'],
  ['a misspelt call option', { timout: 5000 }, 'timout'],
];

describe('per-call options that cannot be used', () => {
  it.each(REFUSED)('%s: a ValidationError naming the option, before any request', async (_what, options, field) => {
    const error = await send(options).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field })]);
    expect(server.requests).toEqual([]);
  });
});

describe('per-call options that are fine', () => {
  it.each([
    ['timeout Infinity, as no timeout', { timeout: Infinity }],
    ['maxSegments 3, as many as the text takes', { maxSegments: 3 }],
    ['retry false', { retry: false }],
    ['retry.maxRetries 0', { retry: { maxRetries: 0 } }],
    ['an AbortSignal', { signal: new AbortController().signal }],
    ['a header with a tab', { headers: { 'X-Note': 'a\tb' } }],
    ['maxQueueWait 0', { maxQueueWait: 0 }],
    ['an option left undefined', { timeout: undefined, maxSegment: undefined }],
  ])('%s: sends once', async (_what, options) => {
    await expect(send(options)).resolves.toMatchObject({ id: 'AC1' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('client options that cannot be used', () => {
  it.each([
    ['timeout 0', { timeout: 0 }, 'timeout'],
    ['timeout NaN', { timeout: NaN }, 'timeout'],
    ['onRetry 5', { onRetry: 5 }, 'onRetry'],
    ['maxQueueWait -1', { maxQueueWait: -1 }, 'maxQueueWait'],
    ['a header with CRLF', { headers: { 'X-Note': 'a\r\nb' } }, 'headers'],
    ['maxResponseBytes 0', { maxResponseBytes: 0 }, 'maxResponseBytes'],
    ['a misspelt option', { maxRetry: 1 }, 'maxRetry'],
  ])('%s: a ValidationError naming it, at construction', (_what, options, field) => {
    expect(() => new OpenPhone({ apiKey: KEY, baseUrl: server.url, ...(options as object) })).toThrow(
      expect.objectContaining({ name: 'ValidationError', issues: [expect.objectContaining({ field })] }),
    );
  });

  it('a client timeout of Infinity is no timeout, with the rate limiter on too: the call waits for the answer', async () => {
    const c = new OpenPhone({ apiKey: KEY, baseUrl: server.url, timeout: Infinity });
    await expect(c.messages.send({ from: '+15555550100', to: '+15555550123', content: 'hi' })).resolves.toMatchObject({ id: 'AC1' });
  });

  it('a baseUrl with credentials is refused without echoing them', () => {
    const password = 'hunter2-secret-password';
    let error: unknown;
    try {
      new OpenPhone({ apiKey: KEY, baseUrl: `http://someone:${password}@127.0.0.1:1` });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([expect.objectContaining({ field: 'baseUrl', rule: 'url' })]);
    expect(JSON.stringify(error)).not.toContain(password);
    expect(String((error as Error).stack)).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain('someone');
  });
});

describe('withOptions({ apiKey })', () => {
  it('switches the key the new client sends, and leaves the first client on its own', async () => {
    const first = client();
    const second = first.withOptions({ apiKey: 'sk_live_other_key_for_b_77' });
    await second.messages.send({ from: '+15555550100', to: '+15555550123', content: 'hi' });
    await first.messages.send({ from: '+15555550100', to: '+15555550123', content: 'hi' });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['sk_live_other_key_for_b_77', KEY]);
  });

  it('gives the new key its own rate-limit budget', () => {
    const first = new OpenPhone({ apiKey: KEY, baseUrl: server.url, rateLimit: { limit: 3, interval: 1000 } });
    const second = first.withOptions({ apiKey: 'sk_live_other_key_for_b_78', rateLimit: { limit: 7, interval: 1000 } });
    expect(first.rateLimit?.limit).toBe(3);
    expect(second.rateLimit?.limit).toBe(7);
  });
});
