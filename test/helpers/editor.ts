import path from 'node:path';
import ts from 'typescript';
import { expect } from 'vitest';
import { projectRoot } from './shared-specs.js';

const config = ts.getParsedCommandLineOfConfigFile(path.join(projectRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;

/** Parsed files shared by every editor of a test file: each parses the libraries and the sources once, not once per editor. */
const documents = ts.createDocumentRegistry();
/** The added file's version: each editor's own, so the registry never hands one editor's added file to another. */
let editors = 0;

/** A language service over the project with one more file, as an editor sees it. */
export interface Editor {
  readonly service: ts.LanguageService;
  /** The added file's absolute path. */
  readonly file: string;
}

/**
 * The project with `source` added at `at` (relative to the project root, so its
 * imports resolve from there), compiled with the project's own options and `options` over them.
 */
export function editorFor(source: string, at = 'test/resources/__editor__.ts', options: ts.CompilerOptions = {}): Editor {
  const file = path.join(projectRoot, at);
  const version = String(++editors);
  const service = ts.createLanguageService(
    {
      getCompilationSettings: () => ({ ...config.options, ...options }),
      getScriptFileNames: () => [file],
      getScriptVersion: (name) => (name === file ? version : '0'),
      getScriptSnapshot: (name) => {
        const text = name === file ? source : ts.sys.readFile(name);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => projectRoot,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: (name) => name === file || ts.sys.fileExists(name),
      readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    },
    documents,
  );
  return { service, file };
}

/** The errors an editor underlines in the added file, one line each: `line:column message`. */
export function diagnostics({ service, file }: Editor): string[] {
  const sourceFile = service.getProgram()!.getSourceFile(file)!;
  return [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map((d) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start!);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/**
 * What an editor shows for each `export const` of `source`, which must compile
 * cleanly: the checker's rendering of each type, which is what hovers display.
 */
export function hovers(source: string, at?: string): Record<string, string> {
  const editor = editorFor(source, at);
  expect(diagnostics(editor)).toEqual([]);
  return exportedTypes(editor);
}

/** The checker's rendering of the type of each `export const` of the added file. */
export function exportedTypes({ service, file }: Editor): Record<string, string> {
  const program = service.getProgram()!;
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(file)!;
  const shown: Record<string, string> = {};
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      shown[declaration.name.getText(sourceFile)] = checker.typeToString(checker.getTypeAtLocation(declaration.name));
    }
  }
  return shown;
}
