import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What an editor shows for each `export const` of `source`, compiled with the
 * project's own compiler options: the checker's rendering of each type, which
 * is what hovers display.
 */
function hovers(source: string): Record<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const file = path.join(root, 'test/resources/__editor__.ts');
  const host = ts.createCompilerHost(config.options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language) : readSource(name, language, ...rest));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || exists(name);
  const program = ts.createProgram([file], config.options, host);
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(file)!;
  expect(ts.getPreEmitDiagnostics(program, sourceFile).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const shown: Record<string, string> = {};
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      shown[declaration.name.getText(sourceFile)] = checker.typeToString(checker.getTypeAtLocation(declaration.name));
    }
  }
  return shown;
}

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
      export const calls = client.calls.list({ phoneNumberId: 'PN1', participants });
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
      get: '(id: string, options?: CallOptions) => APIPromise<Message>',
      pending: 'APIPromise<Message>',
      message: 'Message',
      sent: 'SentMessage',
      estimated: 'SentMessageWithEstimate',
      calls: 'PagePromise<Call, Page<Call>>',
      page: 'Page<Call>',
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
});
