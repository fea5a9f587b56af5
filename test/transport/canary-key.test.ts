import type { IncomingMessage, ServerResponse } from 'node:http';
import { format, inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPhone, type Logger, type LogLevel, type RetryEvent } from '../../src/index.js';
import { reply, startRawServer, type RawServer } from '../server/raw.js';
import { renderings } from '../helpers/error-renderings.js';

/**
 * A server that echoes the key it is sent everywhere it can: status text,
 * headers, Retry-After, trace, error and success bodies, a redirect's
 * Location, and glued inside other text. Whatever the SDK logs, hands to a
 * hook or throws, in any rendering, must not contain it.
 */

const CANARY = 'sk_live_CANARY_9f3e1d7b2a55';

type Answer = (key: string, response: ServerResponse, index: number) => void;

const json = (headers: Record<string, string>) => ({ 'content-type': 'application/json', ...headers });

/** Each way a server can hand the key back, by name. */
const SCENARIOS: Record<string, Answer> = {
  'Retry-After and a 429 body': (key, res, index) =>
    index === 0
      ? reply(res, 429, JSON.stringify({ message: `slow down ${key}`, trace: key }), json({ 'retry-after': `x${key}y`, 'x-echo': key }))
      : reply(res, 200, JSON.stringify({ data: { id: 'AC1', text: key }, trace: `x${key}y` }), json({ 'x-echo': key })),
  'a wrapped 5xx error body, header and status text': (key, res) => {
    res.writeHead(503, `Down ${key}`, json({ 'x-echo': key, 'retry-after': '0' }));
    res.end(JSON.stringify({ error: { message: `bad ${key}`, key, trace: `x${key}y` } }));
  },
  'a success that is not JSON': (key, res) => reply(res, 200, `<html>${key}</html>`, { 'content-type': 'text/html', 'x-echo': key }),
  'a dated 400 with field errors': (key, res) =>
    reply(res, 400, JSON.stringify({ title: key, message: `x${key}y`, docs: key, trace: key, errors: [{ path: '/to/0', message: key, value: key }] }), json({ 'x-echo': key })),
  'a redirect to a URL holding the key': (key, res) => reply(res, 307, key, { location: `http://127.0.0.1:1/${key}`, 'x-echo': key }),
  'a connection cut after headers echoing the key': (key, res) => {
    res.writeHead(200, json({ 'x-echo': key, 'content-length': '500' }));
    res.write(`{"data":{"id":"${key}`);
    setTimeout(() => res.socket?.destroy(), 10);
  },
};

const CONFIGS: readonly { logLevel: LogLevel; logContent: boolean }[] = (['debug', 'info', 'warn'] as const).flatMap((logLevel) => [false, true].map((logContent) => ({ logLevel, logContent })));

function hookRenderings(event: RetryEvent): string[] {
  return [JSON.stringify(event), inspect(event, { depth: 10 }), format('%o', event), ...(event.error ? renderings(event.error) : [])];
}

interface Sweep {
  checks: number;
  leaks: string[];
}

let server: RawServer;
/** How many requests each run has sent, by its `x-run` header (`<scenario>#<n>`). */
const served = new Map<string, number>();

beforeAll(async () => {
  server = await startRawServer((req: IncomingMessage, res: ServerResponse) => {
    const run = String(req.headers['x-run']);
    const index = served.get(run) ?? 0;
    served.set(run, index + 1);
    SCENARIOS[run.slice(0, run.lastIndexOf('#'))]!(String(req.headers.authorization), res, index);
  });
});
afterAll(() => server.close());

async function sweep(): Promise<Sweep> {
  const result: Sweep = { checks: 0, leaks: [] };
  let runs = 0;
  const check = (where: string, text: string) => {
    result.checks += 1;
    if (text.includes(CANARY)) result.leaks.push(`${where}: ${text.slice(0, 160)}`);
  };
  await Promise.all(
    CONFIGS.flatMap(({ logLevel, logContent }) =>
      Object.keys(SCENARIOS).flatMap((scenario) =>
        (['send', 'get'] as const).map(async (operation) => {
          const lines: string[] = [];
          const events: RetryEvent[] = [];
          const record = (message: string) => void lines.push(message);
          const logger: Logger = { debug: record, info: record, warn: record, error: record };
          const c = new OpenPhone({
            apiKey: CANARY,
            baseUrl: server.url,
            rateLimit: false,
            maxRetries: 1,
            logger,
            logLevel,
            logContent,
            onRetry: (event) => void events.push(event),
            headers: { 'x-run': `${scenario}#${(runs += 1)}` },
          });
          const options = { onRetry: (event: RetryEvent) => void events.push(event) };
          let error: unknown;
          try {
            if (operation === 'send') await c.messages.send({ from: '+15555550100', to: '+15555550123', content: 'hi' }, options);
            else await c.messages.get('AC1', options);
          } catch (caught) {
            error = caught;
          }
          const where = `${scenario} / ${operation} / ${logLevel}${logContent ? ' + logContent' : ''}`;
          for (const line of lines) check(`${where} / log`, line);
          for (const event of events) for (const text of hookRenderings(event)) check(`${where} / onRetry`, text);
          if (error !== undefined) for (const text of renderings(error)) check(`${where} / error`, text);
        }),
      ),
    ),
  );
  return result;
}

describe('a canary key echoed by the server', () => {
  it('appears in no log line, hook argument or error, in any rendering', { timeout: 60_000 }, async () => {
    const { checks, leaks } = await sweep();
    expect({ leaks: leaks.length, checks }).toEqual({ leaks: 0, checks });
    expect(leaks).toEqual([]);
    // Enough checks that a sweep which saw nothing cannot pass.
    expect(checks).toBeGreaterThan(500);
  });
});
