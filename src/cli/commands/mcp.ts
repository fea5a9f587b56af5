import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { EXIT, type CliContext } from '../context.js';
import { parseRates } from '../estimate.js';
import { loadOptional } from '../optional.js';

export const usage = `openphone mcp [options]

Runs an MCP server on standard input and output: every method of the client
a tool, and a send tool that keeps to the limits below. Add it to an MCP client
(Claude Desktop, Claude Code, Cursor, VS Code) as the command
\`npx -y -p openphone-sdk -p @modelcontextprotocol/sdk openphone mcp\`
with OPENPHONE_API_KEY in its environment.

  --tools <a,b>           only these resources' tools (messages,contacts,tasks,...)
  --read-only             no tool that writes, and no send
  --dynamic               three tools (list, describe, call an operation; a send through
                          them keeps to the same limits) instead of one each
  --max-segments <n>      refuse a send of more segments than this
  --max-cost-usd <USD>    refuse a send that costs more than this
  --budget-usd <USD>      refuse sends past this much in all while the server runs
  --allow-to <pattern>    only send to these numbers, * for any digits (+1555*; repeatable or comma-separated)
  --max-recipients <n>    refuse a send to more recipients than this
  --rate <CC=USD>         destination rate for international recipients (repeatable)

With --sandbox it runs against a local sandbox: try it without a key.
Needs @modelcontextprotocol/sdk installed.`;

const list = (values: readonly string[] | undefined) =>
  values
    ?.flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
const count = (value: string | undefined) => (value === undefined ? undefined : Number(value));

export async function mcp(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      tools: { type: 'string', multiple: true },
      'read-only': { type: 'boolean', default: false },
      dynamic: { type: 'boolean', default: false },
      'max-segments': { type: 'string' },
      'max-cost-usd': { type: 'string' },
      'budget-usd': { type: 'string' },
      'allow-to': { type: 'string', multiple: true },
      'max-recipients': { type: 'string' },
      rate: { type: 'string', multiple: true },
    },
  });
  const { StdioServerTransport } = await loadOptional('@modelcontextprotocol/sdk', () => import('@modelcontextprotocol/sdk/server/stdio.js'));
  const { createMcpServer } = await import('../../mcp/index.js');
  const client = await context.client();
  const server = createMcpServer(client, {
    tools: list(values.tools),
    readOnly: values['read-only'],
    mode: values.dynamic ? 'dynamic' : 'tools',
    maxSegments: count(values['max-segments']),
    maxCostUsd: values['max-cost-usd'],
    budgetUsd: values['budget-usd'],
    allowTo: list(values['allow-to']),
    maxRecipients: count(values['max-recipients']),
    rates: parseRates(values.rate),
  });
  // What reaches the client passes the same redaction as every other line this command line prints.
  const out = new Writable({ write: (chunk: Buffer, _encoding, done) => (context.write('stdout', chunk.toString('utf8')), done()) });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    context.io.stdin.once('end', () => void server.close());
  });
  await server.connect(new StdioServerTransport(context.io.stdin as NodeJS.ReadStream, out));
  context.note('OpenPhone MCP server ready on stdio.');
  await closed;
  return EXIT.ok;
}
