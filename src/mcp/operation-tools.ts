/**
 * One MCP tool per method of the client, handwritten or derived, built from
 * the generated method table and the operation tables: the name from the
 * method's dotted name, the description from the spec's summary, the input
 * schema from the method's path ids and the operation's query and body, and
 * the annotations from its HTTP method. A call runs the facade method itself,
 * so it gets the SDK's validation, phone-number lookups, rate limit and safe
 * retries. Two methods are not tools of their own: `messages.send`, which the
 * guarded send tool stands for, and a second name kept for a method
 * (`webhooks.rotateSecret` for `webhooks.rotate`), offered once under the
 * spec's name.
 */
import { derivedMethods as datedMethods } from '../../generated/2026-03-30.resources.js';
import { methods } from '../../generated/methods.js';
import { derivedMethods as v1Methods } from '../../generated/v1.resources.js';
import type { OpenPhone } from '../core/client.js';
import { pathParameterNames } from '../internal/operation-paths.js';
import type { Constraint, OperationDescriptor } from '../internal/operation-types.js';
import { operationWithId } from '../internal/surfaces.js';
import { readOptions } from '../internal/validation/options.js';
import { takesPhoneNumberId } from '../resources/phone-number-ids.js';
import type { AnyPage } from '../core/pagination.js';
import { E164_PATTERN } from '../lib/phone/e164.js';

/** A tool's input schema: a JSON Schema object with the fields it takes. */
export interface InputSchema {
  readonly type: 'object';
  readonly properties: Record<string, unknown>;
  readonly required?: string[];
  readonly additionalProperties: false;
}

export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

export interface OperationTool {
  readonly name: string;
  /** The facade method it calls: `tasks.create`, `v1.messages.list`. */
  readonly method: string;
  /** The first segment after the surface: what `tools: ['messages']` selects. */
  readonly resource: string;
  readonly operation: OperationDescriptor;
  /** The method's path-id arguments, in order: the tool's arguments of the same names. */
  readonly ids: readonly string[];
  /** Whether the method takes a params object after its ids. */
  readonly params: boolean;
  readonly description: string;
  readonly inputSchema: InputSchema;
  readonly annotations: ToolAnnotations;
  readonly list: boolean;
  /** Tool names of the method's second names (`webhooks_rotateSecret`), offered as this one: a call by one is pointed here. */
  readonly alsoNamed: readonly string[];
}

/** The facade method the guarded send tool stands for: no tool calls it, or its operation, unguarded. */
export const SEND_METHOD = 'messages.send';

/** What a list tool asks for when the model gives no page size: small enough for a context window. */
const DEFAULT_PAGE_SIZE = 20;

/** The tool's argument holding a body that is not an object of named fields. */
const BODY_ARGUMENT = 'body';

/** `v1.messages.list` is `v1_messages_list`: valid for every common client (`^[a-zA-Z0-9_-]{1,64}$`). */
export function toolName(method: string): string {
  return method.replace(/\./g, '_').slice(0, 64);
}

type MethodRow = (typeof methods)[keyof typeof methods];

/** `v1` for `v1.messages.list`, `` for `messages.list`: methods of one namespace with one operation are names for one thing. */
const namespaceOf = (method: string) => (method.startsWith('v1.') ? 'v1' : '');

/**
 * Whether `method` is a second name for an operation another method of its
 * namespace calls under the spec's name (`derived`, which wins) or sorts first.
 */
function isSecondName(method: string, row: MethodRow, rows: readonly (readonly [string, MethodRow])[], derived: ReadonlySet<string>): boolean {
  if (derived.has(method)) return false;
  const twins = rows.filter(([other, { operationId }]) => other !== method && operationId === row.operationId && namespaceOf(other) === namespaceOf(method));
  return twins.some(([other]) => derived.has(other) || other < method);
}

let tools: readonly OperationTool[] | undefined;

/** Every method of the client as a tool, but the send and second names, in a stable order; built once, on first use, from tables that never change. */
export function operationTools(): readonly OperationTool[] {
  tools ??= buildOperationTools();
  return tools;
}

