/**
 * Any process on the machine can reach a sandbox: oversized, deeply nested
 * and malformed requests get a 4xx, never a 500, a huge answer or a sandbox
 * that stops working.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index.js';
import { SlidingWindow } from '../../src/sandbox/rate-window.js';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../../src/sandbox/request-body.js';
import { FULLY_CHECKED_BODY_BYTES, MAX_LISTED_ISSUES } from '../../src/sandbox/spec-validation.js';
import { MAX_DELAY_MS, SEEDED_NUMBERS, connectSandbox, latency, startSandbox, type FaultRule, type Sandbox } from '../../src/sandbox/index.js';

const KEY = 'sandbox-hostile-key';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterAll(() => sandbox.close());

function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { authorization: KEY, 'content-type': 'application/json', ...headers }, body });
}

/** Still answering normally. */
async function stillServes(): Promise<void> {
  const response = await fetch(`${sandbox.url}/v1/phone-numbers`, { headers: { authorization: KEY } });
  expect(response.status).toBe(200);
  const stats = await fetch(`${sandbox.url}/_sandbox/stats`);
  expect(stats.status).toBe(200);
  await stats.json();
}

/**
 * Sends `chunks` of `size` bytes without a content-length. Resolves with the
 * sandbox's status, or the error code when it dropped the connection while the
 * upload was still being written, and how many chunks had gone by then.
 */
function streamUpload(chunks: number, size: number): Promise<{ outcome: number | string; sent: number }> {
  const url = new URL('/v1/messages', sandbox.url);
  let sent = 0;
  return new Promise((resolve) => {
    const upload = httpRequest(url, { method: 'POST', headers: { authorization: KEY, 'content-type': 'application/json' } }, (response) => {
      response.resume();
      resolve({ outcome: response.statusCode!, sent });
    });
    upload.on('error', (error: NodeJS.ErrnoException) => resolve({ outcome: error.code ?? error.message, sent }));
    const chunk = Buffer.alloc(size, 0x20);
    const write = () => {
      while (sent < chunks && !upload.destroyed) {
        sent += 1;
        if (!upload.write(chunk)) return void upload.once('drain', write);
      }
      upload.end();
    };
    write();
  });
}

describe('request bodies', () => {
  it(`answers 413 for a body declared larger than ${MAX_BODY_BYTES} bytes, before reading it`, async () => {
    const response = await post('/v1/messages', ' '.repeat(MAX_BODY_BYTES + 1));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain(String(MAX_BODY_BYTES));
    await stillServes();
  });

  it('answers 413 to a streamed upload of unknown length once it passes the limit, without buffering the rest', async () => {
    // 64 MiB offered; the sandbox answers and drops the connection after 1 MiB. Whether the client reads the 413
    // or sees the connection drop while still writing depends on timing; either way it never sends it all.
    const { outcome, sent } = await streamUpload(1024, 64 * 1024);
    expect([413, 'ECONNRESET', 'EPIPE']).toContain(outcome);
    expect(sent).toBeLessThan(1024);
    await stillServes();
  });

  it('accepts a body just under the limit as JSON', async () => {
    const filler = 'x'.repeat(MAX_BODY_BYTES - 200);
    const response = await post('/v1/contacts', JSON.stringify({ defaultFields: { firstName: 'Big' }, externalId: filler }));
    expect(response.status).not.toBe(413);
  });
});

