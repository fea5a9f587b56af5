import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diagnostics, editorFor, type Editor } from '../helpers/editor.js';
import { projectRoot } from '../helpers/shared-specs.js';

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

describe('editor hovers', () => {
  const source = `import { OpenPhone, type ${MODELS.join(', type ')} } from '../../src/index.js';
export const client = new OpenPhone({ apiKey: 'k', timeout: 5_000 });
${MODELS.map((name) => `export declare const a${name}: ${name};`).join('\n')}
export const direction = aSentMessage.direction;
`;
  const editor = editorFor(source, 'test/resources/__hovers__.ts');

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

  it("show what the README says a field's hover shows", async () => {
    const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Types in your editor'), readme.indexOf('## Resources'));
    const [, documentation, example] = /`sentMessage\.direction` on the `SentMessage` that `messages\.send` returns: \*([^*]+)\* with `@example (\w+)`/.exec(section)!;
    expect(hoverAt(editor, source, 'direction;')).toEqual({ documentation, tags: [`@example ${example}`] });
  });
});
