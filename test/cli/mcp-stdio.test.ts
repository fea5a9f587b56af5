/**
 * `openphone mcp --sandbox` as a child process, driven by the MCP SDK's own
 * client over stdio: it lists valid tools, a read and a write tool work
 * against the sandbox, `--read-only` offers nothing that writes, a send over
 * the caps is refused, and a canary key shows in no output or log line.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS } from '../../src/sandbox/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, openphoneCommand } from '../helpers/cli.js';
import { projectRoot } from '../helpers/shared-specs.js';
const CANARY = 'canary-key-5d2e8b7f41';
const seen: string[] = [];
const clients: Client[] = [];

beforeAll(buildCli, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  expect(seen.join('\n')).toContain('MCP server ready');
  for (const text of seen) expect(text).not.toContain(CANARY);
});

async function mcp(args: string[]) {
  const transport = new StdioClientTransport({
    ...openphoneCommand(['mcp', '--sandbox', '--api-key', CANARY, ...args]),
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => seen.push(chunk.toString('utf8')));
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as { content: { text: string }[]; isError?: boolean };
  const text = result.content.map((part) => part.text).join('\n');
  seen.push(text);
  return { isError: result.isError === true, json: () => JSON.parse(result.content[0]!.text) };
}

describe('openphone mcp --sandbox', () => {
  it('lists schema-valid tools, and calls a read and a write tool', async () => {
    const client = await mcp(['--max-segments', '1', '--budget-usd', '0.05']);
    const { tools } = await client.listTools();
    seen.push(JSON.stringify(tools));
    const ajv = new Ajv2020({ strict: false });
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(ajv.validateSchema(tool.inputSchema), tool.name).toBe(true);
    }
    const numbers = await call(client, 'v1_phoneNumbers_list', {});
    expect(numbers.json().data.map((number: { number: string }) => number.number)).toContain(SEEDED_NUMBERS.main);
    const task = await call(client, 'tasks_create', { title: 'From the MCP test' });
    expect(task.isError).toBe(false);
    expect(task.json().title).toBe('From the MCP test');

    const refused = await call(client, 'messages_send', { from: SEEDED_NUMBERS.main, to: SEEDED_CONTACT_NUMBERS.ada, content: 'x'.repeat(300) });
    expect(refused.isError).toBe(true);
    expect(refused.json().error.issues[0].rule).toBe('maxSegments');
    const sent = await call(client, 'messages_send', { from: SEEDED_NUMBERS.main, to: SEEDED_CONTACT_NUMBERS.ada, content: 'Hi from MCP' });
    expect(sent.json()).toMatchObject({ sent: true, message: { text: 'Hi from MCP' } });
  }, 60_000);

  it('--read-only --tools messages offers only reading message tools', async () => {
    const client = await mcp(['--read-only', '--tools', 'messages']);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.name).toMatch(/^(v1_)?messages_/);
    }
  }, 60_000);
});
