import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import winston from 'winston';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenPhone, type LogFormat, type Logger, type LogLevel } from '../../src/index.js';
import { reply, resetMidBody, startRawServer, type RawServer } from '../server/raw.js';

const KEY = 'sk_live_logging_key_93af';
const CONTENT = 'Your lab results are ready, Zed';
const RATE_LIMITED_WARNING = expect.stringMatching(
  /^openphone: POST \/v1\/messages was rate limited: pausing this API key operationId=sendMessage_v1 status=429 retryAfter=0 pausedUntil=\d{4}-\d\d-\d\dT[\d:.]+Z$/,
);
const SENT = JSON.stringify({ data: { id: 'AC1', text: CONTENT, to: ['+15555550123'], from: '+15555550100' } });

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Line {
  level: string;
  message: string;
}

function recordingLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A send that is rate limited once (429), fails once (503 is not retried for a POST, so a GET does that), then succeeds. */
async function exercise(options: { logLevel?: LogLevel; logContent?: boolean; logger?: Logger; logFormat?: LogFormat }) {
  server = await startRawServer((req, res, index) => {
    if (index === 0) return reply(res, 429, JSON.stringify({ message: 'Too many', trace: 'trace-429' }), { 'content-type': 'application/json', 'retry-after': '0' });
    if (req.method === 'GET' && index === 2) return reply(res, 503, JSON.stringify({ message: 'Down', trace: 'trace-503' }));
    return reply(res, 200, req.method === 'GET' ? JSON.stringify({ data: [], totalItems: 0, nextPageToken: null }) : SENT);
  });
  const c = new OpenPhone({ apiKey: KEY, baseUrl: server.url, rateLimit: { limit: 100, interval: 1000 }, ...options });
  await c.messages.send({ from: '+15555550100', to: '+15555550123', content: CONTENT });
  await c.phoneNumbers.list();
}

