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

const MAIN_ENTRY_MODULES = ['../src/index.ts', '../src/lib/phone/e164.ts', '../src/lib/sms/segments.ts', '../src/lib/sms/cost.ts'];
/** What only the command line needs; `import 'openphone-sdk'` must never load it. */
const CLI_ONLY = ['csv-parse', 'cli-progress', 'picocolors', 'node:readline'];

describe('entry points', () => {
  it.each(MAIN_ENTRY_MODULES)('%s, for the main entry point, never loads libphonenumber-js', async (module) => {
    const imports = await reachableImports(new URL(module, import.meta.url));
    expect([...imports].filter((specifier) => specifier.startsWith('libphonenumber-js'))).toEqual([]);
  });

  it('the main entry point never reaches the command line or its dependencies', async () => {
    const imports = [...(await reachableImports(new URL('../src/index.ts', import.meta.url)))];
    expect(imports.filter((specifier) => CLI_ONLY.some((cli) => specifier.startsWith(cli)) || specifier.includes('/cli/'))).toEqual([]);
  });

  it('sees the command line’s own dependencies, so the check above can fail', async () => {
    const imports = await reachableImports(new URL('../src/cli/index.ts', import.meta.url));
    expect(imports).toContain('csv-parse/sync');
    expect(imports).toContain('cli-progress');
  });

  it('the main and webhooks entry points never reach a Redis client or the Redis stores', async () => {
    for (const entry of ['../src/index.ts', '../src/webhooks/index.ts']) {
      const imports = [...(await reachableImports(new URL(entry, import.meta.url)))];
      expect(imports.filter((specifier) => /^(ioredis|redis|@redis\/)|\/redis\//.test(specifier))).toEqual([]);
    }
  });

  it('the Redis entry point imports no Redis client: it takes the application’s own', async () => {
    const imports = [...(await reachableImports(new URL('../src/redis/index.ts', import.meta.url)))];
    expect(imports).toContain('./rate-limit-store.js');
    expect(imports.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))).toEqual([]);
  });

  it('only the MCP entry point and the command line reach the MCP SDK', async () => {
    for (const entry of ['../src/index.ts', '../src/webhooks/index.ts', '../src/sandbox/index.ts', '../src/redis/index.ts']) {
      const imports = [...(await reachableImports(new URL(entry, import.meta.url)))];
      expect(imports.filter((specifier) => specifier.startsWith('@modelcontextprotocol/') || specifier.includes('/mcp/'))).toEqual([]);
    }
    const imports = await reachableImports(new URL('../src/mcp/index.ts', import.meta.url));
    expect(imports).toContain('@modelcontextprotocol/sdk/server/index.js');
  });

  it('sees the libphonenumber-js import of the normalization entry point', async () => {
    const imports = await reachableImports(new URL('../src/lib/phone/normalize.ts', import.meta.url));
    expect(imports).toContain('libphonenumber-js/max');
  });
});
