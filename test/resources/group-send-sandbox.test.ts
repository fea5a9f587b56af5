/**
 * Group sends end to end against the sandbox, a real loopback server that
 * validates every request against the effective spec and counts what reaches
 * it: a group of 3 is one message to all three, and one recipient more than
 * the spec allows is refused by the client before any request is made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPhone, ValidationError } from '../../src/index.js';
import { SEEDED_NUMBERS, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { operationOfMethod } from '../helpers/method-operations.js';
import { rejection } from '../helpers/nock-api.js';

let sandbox: Sandbox;
let client: OpenPhone;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimit: false });
  client = new OpenPhone({ apiKey: 'group-send-sandbox-key', baseUrl: sandbox.url, rateLimit: false });
});
afterAll(async () => {
  await sandbox?.close();
});

/** The most recipients one send takes, from the table of the operation `messages.send` calls. */
const maxRecipients = operationOfMethod('messages.send').operation.requestBody!.schema.properties!['to']!.maxItems!;
const numbers = (count: number) => Array.from({ length: count }, (_, i) => `+1555556${String(1000 + i)}`);

describe('group messages against the sandbox', () => {
  it('a send to 3 is one request and one message to all three', async () => {
    const before = sandbox.stats.requests;
    const message = await client.messages.send({ from: SEEDED_NUMBERS.main, to: numbers(3), content: 'Doors open at 7' });
    expect(message.to).toEqual(numbers(3));
    expect(sandbox.stats.requests - before).toBe(1);
  });

  it('one recipient more than the spec allows is refused before any request reaches the server', async () => {
    const before = sandbox.stats.requests;
    const error = (await rejection(client.messages.send({ from: SEEDED_NUMBERS.main, to: numbers(maxRecipients + 1), content: 'Doors open at 7' }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: 'to', rule: 'maxItems' })]);
    expect(sandbox.stats.requests).toBe(before);
  });
});