function buildOperationTools(): OperationTool[] {
  const derived = new Set([...Object.values(datedMethods), ...Object.values(v1Methods)].map(({ name }) => name));
  const rows = (Object.entries(methods) as [string, MethodRow][]).filter(([, row]) => row.operationId !== methods[SEND_METHOD].operationId);
  const secondNames = rows.filter(([method, row]) => isSecondName(method, row, rows, derived));
  const alsoNamed = (method: string, row: MethodRow) =>
    secondNames.filter(([other, { operationId }]) => operationId === row.operationId && namespaceOf(other) === namespaceOf(method)).map(([other]) => toolName(other));
  return rows
    .filter((entry) => !secondNames.includes(entry))
    .map(([method, row]) => toolOf(method, row, alsoNamed(method, row)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function toolOf(method: string, row: MethodRow, alsoNamed: readonly string[]): OperationTool {
  const operation = operationWithId(row.operationId)!;
  const parts = method.split('.');
  const resource = parts[0] === 'v1' ? parts[1]! : parts[0]!;
  const pagination = row.list ? operation.pagination : null;
  const paging = pagination
    ? ` Answers one page (${DEFAULT_PAGE_SIZE} items unless \`${pagination.pageSizeParam}\` says otherwise) and \`next\`: pass it as \`${pagination.pageTokenParam}\` for the next page.`
    : '';
  const summary = operation.summary ? operation.summary.replace(/\.?$/, '.') : `${operation.method.toUpperCase()} ${operation.path}.`;
  return {
    name: toolName(method),
    method,
    resource,
    operation,
    ids: row.ids,
    params: row.params,
    description: `${summary}${operation.deprecated ? ' Deprecated.' : ''}${paging} (\`${operation.method.toUpperCase()} ${operation.path}\`, \`${operation.operationId}\`)`,
    inputSchema: inputSchemaOf(operation, row),
    annotations: annotationsOf(operation, summary),
    list: row.list,
    alsoNamed,
  };
}

/** The method's path ids, then (when it takes params) the query parameters and body fields, with the spec's constraints; nothing else accepted. */
function inputSchemaOf(operation: OperationDescriptor, row: MethodRow): InputSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [...row.ids];
  const pathNames = pathParameterNames(operation.path);
  const pathSchemas = new Map(operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, parameter.schema]));
  // A method may name an id otherwise than the path does (`eventId` for `{deliveryId}`): it is the path's id at its place.
  for (const [index, id] of row.ids.entries()) properties[id] = described(id, pathSchemas.get(id) ?? pathSchemas.get(pathNames[index]!) ?? { type: 'string' });
  for (const parameter of row.params ? operation.parameters : []) {
    if (parameter.deprecated || parameter.in !== 'query') continue;
    properties[parameter.name] = described(parameter.name, parameter.schema);
    const pageControl = parameter.name === operation.pagination?.pageSizeParam || parameter.name === operation.pagination?.pageTokenParam;
    if (parameter.required && !pageControl) required.push(parameter.name);
  }
  const body = row.params ? operation.requestBody : null;
  if (body && body.schema.properties === undefined) {
    properties[BODY_ARGUMENT] = stated(body.schema);
    if (body.required) required.push(BODY_ARGUMENT);
  } else if (body) {
    for (const [name, schema] of Object.entries(body.schema.properties ?? {})) properties[name] = described(name, schema);
    if (body.required) required.push(...(body.schema.required ?? []));
  }
  // A name listed twice (a path id a grown spec repeats) is one requirement: JSON Schema refuses duplicates.
  const unique = [...new Set(required)];
  return { type: 'object', properties, ...(unique.length > 0 && { required: unique }), additionalProperties: false };
}

/** A field's schema as stated; a phone number id's also taking one of the workspace's numbers in E.164, as the facade looks it up. */
function described(name: string, schema: Constraint): Constraint {
  if (!takesPhoneNumberId(name)) return stated(schema);
  const either = (id: Constraint): Constraint => ({ anyOf: [stated(id), WORKSPACE_NUMBER] });
  return schema.type === 'array' && schema.items ? { ...stated(schema), items: either(schema.items) } : either(schema);
}

