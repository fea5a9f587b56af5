import { Writable } from 'node:stream';
import pino from 'pino';
import winston from 'winston';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenPhone, type Logger, type LogLevel } from '../../src/index.js';
import { reply, resetMidBody, startRawServer, type RawServer } from '../server/raw.js';

const KEY = 'sk_live_logging_key_93af';
const CONTENT = 'Your lab results are ready, Zed';
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
async function exercise(options: { logLevel?: LogLevel; logContent?: boolean; logger?: Logger }) {
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
      new RegExp(`^openphone: ${method} ${path} operation=${id} attempt=${attempt} rateLimitWait=\\d+ms status=${status} duration=\\d+ms`);
    expect(debug[0]).toMatch(pattern('POST', '/v1/messages', 'sendMessage_v1', 1, 429));
    expect(debug[0]).toMatch(/trace=trace-429$/);
    expect(debug[1]).toMatch(pattern('POST', '/v1/messages', 'sendMessage_v1', 2, 200));
    expect(debug[2]).toMatch(pattern('GET', '/v1/phone-numbers', 'listPhoneNumbers_v1', 1, 503));
    expect(debug[2]).toMatch(/trace=trace-503$/);
    expect(debug[3]).toMatch(pattern('GET', '/v1/phone-numbers', 'listPhoneNumbers_v1', 2, 200));
    expect(logger.lines.filter((l) => l.level === 'info').map((l) => l.message)).toEqual([
      expect.stringMatching(/^openphone: retrying POST \/v1\/messages in \d+ ms: attempt 1 429$/),
      expect.stringMatching(/^openphone: retrying GET \/v1\/phone-numbers in \d+ ms: attempt 1 503$/),
    ]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'openphone: POST /v1/messages was rate limited (429, Retry-After 0): pausing this API key',
    ]);
  });

  it('at debug: a line without a trace ends at its duration, which is the time the attempt took', async () => {
    const logger = recordingLogger();
    const started = performance.now();
    await exercise({ logger, logLevel: 'debug' });
    const took = performance.now() - started;
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.message);
    expect([debug[1], debug[3]]).toEqual([expect.stringMatching(/status=200 duration=\d+ms$/), expect.stringMatching(/status=200 duration=\d+ms$/)]);
    for (const line of debug) expect(Number(/duration=(\d+)ms/.exec(line)![1])).toBeLessThanOrEqual(Math.ceil(took));
  });

  it('at debug: an attempt that fails logs its error and duration, then the call fails typed', async () => {
    server = await startRawServer((_req, res) => resetMidBody(res, 200));
    const logger = recordingLogger();
    const c = new OpenPhone({ apiKey: KEY, baseUrl: server.url, rateLimit: false, logger, logLevel: 'debug' });
    const started = performance.now();
    await expect(c.phoneNumbers.list(undefined, { retry: false })).rejects.toMatchObject({ name: 'ConnectionError' });
    const took = performance.now() - started;
    const debug = logger.lines.filter((l) => l.level === 'debug').map((l) => l.message);
    expect(debug).toEqual([expect.stringMatching(/^openphone: GET \/v1\/phone-numbers operation=listPhoneNumbers_v1 attempt=1 rateLimitWait=\d+ms error=ConnectionError duration=\d+ms$/)]);
    expect(Number(/duration=(\d+)ms/.exec(debug[0]!)![1])).toBeLessThanOrEqual(Math.ceil(took));
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
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(
      (levels as readonly string[]).includes('warn') ? ['openphone: POST /v1/messages was rate limited (429, Retry-After 0): pausing this API key'] : [],
    );
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

  it('works with pino and with winston as they are', async () => {
    const collect = () => {
      const lines: string[] = [];
      const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
      return { lines, stream };
    };
    const forPino = collect();
    await exercise({ logger: pino({ level: 'debug' }, forPino.stream), logLevel: 'debug' });
    const pinoRecords = forPino.lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(pinoRecords.filter((r) => r.level === 20)).toHaveLength(4);
    expect(pinoRecords.find((r) => r.level === 40)?.msg).toMatch(/rate limited \(429/);

    const forWinston = collect();
    await exercise({
      logger: winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream: forWinston.stream })] }),
      logLevel: 'debug',
    });
    const winstonRecords = forWinston.lines.map((line) => JSON.parse(line) as { level: string; message: string });
    expect(winstonRecords.filter((r) => r.level === 'debug')).toHaveLength(4);
    expect(winstonRecords.filter((r) => r.level === 'info').map((r) => r.message)).toHaveLength(2);
    for (const record of [...pinoRecords.map((r) => r.msg), ...winstonRecords.map((r) => r.message)]) expect(record).not.toContain(KEY);
  });
});
