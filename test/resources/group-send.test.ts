import nock from 'nock';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from '../../generated/v1.js';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { operations } from '../../generated/v1.operations.js';
import { OpenPhone, ValidationError } from '../../src/index.js';
import { Messages } from '../../src/resources/messages.js';
import { message } from '../fixtures/models.js';
import { API, apiClient, interceptApi, rejection } from '../helpers/nock-api.js';

interceptApi();

const send = operations.sendMessage_v1;
const recipients = send.requestBody.schema.properties.to;

/** The committed table with the recipient limit a later spec allows (group messages). */
function grownOperations(maxItems: number) {
  const schema = send.requestBody.schema;
  const to = { ...recipients, maxItems };
  return { ...operations, ...datedOperations, sendMessage_v1: { ...send, requestBody: { ...send.requestBody, schema: { ...schema, properties: { ...schema.properties, to } } } } };
}

/** `messages` over a grown operation table, sending through the same transport as a client (nock answers). */
function groupMessages(maxItems: number) {
  const apiKey = 'group-send-test-key';
  const client = new OpenPhone({ apiKey, rateLimit: false, maxRetries: 0 });
  const raw = createClient<paths>({ baseUrl: API, headers: { Authorization: apiKey } });
  return new Messages({ raw, operations: grownOperations(maxItems), fetchFor: () => (request) => fetch(request), phoneNumberIds: async () => new Map(), unwrap: (result) => client.unwrap(result) });
}

const numbers = (count: number) => Array.from({ length: count }, (_, i) => `+1555555${String(1000 + i)}`);

describe('group messages', () => {
  it("today's spec allows the recipients its maxItems says, and refuses one more before any request", async () => {
    const { client, requests } = apiClient();
    const error = (await rejection(client.messages.send({ from: '+15555550100', to: numbers(recipients.maxItems + 1), content: 'Hi' }))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'to', rule: 'maxItems' })]);
    expect(error.message).toContain(`at most ${recipients.maxItems}`);
    expect(requests).toEqual([]);
  });

  it('a spec that allows 10 sends to 3 as one group message', async () => {
    const messages = groupMessages(10);
    let sent: unknown;
    nock(API)
      .post('/v1/messages', (body) => ((sent = body), true))
      .reply(202, { data: { ...message, to: numbers(3) } });
    const result = await messages.send({ from: '+15555550100', to: numbers(3), content: 'Hi all' });
    expect(result.to).toEqual(numbers(3));
    expect(sent).toEqual({ from: '+15555550100', to: numbers(3), content: 'Hi all' });
  });

  it('refuses maxItems + 1 recipients with a ValidationError, naming the limit from the table', async () => {
    const messages = groupMessages(10);
    const error = (await rejection(messages.send({ from: '+15555550100', to: numbers(11), content: 'Hi' }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: 'to', rule: 'maxItems' })]);
    expect(error.message).toContain('at most 10');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('prices a group send as one send per recipient, and the cost guard applies to the total', async () => {
    const messages = groupMessages(10);
    nock(API).post('/v1/messages').reply(202, { data: message });
    const { estimate } = await messages.send({ from: '+15555550100', to: numbers(3), content: 'Hi all' }, { includeEstimate: true });
    expect(estimate.recipients).toHaveLength(3);
    expect(estimate.total).toEqual({ micros: 30_000, usd: '0.03' });

    // Each recipient alone is within $0.02; together they are not.
    const error = (await rejection(messages.send({ from: '+15555550100', to: numbers(3), content: 'Hi all' }, { maxCostUsd: 0.02 }))) as ValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ field: 'content', rule: 'maxCostUsd' })]);
    expect(error.message).toMatch(/would cost \$0\.03 \(1 segment to 3 recipients\), more than maxCostUsd \$0\.02/);
  });
});
