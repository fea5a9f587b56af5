import { request as httpRequest, createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../../src/webhooks/headers.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { callCompleted } from './fixtures.js';
import { LEGACY_KEY, WHSEC, expectRefusal, legacySignature, standardHeaders } from './support.js';

const NOW = new Date('2026-04-10T09:30:10.000Z');
const BODY = JSON.stringify(callCompleted);
const standard = standardHeaders(WHSEC, 'msg_1', NOW, BODY);
const legacy = { 'openphone-signature': legacySignature(LEGACY_KEY, NOW.getTime(), BODY) };
/** What every accepted delivery here resolves to, whichever container the headers came in. */
const accepted = { event: callCompleted, signedAt: NOW };

/** Sends headers through a real Node HTTP server and returns them as Node hands them to a handler. */
async function throughNode(headers: Record<string, string | string[]>): Promise<IncomingHttpHeaders> {
  const server = createServer((req, res) => {
    res.end();
    server.emit('seen', req.headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const seen = new Promise<IncomingHttpHeaders>((resolve) => server.once('seen', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', headers }, (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      req.end(BODY);
    });
    return await seen;
  } finally {
    server.close();
  }
}

function withNameCase(headers: Record<string, string>, rename: (name: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [rename(name), value]));
}

const zigzag = (name: string) => [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');

describe.each([
  ['Standard Webhooks', standard, WHSEC],
  ['openphone-signature', legacy, LEGACY_KEY],
] as const)('%s headers', (_scheme, headers, secret) => {
  const verify = (given: Parameters<typeof verifyWebhook>[1]) => verifyWebhook(BODY, given, secret, { now: NOW });

  it('are read from a fetch Headers object', async () => {
    await expect(verify(new Headers(withNameCase(headers, (name) => name.toUpperCase())))).resolves.toMatchObject(accepted);
  });

  it.each([
    ['lower case', (name: string) => name],
    ['upper case', (name: string) => name.toUpperCase()],
    ['mixed case', zigzag],
    ['title case', (name: string) => name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())],
  ])('are read from a plain object with %s names', async (_label, rename) => {
    await expect(verify(withNameCase(headers, rename))).resolves.toMatchObject(accepted);
  });

  it('are read from Node IncomingHttpHeaders', async () => {
    const received = await throughNode(withNameCase(headers, zigzag));

    await expect(verify(received)).resolves.toMatchObject(accepted);
  });

  it('are read from a Map keyed by lower-case names', async () => {
    await expect(verify(new Map(Object.entries(headers)))).resolves.toMatchObject(accepted);
  });

  it('are read when a value comes as a one-element array', async () => {
    const arrays = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));

    await expect(verify(arrays)).resolves.toMatchObject(accepted);
  });
});

describe('repeated and unusual header values', () => {
  const verify = (headers: Parameters<typeof verifyWebhook>[1], secret = WHSEC) => verifyWebhook(BODY, headers, secret, { now: NOW });

  it('joins a repeated signature header the way Headers and Node do, so any value may match', async () => {
    const values = [`v1,${'A'.repeat(43)}=`, standard['webhook-signature']];
    const received = await throughNode({ ...standard, 'webhook-signature': values });

    await expect(verify({ ...standard, 'webhook-signature': values })).resolves.toMatchObject(accepted);
    await expect(verify(received)).resolves.toMatchObject(accepted);
    const joined = new Headers();
    for (const value of values) joined.append('webhook-signature', value);
    joined.set('webhook-id', standard['webhook-id']);
    joined.set('webhook-timestamp', standard['webhook-timestamp']);
    await expect(verify(joined)).resolves.toMatchObject(accepted);
  });

  it('accepts repeated openphone-signature values', async () => {
    const other = legacySignature(WHSEC.slice(6), NOW.getTime(), BODY);

    await expect(verify({ 'openphone-signature': [other, legacy['openphone-signature']] }, LEGACY_KEY)).resolves.toMatchObject(accepted);
  });

  it('treats an empty value as a missing header', async () => {
    const error = await expectRefusal(verify({ ...standard, 'webhook-id': '  ' }), 'missing_header');
    expect(error.header).toBe('webhook-id');
  });

  it.each([
    ['a number', 1775813410],
    ['an array holding a non-string', ['v1,x', 7]],
    ['an object', { value: 'x' }],
  ])('refuses a header value that is %s as malformed', async (_label, value) => {
    const error = await expectRefusal(verify({ ...standard, 'webhook-timestamp': value as never }), 'malformed_header');
    expect(error.header).toBe('webhook-timestamp');
  });

  it('refuses headers whose getter throws as malformed instead of throwing', async () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );

    await expectRefusal(verify(hostile), 'malformed_header');
  });

  it.each([null, undefined, 'webhook-id: x', 42])('refuses %j in place of headers as missing ones', async (value) => {
    await expectRefusal(verify(value as never), 'missing_header');
  });
});

describe('readHeader', () => {
  it('ignores inherited properties of a plain object', () => {
    const inherited = Object.create({ 'webhook-id': 'msg_1' }) as object;

    expect(readHeader(inherited, 'webhook-id')).toEqual({ kind: 'absent' });
    expect(readHeader({}, 'constructor')).toEqual({ kind: 'absent' });
  });

  it('trims surrounding white space', () => {
    expect(readHeader({ 'Webhook-Id': '  msg_1 \t' }, 'webhook-id')).toEqual({ kind: 'text', text: 'msg_1' });
  });
});
