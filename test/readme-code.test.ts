/**
 * The README's code, checked against the built package as a user gets it.
 *
 * Every ```ts block is type-checked, each as its own module, in one TypeScript
 * program, with `openphone-sdk` and its subpaths resolved through the built
 * package's `exports`. A block that is a fragment may use the names that
 * PRELUDE declares: the client, a request, a secret and the like, which the
 * surrounding text supplies. No block is left out.
 *
 * The types each entry point declares are those of its source module: the
 * test's copy of the package has, where `exports` names an entry's `.d.ts`,
 * one that re-exports that module. Building the real declarations costs most
 * of a minute of CPU; the ones the package ships are checked by `npm run
 * lint:package` (publint and Are the Types Wrong).
 *
 * A block preceded by `<!-- readme: run -->` is a complete program: it is also
 * run with Node against a sandbox of the built package, with
 * OPENPHONE_API_KEY, OPENPHONE_BASE_URL and OPENPHONE_SANDBOX_URL pointing at
 * it, and must exit cleanly.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entry } from '../tsup.config.js';
import { BUILD_TIMEOUT_MS, sharedBuild } from './helpers/build.js';
import { projectRoot } from './helpers/shared-specs.js';

const RUN_MARKER = '<!-- readme: run -->';

/**
 * What README fragments take from the surrounding text, typed as the text
 * describes it, and the few frameworks the samples import that this project
 * does not install, as far as the samples use them.
 */
const PRELUDE = `
type Http = typeof import('node:http');

/** The client built in "Quick start". */
declare const openphone: import('openphone-sdk').OpenPhone;
/** The sandbox started in "Testing against the sandbox". */
declare const sandbox: import('openphone-sdk/sandbox').Sandbox;
/** A webhook handler made with createWebhookHandler. */
declare const handleOpenPhone: (request: Request) => Promise<Response>;
/** A webhook signing secret, and the raw body and request of a delivery. */
declare const secret: string;
declare const rawBody: string;
declare const request: Request;
/** A request as Node's http server hands it. */
declare const req: InstanceType<Http['IncomingMessage']>;
/** Values a sample sends or lists with. */
declare const from: string;
declare const content: string;
declare const customer: string;
declare const phoneNumberId: string;
declare const contactId: string;
declare const input: string;
declare const params: Parameters<import('openphone-sdk').OpenPhone['messages']['list']>[0];
declare const externalIds: string[];
declare const signal: AbortSignal;
declare const storedCursor: string;
declare const storedToken: string;
declare function queueForReview(item: unknown): Promise<void>;

/** A Fastify instance. */
declare const fastify: {
  register(plugin: (instance: {
    addContentTypeParser(type: string, options: { parseAs: 'buffer' }, parser: (request: unknown, body: Buffer, done: (error: Error | null, body?: Buffer) => void) => void): void;
    post(path: string, handler: (request: { body: unknown; headers: import('node:http').IncomingHttpHeaders }, reply: { code(status: number): { send(): unknown } }) => Promise<unknown>): void;
  }) => Promise<void>): void;
};
/** A Hono app on Cloudflare Workers. */
declare const app: {
  post(path: string, handler: (c: { env: { OPENPHONE_WEBHOOK_SECRET: string }; req: { raw: Request } }) => Response | Promise<Response>): void;
};

/** Next.js's API route types, which extend Node's. */
declare module 'next' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export type NextApiRequest = IncomingMessage;
  export type NextApiResponse = ServerResponse;
}
`;

/**
 * A block that must fail, so the check is shown to catch a block that does not compile, one that imports
 * what the sources have but the entry point does not export, and one that imports past the `exports` map.
 */
const CANARY = [
  `import { OpenPhone } from 'openphone-sdk';`,
  `new OpenPhone({ apiKey: 42 });`,
  `import { isRecord } from 'openphone-sdk';`,
  `import { estimateSegments } from 'openphone-sdk/dist/index.js';`,
  '',
].join('\n');

interface Block {
  /** 1-based line of the block's first line of code in README.md. */
  readonly line: number;
  readonly code: string;
  readonly run: boolean;
  readonly file: string;
}

function tsBlocks(readme: string): Omit<Block, 'file'>[] {
  const lines = readme.split('\n');
  const blocks: Omit<Block, 'file'>[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const end = lines.indexOf('```', i + 1);
    let before = i - 1;
    while (before >= 0 && lines[before]!.trim() === '') before--;
    blocks.push({ line: i + 2, code: `${lines.slice(i + 1, end).join('\n')}\n`, run: lines[before]?.trim() === RUN_MARKER });
    i = end;
  }
  return blocks;
}

/** The packages other than this one that the blocks import, which the scratch app links from this project's node_modules. */
function importedPackages(blocks: readonly Omit<Block, 'file'>[]): string[] {
  const names = new Set<string>();
  for (const { code } of blocks) {
    for (const [, specifier] of code.matchAll(/^import .* from '([^'.][^']*)';$/gm)) {
      const name = specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!;
      if (name !== 'openphone-sdk' && !specifier!.startsWith('node:')) names.add(name);
    }
  }
  return [...names];
}

/**
 * The package as the README's readers install it: the built package's package.json, openapi/ and JavaScript,
 * and for every entry point the `exports` map gives types for, a declaration file re-exporting its source.
 */
