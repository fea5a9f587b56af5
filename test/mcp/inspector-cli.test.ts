/**
 * An independent client: the MCP Inspector's CLI (`--cli`) runs
 * `openphone mcp --sandbox` over stdio and lists its tools, in each mode;
 * every input schema it receives is a valid JSON Schema (2020-12, the MCP
 * spec's default dialect) that compiles in strict mode, and a call through it
 * answers. The canary key shows in none of its output.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_NUMBERS } from '../../src/sandbox/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, openphoneCommand } from '../helpers/cli.js';
import { projectRoot } from '../helpers/shared-specs.js';

beforeAll(buildCli, BUILD_TIMEOUT_MS);
const inspector = createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector-cli');
const CANARY = 'canary-key-91c4e07d3a';

interface Listed {
  readonly name: string;
  readonly inputSchema: Record<string, unknown>;
}

/** The inspector's answer to `method` (its stdout as JSON), with `openphone mcp --sandbox <serverArgs>` as the server. */
async function inspect(serverArgs: readonly string[], method: readonly string[]): Promise<unknown> {
  const openphone = openphoneCommand(['mcp', '--sandbox', '--api-key', CANARY, ...serverArgs]);
  const server = [openphone.command, ...openphone.args];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [inspector, '--cli', ...server, ...method], {
    // The inspector finds its own package.json by a path relative to the working directory: from one level below a package root it does.
    cwd: path.join(projectRoot, 'test'),
    env: { PATH: process.env.PATH ?? '' },
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(stdout + stderr).not.toContain(CANARY);
  return JSON.parse(stdout);
}

function expectValidTools(tools: readonly Listed[]): void {
  expect(tools.length).toBeGreaterThan(0);
  const ajv = new Ajv2020({ strict: true, allErrors: true, formats: fullFormats });
  for (const tool of tools) {
    expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(ajv.validateSchema(tool.inputSchema), `${tool.name}: ${JSON.stringify(ajv.errors)}`).toBe(true);
    expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
  }
}

describe('the MCP Inspector CLI', () => {
  it('lists every tool with a valid input schema, and calls one', async () => {
    const { tools } = (await inspect([], ['--method', 'tools/list'])) as { tools: Listed[] };
    expectValidTools(tools);
    expect(tools.map((tool) => tool.name)).toContain('messages_send');
    const answer = (await inspect([], ['--method', 'tools/call', '--tool-name', 'v1_phoneNumbers_list'])) as { content: { text: string }[]; isError?: boolean };
    expect(answer.isError).not.toBe(true);
    expect(JSON.parse(answer.content[0]!.text).data.map((number: { number: string }) => number.number)).toContain(SEEDED_NUMBERS.main);
  }, 120_000);

  it('lists dynamic mode’s three tools with valid input schemas', async () => {
    const { tools } = (await inspect(['--dynamic'], ['--method', 'tools/list'])) as { tools: Listed[] };
    expectValidTools(tools);
    expect(tools.map((tool) => tool.name).sort()).toEqual(['call_operation', 'describe_operation', 'list_operations']);
  }, 120_000);
});
