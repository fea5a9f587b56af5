/**
 * `openphone mcp --sandbox` as a child process, driven by the MCP SDK's own
 * client over stdio, its sandbox watched through the control endpoints: it
 * lists valid tools (those of `--tools` when given), a read and a write tool
 * answer what the spec documents, a send over the caps or a dry run sends
 * nothing, `--read-only` offers nothing that writes, a spoiled send answer is
 * reconciled and not sent again, and a canary key shows in no output or log
 * line.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods } from '../../generated/methods.js';
import { operationWithId } from '../../src/internal/surfaces.js';
import { connectSandbox, SEEDED_CONTACT_NUMBERS, SEEDED_NUMBERS, type SandboxConnection } from '../../src/sandbox/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, openphoneCommand } from '../helpers/cli.js';
import { projectRoot } from '../helpers/shared-specs.js';
const CANARY = 'canary-key-5d2e8b7f41';
const seen: string[] = [];
const clients: Client[] = [];
const ajv = new Ajv2020({ strict: false, formats: fullFormats });

beforeAll(buildCli, BUILD_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  expect(seen.join('\n')).toContain('MCP server ready');
  for (const text of seen) expect(text).not.toContain(CANARY);
});

/** The server on stdio, and its sandbox as the URL it logs names it. */
async function mcp(args: string[]): Promise<{ client: Client; sandbox: SandboxConnection }> {
  const transport = new StdioClientTransport({
    ...openphoneCommand(['mcp', '--sandbox', '--api-key', CANARY, ...args]),
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '' },
    stderr: 'pipe',
  });
  const sandboxUrl = new Promise<string>((resolve) => {
    let log = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      seen.push(chunk.toString('utf8'));
      log += chunk.toString('utf8');
      const url = /local sandbox at (\S+?) /.exec(log)?.[1];
      if (url) resolve(url);
    });
  });
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return { client, sandbox: connectSandbox(await sandboxUrl) };
}

let withDefaults: ReturnType<typeof mcp> | undefined;
/** The server with no options, shared by the tests that need nothing else: each server start costs a process. */
const mcpWithDefaults = () => (withDefaults ??= mcp([]));

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as { content: { text: string }[]; isError?: boolean };
  const text = result.content.map((part) => part.text).join('\n');
  seen.push(text);
  return { isError: result.isError === true, text, json: () => JSON.parse(result.content[0]!.text) };
}

/** Whether `data` is what the spec documents as the `data` of `method`'s answer. */
function expectDocumented(method: keyof typeof methods, data: unknown): void {
  const documented = operationWithId(methods[method].operationId)!.responseSchema as { properties: { data: unknown } };
  const validate = ajv.compile({ type: 'object', required: ['data'], properties: { data: documented.properties.data } });
  expect(validate({ data }), `${method}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

const from = SEEDED_NUMBERS.main;
const to = SEEDED_CONTACT_NUMBERS.ada;

describe('openphone mcp --sandbox', () => {
  it('lists schema-valid tools; a read and a write tool answer what the spec documents', async () => {
    const { client } = await mcpWithDefaults();
    const { tools } = await client.listTools();
    seen.push(JSON.stringify(tools));
    for (const tool of tools) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(ajv.validateSchema(tool.inputSchema), tool.name).toBe(true);
    }
    const numbers = await call(client, 'v1_phoneNumbers_list', {});
    expect(numbers.json().data.map((number: { number: string }) => number.number)).toContain(from);
    expectDocumented('v1.phoneNumbers.list', numbers.json().data);
    const task = await call(client, 'tasks_create', { title: 'From the MCP test' });
    expect(task.isError, task.text).toBe(false);
    expect(task.json().title).toBe('From the MCP test');
    expectDocumented('tasks.create', task.json());
  }, 60_000);

  it('a send over the caps is refused and a dry run estimates, neither sending a request; within them it sends', async () => {
    const { client, sandbox } = await mcp(['--tools', 'messages,tasks', '--max-segments', '1', '--budget-usd', '0.05', '--allow-to', to]);
    for (const { name } of (await client.listTools()).tools) expect(name).toMatch(/^(v1_)?(messages|tasks)_/);
    const before = (await sandbox.stats()).requests;
    const refusals = [
      [{ content: 'x'.repeat(300) }, 'maxSegments'],
      [{ to: SEEDED_CONTACT_NUMBERS.grace }, 'allowTo'],
    ] as const;
    for (const [change, rule] of refusals) {
      const refused = await call(client, 'messages_send', { from, to, content: 'Hello', ...change });
      expect(refused.isError).toBe(true);
      expect(refused.json().error.issues.map((issue: { rule: string }) => issue.rule)).toContain(rule);
    }
    const dryRun = await call(client, 'messages_send', { from, to, content: 'Hello', dryRun: true });
    expect(dryRun.json()).toMatchObject({ dryRun: true, sent: false, estimate: { segments: 1 } });
    expect((await sandbox.stats()).requests).toBe(before);
    const sent = await call(client, 'messages_send', { from, to, content: 'Hi from MCP' });
    expect(sent.json()).toMatchObject({ sent: true, message: { text: 'Hi from MCP' } });
    expectDocumented('messages.send', sent.json().message);
  }, 60_000);

  it('a spoiled send answer is reconciled by a lookup and the text not sent again', async () => {
    const { client, sandbox } = await mcpWithDefaults();
    const sendOperation = methods['messages.send'].operationId;
    await sandbox.setFaults([{ operationId: sendOperation, times: 1, fault: { type: 'process-then-status', status: 502 } }]);
    const content = `Reconcile me over stdio ${Date.now()}`;
    const result = await call(client, 'messages_send', { from, to, content });
    expect(result.isError, result.text).toBe(false);
    expect(result.json()).toMatchObject({ sent: true, reconciled: true, message: { text: content } });
    const sends = (await sandbox.stats()).processed.filter((entry) => entry.operationId === sendOperation && JSON.stringify(entry).includes(content));
    expect(sends).toHaveLength(1);
  }, 60_000);

  it('--read-only offers no tool that writes, and no send', async () => {
    const { client } = await mcp(['--read-only']);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('v1_messages_list');
    expect(tools.map((tool) => tool.name)).not.toContain('messages_send');
    for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
  }, 60_000);
});
