import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = 'src/webhooks/index.ts';
/** Globals that exist in Node but not in Workers, Deno's web APIs or browsers. */
const NODE_ONLY_GLOBALS = new Set(['Buffer', 'process', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate']);

/** Bundles for esbuild's neutral platform, where no Node built-in resolves. */
function bundleNeutral(options: { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string } }) {
  return build({
    ...options,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

/** Names used as values or types, not as property names, in a module's source (comments are not code). */
function nodeOnlyGlobalsIn(source: string): string[] {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    const isPropertyName =
      (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) ||
      (ts.isPropertySignature(node.parent) && node.parent.name === node) ||
      (ts.isPropertyAssignment(node.parent) && node.parent.name === node);
    if (ts.isIdentifier(node) && NODE_ONLY_GLOBALS.has(node.text) && !isPropertyName) found.add(node.text);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(ts.createSourceFile('module.ts', source, ts.ScriptTarget.ES2022, true), visit);
  return [...found];
}

describe('the webhooks entry point', () => {
  it('bundles for a neutral platform: it imports no Node built-in and no package', async () => {
    const { metafile } = await bundleNeutral({ entryPoints: [ENTRY] });

    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain(ENTRY);
    expect(inputs.filter((path) => !path.startsWith('src/'))).toEqual([]);
    expect(Object.values(metafile.outputs).flatMap((output) => output.imports)).toEqual([]);
  });

  it('uses no Node-only global in any module it bundles', async () => {
    const { metafile } = await bundleNeutral({ entryPoints: [ENTRY] });

    for (const path of Object.keys(metafile.inputs)) {
      expect(nodeOnlyGlobalsIn(readFileSync(`${ROOT}${path}`, 'utf8')), path).toEqual([]);
    }
  });

  it('would notice either kind of Node dependency', async () => {
    await expect(bundleNeutral({ stdin: { contents: "export { createHmac } from 'node:crypto';", resolveDir: ROOT } })).rejects.toThrow(/Could not resolve "node:crypto"/);
    expect(nodeOnlyGlobalsIn('/* Buffer */ const bytes = Buffer.from(process.env.SECRET ?? "");')).toEqual(['Buffer', 'process']);
    expect(nodeOnlyGlobalsIn('const view = { Buffer: 1 }; view.Buffer; type T = { process: string };')).toEqual([]);
  });
});
