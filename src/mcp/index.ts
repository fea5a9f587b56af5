/**
 * `openphone-sdk/mcp`: an MCP server on a client, every facade method a
 * tool, the send a handwritten tool with the operator's caps. Needs
 * `@modelcontextprotocol/sdk` (an optional peer dependency); connect the
 * returned server to any transport (stdio, Streamable HTTP).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { OpenPhone } from '../core/client.js';
import { ValidationError, describeValue, type ValidationIssue } from '../core/errors.js';
import { SDK_VERSION } from '../internal/version.js';
import { isRecord } from '../internal/validation/is-record.js';
import { nearestName } from '../internal/validation/nearest-name.js';
import { readOptions } from '../internal/validation/options.js';
import { callOperationTool, operationTools, type InputSchema, type OperationTool, type ToolAnnotations } from './operation-tools.js';
import { DEFAULT_MAX_RESULT_CHARS, errorResult, textResult, type ToolResult } from './results.js';
import { SEND_RESOURCE, SEND_TOOL_NAME, SendGuard, sendToolAnnotations, sendToolSchema, type SendLimits } from './send-tool.js';

export type { SendLimits } from './send-tool.js';

export interface McpServerOptions extends SendLimits {
  /** Offer only these resources' tools (`['messages', 'tasks']`, the first part of a method's name after `v1`). */
  readonly tools?: readonly string[] | undefined;
  /** Offer no tool that writes: no send, no create, update or delete. */
  readonly readOnly?: boolean | undefined;
  /** `'dynamic'`: three tools (list the operations, describe one, call one) instead of one tool each; the send called through them is as guarded. */
  readonly mode?: 'tools' | 'dynamic' | undefined;
  /** Cut a tool result longer than this many characters, with a note. Default 40 000. */
  readonly maxResultChars?: number | undefined;
}

interface Tool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: InputSchema;
  readonly annotations: ToolAnnotations;
  run(args: Record<string, unknown>): Promise<unknown>;
}

/** A tool of the API: an operation's or the send. */
interface OfferedTool extends Tool {
  /** What `tools: ['messages']` selects. */
  readonly resource: string;
  /** Tool names of a method's second names, offered as this tool. */
  readonly alsoNamed: readonly string[];
}

const OPTION_NAMES = ['tools', 'readOnly', 'mode', 'maxResultChars', 'maxSegments', 'maxCostUsd', 'budgetUsd', 'allowTo', 'maxRecipients', 'rates', 'reconcile'] as const;

