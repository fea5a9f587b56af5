import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diagnostics, editorFor } from '../helpers/editor.js';
import { projectRoot } from '../helpers/shared-specs.js';

/**
 * Under `exactOptionalPropertyTypes`, an optional property typed `T` refuses an
 * explicit `undefined`, which is what forwarding a caller's own optional value
 * passes (`{ signal: opts.signal }`). Every optional parameter and option of the
 * facade is typed `T | undefined`, as openai-node does, so such code compiles.
 */
const EXACT = { exactOptionalPropertyTypes: true };

/** Every optional key of `T` that refuses `undefined`; `never` when there is none. */
const ACCEPTS_UNDEFINED = `
type Refusing<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? (Pick<T, K> extends { readonly [P in K]?: T[K] | undefined } ? ({ [P in K]: undefined } extends Pick<T, K> ? never : K) : never) : never }[keyof T];
`;

describe('exactOptionalPropertyTypes', () => {
  it('forwarding optional values as undefined compiles, for the client, list, send and their options', () => {
    const editor = editorFor(
      `import { OpenPhone } from '../../src/index.js';
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
`,
      'test/resources/__exact__.ts',
      EXACT,
    );
    expect(diagnostics(editor)).toEqual([]);
  });

  it("the README's sample compiles, as a user's project would compile it", async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Types in your editor'), readme.indexOf('## Resources'));
    expect(section).toContain('exactOptionalPropertyTypes');
    const sample = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    expect(sample).toContain('{ signal: opts.signal');
    const editor = editorFor(sample.replaceAll("from 'openphone-sdk'", "from '../../src/index.js'"), 'test/resources/__exact__.ts', EXACT);
    expect(diagnostics(editor)).toEqual([]);
  });

  it('no optional key of a public params or options type refuses undefined', () => {
    const types = [
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
    const editor = editorFor(
      `import type { ${types.join(', ')} } from '../../src/index.js';
${ACCEPTS_UNDEFINED}
${types.map((name) => `export type Shown${name} = Refusing<${name}>;`).join('\n')}
`,
      'test/resources/__exact__.ts',
      EXACT,
    );
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
