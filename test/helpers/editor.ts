import path from 'node:path';
import ts from 'typescript';
import { expect } from 'vitest';
import { projectRoot } from './shared-specs.js';

const config = ts.getParsedCommandLineOfConfigFile(path.join(projectRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;

/** Parsed files shared by every editor of a test file: each parses the libraries and the sources once, not once per editor. */
const documents = ts.createDocumentRegistry();
/** The added files' version: each editor's own, so the registry never hands one editor's added file to another. */
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
  return editorsFor({ [at]: source }, options)[at]!;
}

/**
 * The project with each of `sources` added at its key (relative to the project root), in one
 * language service: one program and one checker for all of them, so the types they share
 * (the client, the generated paths) are resolved once, not once per added file.
 */
export function editorsFor<At extends string>(sources: Readonly<Record<At, string>>, options: ts.CompilerOptions = {}): Record<At, Editor> {
  const added = new Map(Object.entries<string>(sources).map(([at, source]) => [path.join(projectRoot, at), source]));
  const version = String(++editors);
  const service = ts.createLanguageService(
    {
      getCompilationSettings: () => ({ ...config.options, ...options }),
      getScriptFileNames: () => [...added.keys()],
      getScriptVersion: (name) => (added.has(name) ? version : '0'),
      getScriptSnapshot: (name) => {
        const text = added.get(name) ?? ts.sys.readFile(name);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => projectRoot,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: (name) => added.has(name) || ts.sys.fileExists(name),
      readFile: (name) => added.get(name) ?? ts.sys.readFile(name),
    },
    documents,
  );
  return Object.fromEntries(Object.keys(sources).map((at) => [at, { service, file: path.join(projectRoot, at) }])) as Record<At, Editor>;
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
 * What an editor shows for each `export const` of the added file, which must compile
 * cleanly: the checker's rendering of each type, which is what hovers display.
 */
export function hovers(editor: Editor): Record<string, string> {
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