/** An MCP server whose tools call `client`, so they share its key, rate limit and retries with everything else it does. */
export function createMcpServer(client: OpenPhone, options: McpServerOptions = {}): Server {
  const given = readOptions(options, OPTION_NAMES) as McpServerOptions;
  checkSelection(given);
  const maxResultChars = given.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS;
  const offered: OfferedTool[] = selectedTools(given).map((tool) => ({ ...tool, run: (args) => callOperationTool(client, tool, args) }));
  if (!given.readOnly && selects(given, SEND_RESOURCE)) {
    const guard = new SendGuard(client, given);
    offered.push({
      name: SEND_TOOL_NAME,
      resource: SEND_RESOURCE,
      alsoNamed: [],
      description: `Send a text message (SMS) from one of the workspace's numbers. Costs money and cannot be undone: use dryRun first to see the segments and cost. Never call it again after an error that says the message may have been sent.${guard.describeLimits()}`,
      inputSchema: sendToolSchema,
      annotations: sendToolAnnotations,
      run: (args) => guard.send(args),
    });
  }
  const tools = given.mode === 'dynamic' ? dynamicTools(offered) : offered;
  const find = finder('a tool', 'name', tools, given.mode === 'dynamic' ? new Map() : secondNames(offered), 'list the tools to see what is offered');
  const server = new Server({ name: 'openphone-sdk', version: SDK_VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map(listed),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<ToolResult> => {
    try {
      return textResult(await find(request.params.name).run(request.params.arguments ?? {}), maxResultChars);
    } catch (error) {
      return errorResult(error);
    }
  });
  return server;
}

/** A resource name, mode or cap that cannot be right is refused, naming it, rather than quietly offering fewer tools. */
function checkSelection(options: McpServerOptions): void {
  const issues: ValidationIssue[] = [];
  const resources = [...new Set(operationTools().map((tool) => tool.resource))].sort();
  options.tools?.forEach((resource, index) => {
    if (!resources.includes(resource)) issues.push(notAResource(`tools[${index}]`, resource, resources));
  });
  if (options.mode !== undefined && options.mode !== 'tools' && options.mode !== 'dynamic') {
    issues.push({ field: 'mode', value: options.mode, rule: 'enum', message: "must be 'tools' or 'dynamic'" });
  }
  const chars = options.maxResultChars;
  if (chars !== undefined && !(Number.isInteger(chars) && chars >= 100)) issues.push({ field: 'maxResultChars', value: chars, rule: 'minimum', message: 'must be a whole number of at least 100' });
  if (issues.length > 0) throw new ValidationError(issues);
}

function selects(options: McpServerOptions, resource: string): boolean {
  return options.tools === undefined || options.tools.includes(resource);
}

function selectedTools(options: McpServerOptions): OperationTool[] {
  return operationTools().filter((tool) => selects(options, tool.resource) && (!options.readOnly || tool.annotations.readOnlyHint));
}

/** A name that is not offered, refused naming the tool a second name is offered as, or the nearest known name, or else where to look. */
function notOffered(what: string, field: string, value: unknown, known: readonly string[], offeredAs: ReadonlyMap<string, string>, otherwise: string): ValidationIssue {
  const nearest = typeof value === 'string' ? (offeredAs.get(value) ?? nearestName(value, known)) : undefined;
  return { field, value, rule: 'enum', message: `is not ${what} offered here: ${nearest ? `did you mean ${nearest}?` : otherwise}` };
}

const notAResource = (field: string, value: unknown, resources: readonly string[]) => notOffered('a resource', field, value, resources, new Map(), `one of ${resources.join(', ')}`);

/** Looks a tool up by its name; any other name is refused as {@link notOffered} says. */
function finder<T extends Tool>(what: string, field: string, tools: readonly T[], offeredAs: ReadonlyMap<string, string>, otherwise: string): (name: unknown) => T {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  return (name) => {
    const tool = byName.get(name as string);
    if (!tool) throw new ValidationError([notOffered(what, field, name, [...byName.keys()], offeredAs, otherwise)]);
    return tool;
  };
}

/** `webhooks_rotateSecret` → `webhooks_rotate`: the tool each second name is offered as. */
const secondNames = (offered: readonly OfferedTool[]) => new Map(offered.flatMap((tool) => tool.alsoNamed.map((name) => [name, tool.name] as const)));

/** A tool as `tools/list` and `describe_operation` show it. */
const listed = ({ name, description, inputSchema, annotations }: Tool) => ({ name, description, inputSchema, annotations });

/** For clients that prefer few tools: the tools offered are listed, described and called through three, each call running the tool itself (the send as guarded). */
function dynamicTools(offered: readonly OfferedTool[]): Tool[] {
  const find = finder('an operation', 'operation', offered, secondNames(offered), 'call list_operations to see them');
  const resources = [...new Set(offered.map((tool) => tool.resource))].sort();
  const readOnly = { title: '', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  const operationArgument = { operation: { type: 'string', description: 'The operation name, as list_operations gives it.' } };
  const tools: Tool[] = [
    {
      name: 'list_operations',
      description: 'List the OpenPhone API operations this server can call, with a one-line summary each. Optionally only one resource (messages, contacts, tasks, ...).',
      inputSchema: { type: 'object', properties: { resource: { type: 'string', enum: resources } }, additionalProperties: false },
      annotations: { ...readOnly, title: 'List operations' },
      run: async ({ resource }) => {
        if (resource !== undefined && !resources.includes(resource as string)) throw new ValidationError([notAResource('resource', resource, resources)]);
        return offered
          .filter((tool) => resource === undefined || tool.resource === resource)
          .map((tool) => ({ name: tool.name, summary: tool.annotations.title, readOnly: tool.annotations.readOnlyHint }));
      },
    },
    {
      name: 'describe_operation',
      description: 'Describe one operation: what it does, its input JSON Schema and whether it writes.',
      inputSchema: { type: 'object', properties: operationArgument, required: ['operation'], additionalProperties: false },
      annotations: { ...readOnly, title: 'Describe an operation' },
      run: async ({ operation }) => listed(find(operation)),
    },
    {
      name: 'call_operation',
      description: `Call one operation with arguments matching its input schema (see describe_operation). Lists answer one page and a \`next\` cursor.${offered.some((tool) => tool.name === SEND_TOOL_NAME) ? ` ${SEND_TOOL_NAME} sends a text with the operator's limits: describe it first.` : ''}`,
      inputSchema: {
        type: 'object',
        properties: { ...operationArgument, arguments: { type: 'object', description: 'The operation’s arguments.' } },
        required: ['operation'],
        additionalProperties: false,
      },
      annotations: {
        title: 'Call an operation',
        readOnlyHint: offered.every((tool) => tool.annotations.readOnlyHint),
        destructiveHint: offered.some((tool) => tool.annotations.destructiveHint),
        idempotentHint: false,
        openWorldHint: true,
      },
      run: async ({ operation, arguments: args = {} }) => {
        if (!isRecord(args)) throw new ValidationError([{ field: 'arguments', value: args, rule: 'type', message: `must be an object of the operation's arguments, got ${describeValue(args)}` }]);
        return find(operation).run(args);
      },
    },
  ];
  // Each takes only the fields its schema names: a misspelt one is refused with the nearest.
  return tools.map((tool) => ({ ...tool, run: (args) => tool.run(readOptions(args, Object.keys(tool.inputSchema.properties), { name: 'arguments' })) }));
}
