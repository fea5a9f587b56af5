import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const IMPORT_SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every module specifier reachable from `entry` through relative imports, type-only imports included. */
async function reachableImports(entry: URL): Promise<Set<string>> {
  const specifiers = new Set<string>();
  const visited = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (visited.has(file.href)) continue;
    visited.add(file.href);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(IMPORT_SPECIFIER)) {
      const specifier = (match[1] ?? match[2])!;
      specifiers.add(specifier);
      if (specifier.startsWith('.')) pending.push(new URL(specifier.replace(/\.js$/, '.ts'), file));
    }
  }
  return specifiers;
}

const MAIN_ENTRY_MODULES = ['../src/phone.ts', '../src/segments.ts', '../src/cost.ts'];

describe('entry points', () => {
  it.each(MAIN_ENTRY_MODULES)('%s, for the main entry point, never loads libphonenumber-js', async (module) => {
    const imports = await reachableImports(new URL(module, import.meta.url));
    expect([...imports].filter((specifier) => specifier.startsWith('libphonenumber-js'))).toEqual([]);
  });

  it('sees the libphonenumber-js import of the normalization entry point', async () => {
    const imports = await reachableImports(new URL('../src/phone-normalize.ts', import.meta.url));
    expect(imports).toContain('libphonenumber-js/max');
  });
});