describe('error answers stay small', () => {
  it('answers 200k invalid recipients (800 KB) with a small 400 naming the first problem', async () => {
    const body = JSON.stringify({ from: SEEDED_NUMBERS.main, to: Array.from({ length: 200_000 }, () => 'x'), content: 'Hi' });
    const response = await post('/v1/messages', body);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(2_000);
    expect((JSON.parse(text) as { errors: { path: string }[] }).errors).toEqual([expect.objectContaining({ path: '/to' })]);
  });

  it(`lists at most ${MAX_LISTED_ISSUES} issues of a smaller body and says how many more`, async () => {
    const body = JSON.stringify({ from: SEEDED_NUMBERS.main, to: Array.from({ length: 5000 }, () => 'x'), content: 'Hi' });
    expect(body.length).toBeLessThan(FULLY_CHECKED_BODY_BYTES);
    const response = await post('/v1/messages', body);
    const answer = (await response.json()) as { message: string; errors: { path: string }[] };
    expect(answer.errors.map((e) => e.path)).toEqual(['/to', ...Array.from({ length: MAX_LISTED_ISSUES - 1 }, (_, i) => `/to/${i}`)]);
    // One maxItems and 5000 pattern issues.
    expect(answer.message).toMatch(/; and 4981 more$/);
  });

  it('repeats only the start of a long value', async () => {
    const long = `+1${'5'.repeat(200_000)}`;
    const response = await post('/v1/messages', JSON.stringify({ from: SEEDED_NUMBERS.main, to: [long], content: 'Hi' }));
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(2_000);
    const [issue] = (JSON.parse(text) as { errors: { path: string; value: string }[] }).errors;
    expect(issue!.path).toBe('/to/0');
    expect(issue!.value).toBe(`${long.slice(0, 120)}…`);
  });

  it('summarises a large list or object rather than repeating it', async () => {
    const response = await post('/v1/messages', JSON.stringify({ from: SEEDED_NUMBERS.main, to: '+14155550123', content: Array.from({ length: 5000 }, () => 'word') }));
    const answer = (await response.json()) as { errors: { path: string; value: unknown }[] };
    expect(answer.errors).toContainEqual(expect.objectContaining({ path: '/content', value: '[a list of 5000 items]' }));
  });
});

describe('deep nesting', () => {
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('answers 400, not 500, for 100k levels of nesting, and keeps serving', async () => {
    const response = await post('/v1/messages', deep(100_000));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    await stillServes();
  });

  it('refuses the same nesting in an unknown field, so /_sandbox/stats never holds it', async () => {
    const response = await post('/v1/contacts', `{"defaultFields":{"firstName":"Deep"},"junk":${deep(100_000)}}`);
    expect(response.status).toBe(400);
    expect(sandbox.store.contacts.some((c) => c.defaultFields.firstName === 'Deep')).toBe(false);
    await stillServes();
  });

  it('counts brackets inside strings as text, not nesting', async () => {
    const response = await post('/v1/contacts', JSON.stringify({ defaultFields: { firstName: '['.repeat(1000) } }));
    expect(response.status).toBe(201);
  });
});

describe('malformed control input and request targets', () => {
  it('answers 400 for a null fault rule, and setFaults throws a RangeError', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'PUT', body: '[null]' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/fault rule 0: must be an object/);
    expect(() => sandbox.setFaults([null as unknown as FaultRule])).toThrow(RangeError);
    await expect(connectSandbox(sandbox.url).setFaults([{ method: 42 } as unknown as FaultRule])).rejects.toThrow(/method must be a string/);
  });

  it(`refuses a delay above ${MAX_DELAY_MS} ms, which a timer would turn into 1 ms`, async () => {
    const tooLong: FaultRule = { fault: { type: 'delay', ms: 2 ** 31 } };
    expect(() => sandbox.setFaults([tooLong])).toThrow(/ms must be a number from 0 to 2147483647/);
    expect(() => latency(2 ** 31)).toThrow(/ms must be a number from 0 to 2147483647/);
    expect(() => sandbox.setFaults(latency(MAX_DELAY_MS))).not.toThrow();
    sandbox.setFaults([]);
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify([{ fault: { type: 'delay', ms: 2 ** 32 } }]) });
    expect(response.status).toBe(400);
  });

  it('answers 400 for a request target that is not a URL (GET http://[::1)', async () => {
    const { port } = new URL(sandbox.url);
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET http://[::1 HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('end', () => resolve(received.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    await stillServes();
  });

  it('reports a malformed simulation as a ValidationError, not a crash', async () => {
    await expect(connectSandbox(sandbox.url).simulate.messageReceived({ from: 'nope' } as never)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('per-key rate windows', () => {
  it('forgets keys idle for a whole window, so memory follows the keys in use', () => {
    const window = new SlidingWindow(10, 1000);
    for (let i = 0; i < 40_000; i++) window.admit(`key-${i}`, i * 0.01);
    expect(window.trackedKeys).toBe(40_000);
    expect(window.admit('key-late', 1500)).toBe(0);
    expect(window.trackedKeys).toBe(1);
  });

  it('keeps the window of a key still in use', () => {
    const window = new SlidingWindow(2, 1000);
    window.admit('busy', 0);
    window.admit('busy', 900);
    window.admit('idle', 0);
    expect(window.admit('busy', 1001)).toBe(0);
    expect(window.trackedKeys).toBe(1);
    expect(window.admit('busy', 1002)).toBe(898);
  });
});
