/**
 * The sandbox checks requests with Ajv over the committed spec, sharing no
 * code with the client's validation: with the client's checks switched off
 * (as a bug in them would), the sandbox still refuses what the spec forbids.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logSizes, measureGrowth } from '../../bench/growth-fit.js';
import { BadRequestError, type OpenPhone } from '../../src/index.js';
import { SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { generatedOperations, type SandboxOperation } from '../../src/sandbox/operations.js';
import { linearSearchPattern } from '../../src/sandbox/spec-validation.js';
import { startWithClient } from './helpers.js';

vi.mock('../../src/internal/validation/request.js', () => ({ requestIssues: () => [] }));

let sandbox: Sandbox;
let client: OpenPhone;

beforeAll(async () => {
  ({ sandbox, client } = await startWithClient('sandbox-spec-validation-key'));
});
afterAll(() => sandbox.close());

async function badRequest(pending: Promise<unknown>): Promise<BadRequestError> {
  const error = await pending.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(BadRequestError);
  return error as BadRequestError;
}

describe('with the client validation switched off', () => {
  it('the sandbox still refuses a recipient that breaks the spec pattern, and sends nothing', async () => {
    const before = sandbox.store.messages.length;
    const error = await badRequest(client.messages.send({ from: SEEDED_NUMBERS.main, to: '555-0100', content: 'Hello' }));
    expect(error.errors).toEqual([expect.objectContaining({ path: '/to/0', schema: { type: 'pattern' } })]);
    expect(sandbox.store.messages).toHaveLength(before);
  });

  it('the sandbox still refuses content over maxLength and whitespace-only content', async () => {
    const long = await badRequest(client.messages.send({ from: SEEDED_NUMBERS.main, to: '+14155550123', content: 'x'.repeat(1601) }));
    expect(long.errors).toEqual([expect.objectContaining({ path: '/content', schema: { type: 'maxLength' } })]);
    const blank = await badRequest(client.messages.send({ from: SEEDED_NUMBERS.main, to: '+14155550123', content: ' \n\t' }));
    expect(blank.errors).toEqual([expect.objectContaining({ path: '/content', schema: { type: 'pattern' } })]);
  });

  it('the sandbox still refuses an out-of-range page size, with the query coerced to the schema type', async () => {
    const error = await badRequest(client.raw.GET('/v1/conversations', { params: { query: { maxResults: 0 } } }).then((result) => client.unwrap(result)));
    expect(error.errors).toEqual([expect.objectContaining({ path: '/maxResults', schema: { type: 'minimum' } })]);
  });
});

describe('spec patterns', () => {
  const patterns = [
    ...new Set(
      ['v1.json', '2026-03-30.json'].flatMap((file) =>
        [...readFileSync(new URL(`../../openapi/${file}`, import.meta.url), 'utf8').matchAll(/"pattern":\s*("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string),
      ),
    ),
  ];

  it('finds the patterns of both committed specs', () => {
    expect(patterns).toContain('.*\\S.*');
    expect(patterns).toContain('^\\+[1-9]\\d{1,14}$');
  });

  it('keeps what a search matches when it drops redundant wildcards', () => {
    expect(linearSearchPattern('.*\\S.*')).toBe('\\S');
    expect(linearSearchPattern('^PN(.*)$')).toBe('^PN(.*)$');
    expect(linearSearchPattern('a\\.*')).toBe('a\\.*');
    for (const text of ['', ' ', ' \n\t', ' a ', '\n\nx']) {
      expect(new RegExp(linearSearchPattern('.*\\S.*'), 'u').test(text)).toBe(/.*\S.*/u.test(text));
    }
  });

  it.each(patterns)('%s runs in linear time on adversarial input', async (pattern) => {
    const regex = new RegExp(linearSearchPattern(pattern), 'u');
    const growth = await measureGrowth(
      {
        name: pattern,
        prepare: (n) => {
          const inputs = [' '.repeat(n), `${'a'.repeat(n)}\n`, `+1${'1'.repeat(n)}x`, `PN${' '.repeat(n)}\n`];
          return () => {
            for (const input of inputs) regex.test(input);
          };
        },
      },
      logSizes(1e3, 1e5, 2),
      5,
    );
    expect(growth.exponent, JSON.stringify(growth.measurements)).toBeLessThan(1.3);
  });
});

describe('the compiled validators of an operation table', () => {
  // Those with a body compile the most; a few show what all would.
  const withBody = generatedOperations.filter((operation) => operation.requestBody).slice(0, 10);

  /** Sends `operation` an empty body (ids as `XX1`), as its surface expects; the answer as status and body. */
  async function sendEmpty(own: Sandbox, operation: SandboxOperation): Promise<unknown> {
    const headers: Record<string, string> = { authorization: 'sandbox-spec-validation-key', 'content-type': 'application/json' };
    if (operation.surface !== 'v1') headers['quo-api-version'] = operation.surface;
    const response = await fetch(`${own.url}${operation.path.replace(/\{[^}]+\}/g, 'XX1')}`, { method: operation.method.toUpperCase(), headers, body: '{}' });
    return { status: response.status, body: await response.text() };
  }

  /** A new sandbox of `operations` sent one request per operation with a body (each compiles its schemas on first use): the answers, and the CPU µs they took. */
  async function firstRequests(operations: readonly SandboxOperation[]): Promise<{ answers: unknown[]; cpu: number }> {
    const own = await startSandbox({ rateLimit: false, clock: 'fixed', operations });
    try {
      const before = process.cpuUsage();
      const answers = [];
      for (const operation of withBody) answers.push(await sendEmpty(own, operation));
      const { user, system } = process.cpuUsage(before);
      return { answers, cpu: user + system };
    } finally {
      await own.close();
    }
  }

  it('are compiled once per process: a later sandbox of the same table answers the same at a fraction of the cost', async () => {
    const first = await firstRequests(generatedOperations);
    // A copy of the table is another table, compiled anew; interleaved, so a busy moment slows both kinds alike,
    // and the least of four rounds of each, since other work in the process only ever adds CPU time.
    const copies: number[] = [];
    const later: number[] = [];
    for (let round = 0; round < 4; round++) {
      copies.push((await firstRequests([...generatedOperations])).cpu);
      const again = await firstRequests(generatedOperations);
      expect(again.answers).toEqual(first.answers);
      later.push(again.cpu);
    }
    expect(first.answers).toContainEqual(expect.objectContaining({ status: 400 }));
    expect(Math.min(...later) / Math.min(...copies)).toBeLessThan(0.5);
  });

  it('are built anew for a table changed in place since a sandbox served it', async () => {
    const sendMessage = generatedOperations.find((operation) => operation.operationId === 'sendMessage_v1')!;
    const table = generatedOperations.filter((operation) => operation !== sendMessage);
    const without = await startSandbox({ rateLimit: false, operations: table });
    expect(await sendEmpty(without, sendMessage)).toMatchObject({ status: 405 });
    await without.close();
    table.push(sendMessage);
    const grown = await startSandbox({ rateLimit: false, operations: table });
    expect(await sendEmpty(grown, sendMessage)).toMatchObject({ status: 400 });
    await grown.close();
  });
});