describe('logging', () => {
  it('at debug: one line per attempt with operation, method, path, status, duration, attempt, wait and trace', async () => {
    const logger = recordingLogger();
    await exercise({ logger, logLevel: 'debug' });
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.message);
    expect(debug).toHaveLength(4);
    const pattern = (method: string, path: string, id: string, attempt: number, status: number) =>
      new RegExp(`^openphone: ${method} ${path} operationId=${id} attempt=${attempt} rateLimitWaitMs=\\d+ status=${status} durationMs=\\d+`);
    expect(debug[0]).toMatch(pattern('POST', '/v1/messages', 'sendMessage_v1', 1, 429));
    expect(debug[0]).toMatch(/trace=trace-429$/);
    expect(debug[1]).toMatch(pattern('POST', '/v1/messages', 'sendMessage_v1', 2, 200));
    expect(debug[2]).toMatch(pattern('GET', '/phone-numbers', 'listPhoneNumbers', 1, 503));
    expect(debug[2]).toMatch(/trace=trace-503$/);
    expect(debug[3]).toMatch(pattern('GET', '/phone-numbers', 'listPhoneNumbers', 2, 200));
    expect(logger.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
      expect.stringMatching(/^openphone: retrying POST \/v1\/messages operationId=sendMessage_v1 attempt=1 delayMs=\d+ status=429$/),
      expect.stringMatching(/^openphone: retrying GET \/phone-numbers operationId=listPhoneNumbers attempt=1 delayMs=\d+ status=503$/),
    ]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([RATE_LIMITED_WARNING]);
  });

  it('at debug: a line without a trace ends at its duration, which is the time the attempt took', async () => {
    const logger = recordingLogger();
    const started = performance.now();
    await exercise({ logger, logLevel: 'debug' });
    const took = performance.now() - started;
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.message);
    expect([debug[1], debug[3]]).toEqual([expect.stringMatching(/status=200 durationMs=\d+$/), expect.stringMatching(/status=200 durationMs=\d+$/)]);
    for (const line of debug) expect(Number(/durationMs=(\d+)/.exec(line)![1])).toBeLessThanOrEqual(Math.ceil(took));
  });

  it('at debug: an attempt that fails logs its error and duration, then the call fails typed', async () => {
    server = await startRawServer((_req, res) => resetMidBody(res, 200));
    const logger = recordingLogger();
    const c = new OpenPhone({ apiKey: KEY, baseUrl: server.url, rateLimit: false, logger, logLevel: 'debug' });
    const started = performance.now();
    await expect(c.phoneNumbers.list(undefined, { retry: false })).rejects.toMatchObject({ name: 'ConnectionError' });
    const took = performance.now() - started;
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.message);
    expect(debug).toEqual([expect.stringMatching(/^openphone: GET \/phone-numbers operationId=listPhoneNumbers attempt=1 rateLimitWaitMs=\d+ error=ConnectionError durationMs=\d+$/)]);
    expect(Number(/durationMs=(\d+)/.exec(debug[0]!)![1])).toBeLessThanOrEqual(Math.ceil(took));
  });

  it('with logContent, a request without a body logs only the response body', async () => {
    const logger = recordingLogger();
    await exercise({ logger, logLevel: 'debug', logContent: true });
    const gets = logger.lines.filter((l) => l.level === 'debug' && l.message.startsWith('openphone: GET'));
    expect(gets).toHaveLength(2);
    for (const { message } of gets) {
      expect(message).not.toContain('requestBody=');
      expect(message).toMatch(/ responseBody=\{.*\}$/);
    }
  });

  it.each([
    ['debug', ['debug', 'info', 'warn']],
    ['info', ['info', 'warn']],
    ['warn', ['warn']],
    ['error', []],
    ['off', []],
  ] as const)('at %s, logs only %o, never the key or the message content', async (logLevel, levels) => {
    const logger = recordingLogger();
    await exercise({ logger, logLevel });
    expect([...new Set(logger.lines.map((l) => l.level))].sort()).toEqual([...levels].sort());
    // Only the one 429 warns, whatever the level.
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual((levels as readonly string[]).includes('warn') ? [RATE_LIMITED_WARNING] : []);
    for (const { message } of logger.lines) {
      expect(message).not.toContain(KEY);
      expect(message).not.toContain(CONTENT);
      expect(message).not.toContain('+15555550123');
    }
  });

  it('with logContent, debug lines carry the bodies, still without the key', async () => {
    const logger = recordingLogger();
    await exercise({ logger, logLevel: 'debug', logContent: true });
    const sent = logger.lines.find((l) => l.message.includes('status=200') && l.message.includes('POST'))!;
    expect(sent.message).toContain(`requestBody={"content":"${CONTENT}","from":"+15555550100","to":["+15555550123"]}`);
    expect(sent.message).toContain(`responseBody=${SENT}`);
    for (const { message } of logger.lines) expect(message).not.toContain(KEY);
  });

  it('takes the level from OPENPHONE_LOG when no logLevel is given', async () => {
    const logger = recordingLogger();
    process.env.OPENPHONE_LOG = 'info';
    try {
      await exercise({ logger });
    } finally {
      delete process.env.OPENPHONE_LOG;
    }
    expect([...new Set(logger.lines.map((l) => l.level))].sort()).toEqual(['info', 'warn']);
  });

  it('rejects a logger without the four methods, and an unknown level', () => {
    expect(() => new OpenPhone({ apiKey: 'k', logger: { debug() {} } as unknown as Logger })).toThrow(/logger.*missing info, warn, error/);
    expect(() => new OpenPhone({ apiKey: 'k', logLevel: 'verbose' as LogLevel })).toThrow(/logLevel.*must be one of debug, info, warn, error, off/);
  });

  it('rejects an unknown logFormat', () => {
    expect(() => new OpenPhone({ apiKey: 'k', logFormat: 'json' as LogFormat })).toThrow(/logFormat.*must be one of pino, winston, text/);
  });
});

