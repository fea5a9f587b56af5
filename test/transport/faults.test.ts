import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InternalServerError, OpenPhone, OpenPhoneError, RateLimitError, TimeoutError } from '../../src/index.js';
import { startInChildProcess, type TestServer } from '../server/index.js';

const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

let server: TestServer;
beforeAll(async () => {
  process.on('unhandledRejection', recordUnhandled);
  // Its own process, as a real server is: a timed-out request the server has not read yet would otherwise be
  // counted when this process gets round to it, after the client has already freed its slot.
  server = await startInChildProcess({ rateLimit: { limit: 50, interval: 1000 }, seed: 7 });
});
afterAll(async () => {
  process.off('unhandledRejection', recordUnhandled);
  await server.close();
});

/** Enough calls that every kind of fault comes up several times. */
const GETS = 150;

describe('under injected faults', () => {
  it(`${GETS} GETs with 20% faults all succeed or fail with the right typed error once retries are spent`, async () => {
    await server.setFaults([
      { method: 'GET', probability: 0.04, fault: { type: 'status', status: 429, headers: { 'retry-after': '0' } } },
      { method: 'GET', probability: 0.04, fault: { type: 'status', status: 500 } },
      { method: 'GET', probability: 0.04, fault: { type: 'status', status: 503 } },
      { method: 'GET', probability: 0.04, fault: { type: 'reset' } },
      { method: 'GET', probability: 0.04, fault: { type: 'delay', ms: 400 } },
    ]);
    let timeouts = 0;
    const client = new OpenPhone({
      apiKey: 'faults-get-key',
      baseUrl: server.url,
      rateLimit: { limit: 50, interval: 1000 },
      timeout: 150,
      // The calls at 50/s queue far longer than one attempt's timeout; the queue wait is not what this checks.
      maxQueueWait: Infinity,
      onRetry: (event) => {
        if (event.error instanceof TimeoutError) timeouts += 1;
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: GETS }, async () => {
        try {
          client.unwrap(await client.raw.GET('/v1/phone-numbers'));
          return 'ok';
        } catch (error) {
          return error;
        }
      }),
    );
    const failures = outcomes.filter((o) => o !== 'ok');
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(OpenPhoneError);
      expect([RateLimitError, InternalServerError, ConnectionError, TimeoutError].some((type) => failure instanceof type)).toBe(true);
    }
    const stats = await server.stats();
    // Roughly one request in five was faulted, and retries recovered nearly all of them.
    expect(stats.faults.length).toBeGreaterThan(GETS / 10);
    expect(failures.length).toBeLessThan(stats.faults.length / 5);
    // The limiter promises no 429 for requests it saw answered. A request that timed out may still be read by the
    // server after its slot was freed, so each timeout may account for one 429, and nothing else may.
    timeouts += failures.filter((f) => f instanceof TimeoutError).length;
    expect(stats.rateLimited).toBeLessThanOrEqual(timeouts);
    expect(unhandled).toEqual([]);
  }, 120_000);

  it('100 sends with "process, then fail" faults never process a message twice and flag every failure', async () => {
    await server.setFaults([
      { method: 'POST', probability: 0.25, fault: { type: 'process-then-status', status: 500 } },
      { method: 'POST', probability: 0.1, fault: { type: 'process-then-reset' } },
      { method: 'POST', probability: 0.1, fault: { type: 'status', status: 429, headers: { 'retry-after': '0' } } },
    ]);
    const client = new OpenPhone({ apiKey: 'faults-send-key', baseUrl: server.url, rateLimit: { limit: 50, interval: 1000 } });
    const contents = Array.from({ length: 100 }, (_, i) => `Reminder #${i}`);
    const outcomes = await Promise.all(
      contents.map(async (content) => {
        try {
          client.unwrap(await client.raw.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550123'], content } }));
          return { content, error: undefined };
        } catch (error) {
          return { content, error: error as OpenPhoneError };
        }
      }),
    );
    const { processed } = await server.stats();
    const timesProcessed = (content: string) => processed.filter((p) => p.operationId === 'sendMessage_v1' && (p.body as { content: string }).content === content).length;

    const failed = outcomes.filter((o) => o.error);
    expect(failed.length).toBeGreaterThan(10);
    for (const { content, error } of outcomes) {
      // Never twice: retried only when it provably was not processed.
      const times = timesProcessed(content);
      expect(times).toBeLessThanOrEqual(1);
      if (times === 0) {
        // Refused with a 429 at every attempt (each 1 in 10): never processed, and the error says so.
        expect(error).toBeInstanceOf(RateLimitError);
        expect(error!.mayHaveBeenProcessed).toBe(false);
      } else if (error) {
        expect(error.mayHaveBeenProcessed).toBe(true);
        expect(error.operation).toMatchObject({ method: 'POST', path: '/v1/messages' });
        expect(error.message).toMatch(/may have been processed/);
      }
    }
    expect(unhandled).toEqual([]);
  }, 120_000);
});
