import { describe, expect, it } from 'vitest';
import { surfaces } from '../../generated/operations.js';
import { diagnostics, editorFor, hovers } from '../helpers/editor.js';

const rawCalls = (calls: string) => `import { OpenPhone } from '../../src/index.js';\nconst client = new OpenPhone({ apiKey: 'k' });\n${calls}`;

describe('editor types', () => {
  it('show resource methods and their results by name, not as expanded object literals', () => {
    const shown = hovers(`
      import { OpenPhone } from '../../src/index.js';
      const client = new OpenPhone({ apiKey: 'k' });
      const participants = '+15555550123';
      export const get = client.messages.get;
      export const pending = client.messages.get('AC1');
      export const message = await pending;
      export const sent = await client.messages.send({ from: '+15555550100', to: participants, content: 'x' });
      export const estimated = await client.messages.send({ from: '+15555550100', to: participants, content: 'x' }, { includeEstimate: true });
      export const calls = client.calls.list({ phoneNumberId: 'PN1', 'participant[in]': participants });
      export const page = await calls;
      export const call = page.data[0]!;
      export const contact = await client.contacts.get('c1');
      export const conversation = (await client.conversations.list()).data[0]!;
      export const legacyWebhook = await client.legacyWebhooks.get('WH1');
      export const webhook = await client.webhooks.get('1');
      export const users = await client.users.list();
      export const summary = await client.calls.summary('AC1');
      export const withResponse = await client.contacts.get('c1').withResponse();
    `);
    expect(shown).toEqual({
      get: '(messageId: string, options?: CallOptions | undefined) => APIPromise<Message>',
      pending: 'APIPromise<Message>',
      message: 'Message',
      sent: 'SentMessage',
      estimated: 'SentMessageWithEstimate',
      calls: 'PagePromise<Call, CursorPage<Call>>',
      page: 'CursorPage<Call>',
      call: 'Call',
      contact: 'Contact',
      conversation: 'Conversation',
      legacyWebhook: 'LegacyWebhook',
      webhook: 'VersionedWebhook',
      users: 'CursorPage<User>',
      summary: 'CallSummary',
      withResponse: 'WithResponse<Contact>',
    });
  });

  it('name a mistyped raw path in the error, on each surface, with or without options', () => {
    const editor = editorFor(
      rawCalls(`void client.raw.GET('/v1/mesages');
void client.raw.GET('/user', { params: { query: { limit: 5 } } });
void client.raw.POST('/v1/contact', { body: {} });
void client.raw.DELETE('/v1/messages/{id}');
`),
    );
    expect(diagnostics(editor)).toEqual([
      `3:21 Argument of type '"/v1/mesages"' is not assignable to parameter of type 'PathsWithMethod<paths, "get">'.`,
      `4:21 Argument of type '"/user"' is not assignable to parameter of type 'PathsWithMethod<paths, "get">'.`,
      `5:22 Argument of type '"/v1/contact"' is not assignable to parameter of type 'PathsWithMethod<paths, "post">'.`,
      // A known path, but not for this method.
      `6:24 Argument of type '"/v1/messages/{id}"' is not assignable to parameter of type 'PathsWithMethod<paths, "delete">'.`,
    ]);
  });

  it('still check the options of a known raw path, and still complete paths', () => {
    const editor = editorFor(
      rawCalls(`void client.raw.GET('/v1/messages/{id}');
void client.raw.GET('/v1/messages/{id}', { params: { path: { messageId: 'AC1' } } });
void client.raw.GET('/users', { params: { query: { limit: 'five' } } });
void client.raw.GET('');
`),
    );
    expect(diagnostics(editor)).toEqual([
      '3:17 Expected 2 arguments, but got 1.',
      `4:62 Object literal may only specify known properties, and 'messageId' does not exist in type '{ id: string; }'.`,
      `5:52 Type 'string' is not assignable to type 'number'.`,
      `6:21 Argument of type '""' is not assignable to parameter of type 'PathsWithMethod<paths, "get">'.`,
    ]);
    const source = editor.service.getProgram()!.getSourceFile(editor.file)!.text;
    const completed = editor.service.getCompletionsAtPosition(editor.file, source.lastIndexOf("GET('") + 5, {})!.entries.map((entry) => entry.name);
    const getPaths = Object.values(surfaces).flatMap(({ operations }) =>
      Object.values(operations)
        .filter((o) => o.method === 'get')
        .map((o) => o.path),
    );
    expect(completed.sort()).toEqual([...new Set(getPaths)].sort());
  });

  it('give a known raw path the result openapi-fetch gives it', () => {
    const shown = hovers(
      rawCalls(`import createClient from 'openapi-fetch';
import type { paths } from '../../generated/paths.js';
const plain = createClient<paths>({});
export const message = (await client.raw.GET('/v1/messages/{id}', { params: { path: { id: 'AC1' } } })).data;
export const plainMessage = (await plain.GET('/v1/messages/{id}', { params: { path: { id: 'AC1' } } })).data;
export const users = (await client.raw.GET('/users')).data;
export const plainUsers = (await plain.GET('/users')).data;
export const sent = (await client.raw.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550101'], content: 'x' } })).error;
export const plainSent = (await plain.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550101'], content: 'x' } })).error;
`),
    );
    expect(shown.message).toBe(shown.plainMessage);
    expect(shown.users).toBe(shown.plainUsers);
    expect(shown.sent).toBe(shown.plainSent);
    expect(shown.message).toMatch(/^\{ data: \{ id: string;/);
  });
});

describe('hovers over derived methods', () => {
  it('show the signature with named params, options and result types', () => {
    const source = `import { OpenPhone } from '../../src/index.js';
const client = new OpenPhone({ apiKey: 'k' });
void client.v1.calls.list({ phoneNumberId: 'PN1', participants: '+15555550123' });
void client.users.get('US1');
void client.webhooks.events.list('1', { eventType: 'message.received', 'createdAt[gt]': new Date() });
`;
    const editor = editorFor(source);
    expect(diagnostics(editor)).toEqual([]);
    const hover = (call: string) => {
      const position = source.indexOf(call) + call.length - 1;
      const info = editor.service.getQuickInfoAtPosition(editor.file, position)!;
      return info.displayParts!.map((part) => part.text).join('');
    };
    expect(hover('calls.list')).toBe('(method) V1Calls.list(params: V1ListCallsParams, options?: ListOptions): PagePromise<V1Call, Page<V1Call>>');
    expect(hover('users.get')).toBe('(method) Users.get(userId: string, options?: RequestOptions): APIPromise<User>');
    expect(hover('events.list')).toBe(
      '(method) WebhooksEvents.list(webhookId: string, params?: ListHeaderVersionedWebhookDeliveriesParams, options?: ListOptions): PagePromise<WebhookDelivery, CursorPage<WebhookDelivery>>',
    );
  });
});
