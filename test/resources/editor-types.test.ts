import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { surfaces } from '../../generated/operations.js';
import { diagnostics, editorsFor, hovers, type Editor } from '../helpers/editor.js';
import { projectRoot } from '../helpers/shared-specs.js';

/** The README's section on types, which the hovers and the exactOptionalPropertyTypes sample below must match. */
const typesInYourEditor = (() => {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  return readme.slice(readme.indexOf('### Types in your editor'), readme.indexOf('## Resources'));
})();

const rawCalls = (calls: string) => `import { OpenPhone } from '../../src/index.js';\nconst client = new OpenPhone({ apiKey: 'k' });\n${calls}`;

/** What an editor's hover shows at the first `marker` in the file: the documentation and each tag as `@name text`. */
function hoverAt(editor: Editor, source: string, marker: string) {
  const info = editor.service.getQuickInfoAtPosition(editor.file, source.indexOf(marker))!;
  return {
    documentation: ts.displayPartsToString(info.documentation),
    tags: (info.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`.trim()),
  };
}

const MODELS = [
  'Message',
  'SentMessage',
  'PhoneNumber',
  'Call',
  'CallRecording',
  'CallSummary',
  'CallTranscript',
  'Contact',
  'ContactCustomField',
  'Conversation',
  'User',
  'VersionedWebhook',
  'WebhookDelivery',
  'MessageWebhook',
];

const modelsSource = `import { OpenPhone, type ${MODELS.join(', type ')} } from '../../src/index.js';
export const client = new OpenPhone({ apiKey: 'k', timeout: 5_000 });
${MODELS.map((name) => `export declare const a${name}: ${name};`).join('\n')}
export const direction = aSentMessage.direction;
`;

const derivedCalls = `import { OpenPhone } from '../../src/index.js';
const client = new OpenPhone({ apiKey: 'k' });
void client.v1.calls.list({ phoneNumberId: 'PN1', participants: '+15555550123' });
void client.users.get('US1');
void client.webhooks.events.list('1', { eventType: 'message.received', 'createdAt[gt]': new Date() });
`;

/**
 * One added file per test, all in one language service (and the files under exactOptionalPropertyTypes in
 * another sharing its parsed files): the client's types and the generated paths are parsed and checked
 * once for the whole file rather than once per test.
 */
const editors = editorsFor({
  'test/resources/__editor-results__.ts': `
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
    `,
  'test/resources/__editor-mistyped-paths__.ts': rawCalls(`void client.raw.GET('/v1/mesages');
void client.raw.GET('/user', { params: { query: { limit: 5 } } });
void client.raw.POST('/v1/contact', { body: {} });
void client.raw.DELETE('/v1/messages/{id}');
`),
  'test/resources/__editor-known-paths__.ts': rawCalls(`void client.raw.GET('/v1/messages/{id}');
void client.raw.GET('/v1/messages/{id}', { params: { path: { messageId: 'AC1' } } });
void client.raw.GET('/users', { params: { query: { limit: 'five' } } });
void client.raw.GET('');
`),
  'test/resources/__editor-raw-results__.ts': rawCalls(`import createClient from 'openapi-fetch';
import type { paths } from '../../generated/paths.js';
const plain = createClient<paths>({});
export const message = (await client.raw.GET('/v1/messages/{id}', { params: { path: { id: 'AC1' } } })).data;
export const plainMessage = (await plain.GET('/v1/messages/{id}', { params: { path: { id: 'AC1' } } })).data;
export const users = (await client.raw.GET('/users')).data;
export const plainUsers = (await plain.GET('/users')).data;
export const sent = (await client.raw.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550101'], content: 'x' } })).error;
export const plainSent = (await plain.POST('/v1/messages', { body: { from: '+15555550100', to: ['+15555550101'], content: 'x' } })).error;
`),
  'test/resources/__editor-derived__.ts': derivedCalls,
  'test/resources/__hovers__.ts': modelsSource,
});

describe('editor types', () => {
  it('show resource methods and their results by name, not as expanded object literals', () => {
    expect(hovers(editors['test/resources/__editor-results__.ts'])).toEqual({
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
    expect(diagnostics(editors['test/resources/__editor-mistyped-paths__.ts'])).toEqual([
      `3:21 Argument of type '"/v1/mesages"' is not assignable to parameter of type 'PathsWithMethod<paths, "get">'.`,
      `4:21 Argument of type '"/user"' is not assignable to parameter of type 'PathsWithMethod<paths, "get">'.`,
      `5:22 Argument of type '"/v1/contact"' is not assignable to parameter of type 'PathsWithMethod<paths, "post">'.`,
      // A known path, but not for this method.
      `6:24 Argument of type '"/v1/messages/{id}"' is not assignable to parameter of type 'PathsWithMethod<paths, "delete">'.`,
    ]);
  });

  it('still check the options of a known raw path, and still complete paths', () => {
    const editor = editors['test/resources/__editor-known-paths__.ts'];
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
    const shown = hovers(editors['test/resources/__editor-raw-results__.ts']);
    expect(shown.message).toBe(shown.plainMessage);
    expect(shown.users).toBe(shown.plainUsers);
    expect(shown.sent).toBe(shown.plainSent);
    expect(shown.message).toMatch(/^\{ data: \{ id: string;/);
  });
});

describe('hovers over derived methods', () => {
  it('show the signature with named params, options and result types', () => {
    const editor = editors['test/resources/__editor-derived__.ts'];
    expect(diagnostics(editor)).toEqual([]);
    const hover = (call: string) => {
      const position = derivedCalls.indexOf(call) + call.length - 1;
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

describe('editor hovers', () => {
  const editor = editors['test/resources/__hovers__.ts'];
  const source = modelsSource;

  it('compiles', () => {
    expect(diagnostics(editor)).toEqual([]);
  });

  it('document the OpenPhone class, its constructor and its options', () => {
    expect(hoverAt(editor, source, 'OpenPhone({').documentation).toMatch(/^A client for one API key\./);
    expect(hoverAt(editor, source, 'OpenPhone, type').documentation).toMatch(/^The OpenPhone API client\./);
    expect(hoverAt(editor, source, 'timeout:').documentation).toMatch(/^Per-attempt timeout in milliseconds/);
    expect(hoverAt(editor, source, 'apiKey:').documentation).toMatch(/OPENPHONE_API_KEY/);
  });

  it("show each model's fields with the spec's description as plain text, without @description, @enum or @constant tags", () => {
    const program = editor.service.getProgram()!;
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(editor.file)!;
    let documented = 0;
    const tagNames = new Set<string>();
    for (const name of MODELS) {
      const declaration = file.statements.find((s) => ts.isVariableStatement(s) && s.declarationList.declarations[0]!.name.getText(file) === `a${name}`) as ts.VariableStatement;
      const node = declaration.declarationList.declarations[0]!.name;
      const type = checker.getTypeAtLocation(node);
      expect(ts.displayPartsToString(type.getSymbol()?.getDocumentationComment(checker)), name).not.toBe('');
      for (const property of type.getProperties()) {
        const text = ts.displayPartsToString(property.getDocumentationComment(checker));
        if (text !== '') documented += 1;
        expect(text).not.toMatch(/^@/);
        for (const tag of property.getJsDocTags(checker)) tagNames.add(tag.name);
      }
    }
    expect(documented).toBeGreaterThan(MODELS.length);
    expect([...tagNames].filter((tag) => ['description', 'enum', 'constant'].includes(tag))).toEqual([]);
  });

  it("show what the README says a field's hover shows", () => {
    const [, documentation, example] = /`sentMessage\.direction` on the `SentMessage` that `messages\.send` returns: \*([^*]+)\* with `@example (\w+)`/.exec(typesInYourEditor)!;
    expect(hoverAt(editor, source, 'direction;')).toEqual({ documentation, tags: [`@example ${example}`] });
  });
});

/**
 * Under `exactOptionalPropertyTypes`, an optional property typed `T` refuses an
 * explicit `undefined`, which is what forwarding a caller's own optional value
 * passes (`{ signal: opts.signal }`). Every optional parameter and option of the
 * facade is typed `T | undefined`, as openai-node does, so such code compiles.
 */
const EXACT = { exactOptionalPropertyTypes: true };

/** Code forwarding a caller's optional values, each of which may be `undefined`. */
const FORWARDED = `import { OpenPhone } from '../../src/index.js';
interface Forwarded {
  readonly apiKey?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly timeout?: number | undefined;
  readonly maxItems?: number | undefined;
  readonly userId?: string | undefined;
  readonly after?: string | undefined;
}
export async function run(opts: Forwarded) {
  const client = new OpenPhone({ apiKey: opts.apiKey, baseUrl: undefined, timeout: opts.timeout, logger: undefined, rateLimit: { limit: undefined, store: undefined } });
  await client.phoneNumbers.list(undefined, { signal: opts.signal });
  await client.messages.list(
    { phoneNumberId: 'PN1', from: '+15555550123', limit: undefined, 'createdAt[gt]': undefined, userId: opts.userId },
    { signal: opts.signal, timeout: opts.timeout, maxItems: opts.maxItems, retry: undefined, onRetry: undefined, headers: undefined, maxQueueWait: undefined },
  );
  await client.messages.send({ from: 'PN1', to: '+15555550123', content: 'x', userId: opts.userId }, { maxSegments: undefined, rates: undefined, signal: opts.signal });
  await client.users.list({ after: opts.after }, { maxItems: opts.maxItems });
  await client.calls.list({ phoneNumberId: 'PN1', 'participant[in]': '+15555550123', actorId: opts.userId }).toArray();
  await client.v1.calls.list({ phoneNumberId: 'PN1', participants: '+15555550123', userId: opts.userId }).toArray();
  return client.withOptions({ timeout: opts.timeout });
}
`;

/** Every optional key of `T` that refuses `undefined`; `never` when there is none. */
const ACCEPTS_UNDEFINED = `
type Refusing<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? (Pick<T, K> extends { readonly [P in K]?: T[K] | undefined } ? ({ [P in K]: undefined } extends Pick<T, K> ? never : K) : never) : never }[keyof T];
`;

const PUBLIC_PARAMS_AND_OPTIONS = [
  'OpenPhoneOptions',
  'RateLimitConfig',
  'CallOptions',
  'RequestOptions',
  'ListOptions',
  'SendMessageOptions',
  'SendMessageParams',
  'ListMessagesParams',
  'ListCallsParams',
  'ListContactsParams',
  'CreateContactParams',
  'UpdateContactParams',
  'ListConversationsParams',
  'ListPhoneNumbersParams',
  'ListUsersParams',
  'CreateWebhookParams',
  'UpdateWebhookParams',
  'ListWebhookDeliveriesParams',
];

const readmeSample = /```ts\n([\s\S]*?)```/.exec(typesInYourEditor)?.[1] ?? '';

const exactEditors = editorsFor(
  {
    'test/resources/__exact-forwarded__.ts': FORWARDED,
    'test/resources/__exact-readme__.ts': readmeSample.replaceAll("from 'openphone-sdk'", "from '../../src/index.js'"),
    'test/resources/__exact-refusing__.ts': `import type { ${PUBLIC_PARAMS_AND_OPTIONS.join(', ')} } from '../../src/index.js';
${ACCEPTS_UNDEFINED}
${PUBLIC_PARAMS_AND_OPTIONS.map((name) => `export type Shown${name} = Refusing<${name}>;`).join('\n')}
`,
  },
  EXACT,
);

describe('exactOptionalPropertyTypes', () => {
  it('forwarding optional values as undefined compiles, for the client, list, send and their options', () => {
    expect(diagnostics(exactEditors['test/resources/__exact-forwarded__.ts'])).toEqual([]);
  });

  it("the README's sample compiles, as a user's project would compile it", () => {
    expect(typesInYourEditor).toContain('exactOptionalPropertyTypes');
    expect(readmeSample).toContain('{ signal: opts.signal');
    expect(diagnostics(exactEditors['test/resources/__exact-readme__.ts'])).toEqual([]);
  });

  it('no optional key of a public params or options type refuses undefined', () => {
    const types = PUBLIC_PARAMS_AND_OPTIONS;
    const editor = exactEditors['test/resources/__exact-refusing__.ts'];
    expect(diagnostics(editor)).toEqual([]);
    const program = editor.service.getProgram()!;
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(editor.file)!;
    const refusing = Object.fromEntries(
      file.statements.flatMap((statement) => {
        if (!ts.isTypeAliasDeclaration(statement) || !statement.name.text.startsWith('Shown')) return [];
        const alias = statement;
        return [[alias.name.text.slice('Shown'.length), checker.typeToString(checker.getTypeAtLocation(alias.name), undefined, ts.TypeFormatFlags.InTypeAlias)]];
      }),
    );
    expect(Object.keys(refusing)).toEqual(types);
    expect(refusing).toEqual(Object.fromEntries(types.map((name) => [name, 'never'])));
  });
});