/** The constraint as JSON Schema, saying in words what its patterns mean to the facade (an E.164 number, an id's prefix), at any depth. */
function stated(schema: Constraint): Constraint {
  const nested: Record<string, unknown> = {};
  if (schema.items) nested.items = stated(schema.items);
  if (schema.properties) nested.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, field]) => [name, stated(field)]));
  for (const union of ['anyOf', 'oneOf', 'allOf'] as const) if (schema[union]) nested[union] = schema[union]!.map(stated);
  return { ...schema, ...nested, ...patternDescription(schema) };
}

function patternDescription(schema: Constraint): { description?: string } {
  if (schema.pattern === undefined || 'description' in schema) return {};
  if (schema.pattern === E164_PATTERN) return { description: 'A phone number in E.164 format, such as +15555550123.' };
  const prefix = ID_PATTERN.exec(schema.pattern)?.[1];
  return prefix ? { description: `An id starting with ${prefix}.` } : {};
}

const WORKSPACE_NUMBER = { type: 'string', pattern: E164_PATTERN, description: "One of the workspace's phone numbers in E.164 (+15555550123), looked up to its id." };
/** `^PN(.*)$`: the spec's way of saying a phone number's id starts with `PN`. */
const ID_PATTERN = /^\^([A-Z]{2,4})\(\.\*\)\$$/;

function annotationsOf(operation: OperationDescriptor, title: string): ToolAnnotations {
  const method = operation.method;
  const readOnly = method === 'get' || method === 'head';
  return {
    title: title.replace(/\.$/, ''),
    readOnlyHint: readOnly,
    // A create adds; an update or delete changes what was there.
    destructiveHint: method === 'put' || method === 'patch' || method === 'delete',
    idempotentHint: readOnly || method === 'put' || method === 'delete',
    openWorldHint: true,
  };
}

/** A facade method known by its dotted name. */
type FacadeMethod = (...args: unknown[]) => PromiseLike<unknown>;

function facadeMethod(client: OpenPhone, dotted: string): FacadeMethod {
  const parts = dotted.split('.');
  const owner = parts.slice(0, -1).reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], client) as Record<string, FacadeMethod>;
  return owner[parts[parts.length - 1]!]!.bind(owner);
}

/** What a list tool answers: one page, and where the next one starts. */
interface ListResult {
  readonly data: readonly unknown[];
  readonly next: string | null;
}

/** Calls the tool's facade method with the model's arguments: its ids in order, then the rest as its params. */
export async function callOperationTool(client: OpenPhone, tool: OperationTool, args: Record<string, unknown>): Promise<unknown> {
  const { operation } = tool;
  // A method that takes no params has nowhere to refuse an unknown argument: it is refused here, with the nearest name.
  if (!tool.params) readOptions(args, tool.ids, { name: 'arguments' });
  const params: Record<string, unknown> = Object.fromEntries(Object.entries(args).filter(([name]) => !tool.ids.includes(name)));
  const pagination = tool.list ? operation.pagination : null;
  if (pagination && params[pagination.pageSizeParam] === undefined) {
    params[pagination.pageSizeParam] = Math.min(DEFAULT_PAGE_SIZE, pagination.maxPageSize ?? DEFAULT_PAGE_SIZE);
  }
  const rawBody = operation.requestBody !== null && operation.requestBody.schema.properties === undefined;
  const given = rawBody ? params[BODY_ARGUMENT] : params;
  const call = facadeMethod(client, tool.method);
  const result = await call(...tool.ids.map((id) => args[id]), ...(tool.params ? [given] : []));
  if (!tool.list) return result;
  const page = result as AnyPage<unknown>;
  return { data: page.data, next: 'nextCursor' in page ? page.nextCursor : page.nextPageToken } satisfies ListResult;
}
