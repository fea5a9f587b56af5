/**
 * Every resource method against the sandbox, end to end.
 *
 * The same suite runs against the real API with OPENPHONE_LIVE=1 and
 * OPENPHONE_API_KEY set. Live, it only reads, unless OPENPHONE_LIVE_WRITE=1
 * (creates and deletes a contact and webhooks) and OPENPHONE_LIVE_SEND_TO is a
 * number of yours (sends one message to it; this costs money).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, OpenPhone, type Call, type PhoneNumber } from '../src/index.js';
import { SEEDED_CONTACT_NUMBERS, startSandbox, type Sandbox } from '../src/sandbox/index.js';

const live = process.env.OPENPHONE_LIVE === '1';
const canWrite = !live || process.env.OPENPHONE_LIVE_WRITE === '1';
const sendTo = live ? process.env.OPENPHONE_LIVE_SEND_TO : SEEDED_CONTACT_NUMBERS.ada;
const itWrites = canWrite ? it : it.skip;
const itSends = sendTo ? it : it.skip;

let sandbox: Sandbox | undefined;
let openphone: OpenPhone;
let main: PhoneNumber;
/** A participant with a conversation on `main`, and one of its answered calls when there is one. */
let participant: string;
let answeredCall: Call | undefined;

beforeAll(async () => {
  if (live) {
    openphone = new OpenPhone();
  } else {
    sandbox = await startSandbox();
    openphone = new OpenPhone({ apiKey: 'facade-suite-key', baseUrl: sandbox.url });
  }
  main = (await openphone.phoneNumbers.list()).data[0]!;
  const conversation = (await openphone.conversations.list({ 'phoneNumberId[in]': main.id }, { maxItems: 1 }).toArray())[0];
  participant = live ? conversation!.participants[0]! : SEEDED_CONTACT_NUMBERS.ada;
  for await (const call of openphone.calls.list({ phoneNumberId: main.id, 'participant[in]': participant }, { maxItems: 20 })) {
    if (call.status === 'completed' && (call.duration ?? 0) > 0) {
      answeredCall = call;
      break;
    }
  }
});

afterAll(() => sandbox?.close());

describe(`every resource method against ${live ? 'the real API' : 'the sandbox'}`, () => {
  it('phoneNumbers.list', async () => {
    const page = await openphone.phoneNumbers.list();
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data[0]!.number).toMatch(/^\+\d+$/);
  });

  it('conversations.list pages to the end', async () => {
    const all = await openphone.conversations.list({}, { maxItems: 200 }).toArray();
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  });

  it('messages.list follows pages and messages.get fetches one', async () => {
    const messages = await openphone.messages.list({ phoneNumberId: main.id, limit: 5 }, { maxItems: 12 }).toArray();
    expect(messages.length).toBeGreaterThan(0);
    if (!live) expect(messages).toHaveLength(12);
    const one = await openphone.messages.get(messages[0]!.id);
    expect(one.id).toBe(messages[0]!.id);
  });

  it('v1.messages.list and v1.calls.list keep the v1 filters, and take one of your numbers in E.164 for phoneNumberId', async () => {
    const byId = await openphone.v1.messages.list({ phoneNumberId: main.id, participants: participant, maxResults: 5 });
    const byNumber = await openphone.v1.messages.list({ phoneNumberId: main.number!, participants: participant, maxResults: 5 });
    expect(byId.data.length).toBeGreaterThan(0);
    expect(byNumber.data.map((message) => message.id)).toEqual(byId.data.map((message) => message.id));
    const calls = await openphone.v1.calls.list({ phoneNumberId: main.number!, participants: participant });
    expect(calls.data.every((call) => call.phoneNumberId === main.id)).toBe(true);
  });

  it('calls.list, recordings, summary and transcripts', async () => {
    const calls = await openphone.calls.list({ phoneNumberId: main.id, 'participant[in]': participant });
    expect(Array.isArray(calls.data)).toBe(true);
    if (!live) expect(answeredCall).toBeDefined();
    if (!answeredCall) return;
    expect(Array.isArray(await openphone.calls.recordings(answeredCall.id))).toBe(true);
    // Summaries and transcripts exist only where the workspace has the features on.
    const summary = await openphone.calls.summary(answeredCall.id).catch((error: unknown) => error);
    if (summary instanceof NotFoundError) expect(live).toBe(true);
    else expect(summary).toMatchObject({ callId: answeredCall.id });
    const transcripts = await openphone.calls.transcripts(answeredCall.id).catch((error: unknown) => error);
    if (transcripts instanceof NotFoundError) expect(live).toBe(true);
    else expect(Array.isArray(transcripts)).toBe(true);
  });

  it('contacts.customFields', async () => {
    expect(Array.isArray(await openphone.contacts.customFields())).toBe(true);
  });

  itWrites('contacts.create, get, update, list and delete', async () => {
    const externalId = `openphone-sdk-test-${Date.now()}`;
    const created = await openphone.contacts.create({
      firstName: 'Test',
      lastName: 'Contact',
      phoneNumbers: [{ name: 'mobile', value: '+15555550142' }],
      externalId,
    });
    try {
      expect((await openphone.contacts.get(created.id)).firstName).toBe('Test');
      const updated = await openphone.contacts.update(created.id, { company: 'Test Co' });
      expect(updated.company).toBe('Test Co');
      const listed = await openphone.contacts.list({ 'externalId[in]': externalId }).toArray();
      expect(listed.map((c) => c.id)).toEqual([created.id]);
    } finally {
      await openphone.contacts.delete(created.id);
    }
    await expect(openphone.contacts.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  itWrites('legacyWebhooks: create each kind, list, get, delete', async () => {
    const url = 'https://example.com/openphone-sdk-test';
    const created = [
      await openphone.legacyWebhooks.createForMessages({ url, events: ['message.received'], label: 'sdk test' }),
      await openphone.legacyWebhooks.createForCalls({ url, events: ['call.completed'], label: 'sdk test' }),
      await openphone.legacyWebhooks.createForCallSummaries({ url, events: ['call.summary.completed'], label: 'sdk test' }),
      await openphone.legacyWebhooks.createForCallTranscripts({ url, events: ['call.transcript.completed'], label: 'sdk test' }),
    ];
    try {
      const listed = (await openphone.legacyWebhooks.list()).data.map((w) => w.id);
      for (const webhook of created) {
        expect(listed).toContain(webhook.id);
        expect((await openphone.legacyWebhooks.get(webhook.id)).url).toBe(url);
      }
    } finally {
      for (const webhook of created) await openphone.legacyWebhooks.delete(webhook.id);
    }
    await expect(openphone.legacyWebhooks.get(created[0]!.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  itSends('messages.send, then the message is in the conversation', async () => {
    const content = `openphone-sdk test ${Date.now()}`;
    const sent = await openphone.messages.send({ from: main.number, to: sendTo!, content }, { maxSegments: 1 });
    expect(sent.text).toBe(content);
    const recent = await openphone.messages.list({ phoneNumberId: main.id, to: sendTo!, direction: 'outgoing' }, { maxItems: 100 }).toArray();
    expect(recent.map((m) => m.id)).toContain(sent.id);
  });
});
