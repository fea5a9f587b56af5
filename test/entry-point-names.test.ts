import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { entry } from '../tsup.config.js';
import { projectRoot } from './helpers/shared-specs.js';

/** The package's entry points, by name, as the build writes them. */
const entries: Record<string, string> = entry;

/** Each name the entry points export, with the declaration it stands for in every entry that exports it. */
function exportedDeclarations(): Map<string, Map<string, string>> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(projectRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  // Every declaration an entry point exports is in the package's own files: the standard library and
  // Node's types, a third of the files to parse, are left out (an export into them would fail to resolve, loudly).
  const program = ts.createProgram(
    Object.values(entries).map((file) => path.join(projectRoot, file)),
    { ...config.options, noLib: true, types: [] },
  );
  const checker = program.getTypeChecker();
  const byName = new Map<string, Map<string, string>>();
  for (const [entry, file] of Object.entries(entries)) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(path.join(projectRoot, file))!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = target.declarations![0]!;
      const source = declaration.getSourceFile();
      const where = `${path.relative(projectRoot, source.fileName)}:${source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`;
      byName.set(exported.name, (byName.get(exported.name) ?? new Map()).set(entry, where));
    }
  }
  return byName;
}

describe('names across entry points', () => {
  const byName = exportedDeclarations();

  it('reads every entry point the package exports, as the build names them', () => {
    const { exports } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const exported = Object.keys(exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? 'index' : key.slice(2)));
    expect(Object.keys(entries).sort()).toEqual(exported.sort());
    expect(byName.get('OpenPhone')?.has('index')).toBe(true);
    expect(byName.get('verifyWebhook')?.has('webhooks')).toBe(true);
  });

  it('give each exported name one meaning: every entry that exports it exports the same declaration', () => {
    const twoMeanings = [...byName].filter(([, places]) => new Set(places.values()).size > 1).map(([name, places]) => ({ name, places: Object.fromEntries(places) }));
    expect(twoMeanings).toEqual([]);
  });
});