function collect() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
  return { lines, stream, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const pinoLogger = (level: string, stream: Writable) => pino({ level }, stream);
const winstonLogger = (level: string, stream: Writable) => winston.createLogger({ level, format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });

/** The fields of the first attempt's debug record (the 429) and of the retry that follows, as each logger stores them. */
const ATTEMPT = {
  sdk: 'openphone',
  method: 'POST',
  path: '/v1/messages',
  operationId: 'sendMessage_v1',
  attempt: 1,
  rateLimitWaitMs: expect.any(Number),
  status: 429,
  durationMs: expect.any(Number),
  trace: 'trace-429',
};

describe.each([
  ['pino', pinoLogger, { level: 'level', message: 'msg', debug: 20, info: 30, warn: 40 }],
  ['winston', winstonLogger, { level: 'level', message: 'message', debug: 'debug', info: 'info', warn: 'warn' }],
] as const)('with the real %s', (_name, make, keys) => {
  it('takes the fields as structured data, queryable by name, and the level from the logger', async () => {
    const out = collect();
    await exercise({ logger: make('debug', out.stream) });
    const records = out.records();
    const at = (level: number | string) => records.filter((r) => r[keys.level] === level);
    expect(at(keys.debug)).toHaveLength(4);
    expect(at(keys.debug)[0]).toMatchObject({ ...ATTEMPT, [keys.message]: 'openphone: POST /v1/messages' });
    expect(at(keys.debug)[3]).toMatchObject({ method: 'GET', path: '/phone-numbers', operationId: 'listPhoneNumbers', attempt: 2, status: 200 });
    expect(at(keys.info)[0]).toMatchObject({ [keys.message]: 'openphone: retrying POST /v1/messages', attempt: 1, delayMs: expect.any(Number), status: 429 });
    expect(at(keys.warn)).toEqual([
      expect.objectContaining({ [keys.message]: 'openphone: POST /v1/messages was rate limited: pausing this API key', status: 429, retryAfter: '0', pausedUntil: expect.any(String) }),
    ]);
    for (const line of out.lines) expect(line).not.toContain(KEY);
  });

  it('at its default level (info), prints the retries and the 429, not the debug lines', async () => {
    const out = collect();
    await exercise({ logger: make('info', out.stream) });
    expect(out.records().map((r) => r[keys.level])).toEqual([keys.warn, keys.info, keys.info]);
  });

  it("an explicit logLevel wins over the logger's own", async () => {
    const out = collect();
    await exercise({ logger: make('debug', out.stream), logLevel: 'warn' });
    expect(out.records().map((r) => r[keys.level])).toEqual([keys.warn]);
  });
});

describe("the README's pino sample", () => {
  it('prints, with the logger as the sample makes it, a line with the fields and message the README shows', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Logging'), readme.indexOf('### Through a proxy'));
    expect(section).toContain("new OpenPhone({ logger: pino({ level: 'debug' }) })");
    const shown = JSON.parse(/```json\n(.*)\n```/.exec(section)![1]!) as Record<string, unknown>;
    server = await startRawServer((_req, res) => reply(res, 200, JSON.stringify({ data: [], totalItems: 0, nextPageToken: null })));
    const out = collect();
    await new OpenPhone({ apiKey: KEY, baseUrl: server.url, logger: pino({ level: 'debug' }, out.stream) }).phoneNumbers.list();
    const printed = out.records();
    expect(printed).toHaveLength(1);
    expect(Object.keys(printed[0]!)).toEqual(Object.keys(shown));
    const { time, pid, hostname, durationMs, rateLimitWaitMs, ...fixed } = shown;
    expect(printed[0]).toMatchObject(fixed);
  });
});

describe('telling the logger apart', () => {
  it('writes one line of text to console, and to a logger it does not know', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await exercise({ logLevel: 'warn' });
      expect(warn.mock.calls).toEqual([[RATE_LIMITED_WARNING]]);
    } finally {
      warn.mockRestore();
    }
    const logger = recordingLogger();
    await exercise({ logger, logLevel: 'warn' });
    expect(logger.lines.map((l) => l.message)).toEqual([RATE_LIMITED_WARNING]);
  });

  it('a pino child logger is still pino; logFormat overrides what is detected', async () => {
    const out = collect();
    await exercise({ logger: pino({ level: 'warn' }, out.stream).child({ service: 'billing' }) });
    expect(out.records()).toEqual([expect.objectContaining({ service: 'billing', operationId: 'sendMessage_v1', status: 429 })]);

    const asText = collect();
    await exercise({ logger: pino({ level: 'warn' }, asText.stream), logFormat: 'text' });
    expect(asText.records()).toEqual([expect.objectContaining({ msg: RATE_LIMITED_WARNING })]);
    expect(asText.records()[0]).not.toHaveProperty('operationId');
  });

  it("logFormat 'pino' calls a logger it cannot tell (bunyan's way) with (fields, message)", async () => {
    const calls: unknown[][] = [];
    const record = (...args: unknown[]) => void calls.push(args);
    await exercise({ logger: { debug: record, info: record, warn: record, error: record }, logLevel: 'warn', logFormat: 'pino' });
    expect(calls).toEqual([[expect.objectContaining({ operationId: 'sendMessage_v1', status: 429 }), 'openphone: POST /v1/messages was rate limited: pausing this API key']]);
  });
});