async function installPackage(app: string): Promise<string> {
  const built = await sharedBuild();
  const pkg = path.join(app, 'node_modules/openphone-sdk');
  await mkdir(path.join(pkg, 'dist'), { recursive: true });
  await cp(path.join(built, 'package.json'), path.join(pkg, 'package.json'));
  await symlink(path.join(built, 'openapi'), path.join(pkg, 'openapi'), 'dir');
  for (const file of await readdir(path.join(built, 'dist'))) await symlink(path.join(built, 'dist', file), path.join(pkg, 'dist', file));
  const { exports } = JSON.parse(await readFile(path.join(pkg, 'package.json'), 'utf8')) as { exports: Record<string, { import?: { types: string } }> };
  for (const conditions of Object.values(exports)) {
    if (!conditions.import) continue;
    const declarations = path.join(pkg, conditions.import.types);
    const source = path.join(projectRoot, entry[path.basename(declarations, '.d.ts') as keyof typeof entry]);
    const specifier = path.relative(path.dirname(declarations), source).split(path.sep).join('/').replace(/\.ts$/, '.js');
    await writeFile(declarations, `export * from '${specifier}';\n`);
  }
  return pkg;
}

let pkg: string;
let app: string;
let blocks: Block[];
let dir: string;
let canary: string;

beforeAll(async () => {
  const found = tsBlocks(await readFile(path.join(projectRoot, 'README.md'), 'utf8'));
  app = await mkdtemp(path.join(os.tmpdir(), 'openphone-readme-'));
  pkg = await installPackage(app);
  dir = path.join(app, 'readme');
  await mkdir(dir);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  for (const name of [...importedPackages(found), '@types/node', ...importedPackages(found).map((name) => `@types/${name}`)]) {
    const source = path.join(projectRoot, 'node_modules', name);
    const target = path.join(app, 'node_modules', name);
    if (!existsSync(source) || existsSync(target)) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await symlink(source, target, 'dir');
  }
  blocks = found.map((block) => ({ ...block, file: path.join(dir, `readme-line-${block.line}.ts`) }));
  for (const block of blocks) await writeFile(block.file, block.code);
  await writeFile(path.join(dir, 'prelude.d.ts'), PRELUDE);
  canary = path.join(dir, 'canary.ts');
  await writeFile(canary, CANARY);
}, BUILD_TIMEOUT_MS);

afterAll(() => rm(app, { recursive: true, force: true }));

/** Every diagnostic of one program over all blocks, as `file:line: message` with README lines for blocks. */
function diagnostics(): string[] {
  const program = ts.createProgram([...blocks.map((block) => block.file), path.join(dir, 'prelude.d.ts'), canary], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    moduleDetection: ts.ModuleDetectionKind.Force,
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const byFile = new Map(blocks.map((block) => [block.file, block]));
  // The README's files only: the package's sources are in the program too, and the project's own type check covers them.
  const checked = [...byFile.keys(), path.join(dir, 'prelude.d.ts'), canary].map((file) => program.getSourceFile(file)!);
  const found = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
  return found.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const block = byFile.get(path.resolve(diagnostic.file.fileName));
    const where = block ? `README.md:${block.line + line}` : `${path.relative(dir, diagnostic.file.fileName)}:${line + 1}`;
    return `${where}: ${message}`;
  });
}

describe("the README's ts blocks", () => {
  it('all compile against the built package, and a block that does not compile is caught', () => {
    expect(blocks.length).toBeGreaterThan(30);
    const found = diagnostics();
    expect(found.filter((line) => !line.startsWith('canary.ts:'))).toEqual([]);
    expect(found).toEqual([
      expect.stringMatching(/^canary\.ts:2: Type 'number' is not assignable to type 'string'/),
      expect.stringMatching(/^canary\.ts:3: Module '"openphone-sdk"' has no exported member 'isRecord'/),
      expect.stringMatching(/^canary\.ts:4: Cannot find module 'openphone-sdk\/dist\/index\.js'/),
    ]);
    // About ten seconds of CPU, most of it openapi-fetch's types over every path: room for a busy machine.
  }, 120_000);

  describe('marked to run', () => {
    let sandbox: { url: string; close(): Promise<void> } | undefined;
    beforeAll(async () => {
      const { startSandbox } = (await import(/* @vite-ignore */ path.join(pkg, 'dist/sandbox.js'))) as typeof import('../src/sandbox/index.js');
      sandbox = await startSandbox({ rateLimit: false });
    });
    afterAll(() => sandbox?.close());

    it('are complete programs: at least the quick start, estimates and the sandbox samples', () => {
      expect(blocks.filter((block) => block.run).map((block) => block.code.split('\n')[0])).toEqual(
        expect.arrayContaining(["import { OpenPhone } from 'openphone-sdk';", "import { estimateCost, estimateSegments } from 'openphone-sdk';"]),
      );
      expect(blocks.filter((block) => block.run).length).toBeGreaterThanOrEqual(4);
    });

    it('run against a sandbox and exit cleanly', async () => {
      const env = { ...process.env, OPENPHONE_API_KEY: 'readme-key', OPENPHONE_BASE_URL: sandbox!.url, OPENPHONE_SANDBOX_URL: sandbox!.url };
      const failures: string[] = [];
      // One at a time, in README order: a sample may set faults on the shared sandbox.
      for (const block of blocks.filter((block) => block.run)) {
        const script = block.file.replace(/\.ts$/, '.mjs');
        await writeFile(script, (await transform(block.code, { loader: 'ts', format: 'esm' })).code);
        try {
          await promisify(execFile)(process.execPath, [script], { cwd: dir, env, timeout: 30_000 });
        } catch (error) {
          const { stderr, message } = error as { stderr?: string; message: string };
          failures.push(`README.md:${block.line}: ${stderr || message}`);
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  });
});
