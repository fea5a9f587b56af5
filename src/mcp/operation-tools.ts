/**
 * One MCP tool per derived facade method, built from the generated operation
 * tables: the name from the method's dotted name, the description from the
 * spec's summary, the input schema from the operation's path ids, query and
 * body, and the annotations from its HTTP method. A call runs the facade
 * method itself, so it gets the SDK's validation, rate limit and safe retries.
 */
import { derivedMethods as datedMethods } from '../../generated/2026-03-30.resources.js';
import { derivedMethods as v1Methods } from '../../generated/v1.resources.js';
import { surfaces } from '../../generated/operations.js';
import type { OpenPhone } from '../core/client.js';
import type { Constraint, OperationDescriptor } from '../internal/operation-types.js';
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
  readonly description: string;
  readonly inputSchema: InputSchema;
  readonly annotations: ToolAnnotations;
  readonly list: boolean;
}

/** What a list tool asks for when the model gives no page size: small enough for a context window. */
const DEFAULT_PAGE_SIZE = 20;

/** The tool's argument holding a body that is not an object of named fields. */
const BODY_ARGUMENT = 'body';

/** `v1.messages.list` is `v1_messages_list`: valid for every common client (`^[a-zA-Z0-9_-]{1,64}$`). */
function toolName(method: string): string {
  return method.replace(/\./g, '_').slice(0, 64);
}

/** Every derived method of both surfaces as a tool, in a stable order. */
export function operationTools(): OperationTool[] {
  const tables = [
    { methods: datedMethods, operations: surfaces.v2026_03_30.operations as unknown as Record<string, OperationDescriptor> },
    { methods: v1Methods, operations: surfaces.v1.operations as unknown as Record<string, OperationDescriptor> },
  ];
  return tables
    .flatMap(({ methods, operations }) => Object.entries(methods).map(([operationId, { name, list }]) => toolOf(operations[operationId]!, name, list)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function toolOf(operation: OperationDescriptor, method: string, list: boolean): OperationTool {
  const parts = method.split('.');
  const resource = parts[0] === 'v1' ? parts[1]! : parts[0]!;
  const pagination = list ? operation.pagination : null;
  const paging = pagination
    ? ` Answers one page (${DEFAULT_PAGE_SIZE} items unless \`${pagination.pageSizeParam}\` says otherwise) and \`next\`: pass it as \`${pagination.pageTokenParam}\` for the next page.`
    : '';
  const summary = operation.summary ? operation.summary.replace(/\.?$/, '.') : `${operation.method.toUpperCase()} ${operation.path}.`;
  return {
    name: toolName(method),
    method,
    resource,
    operation,
    description: `${summary}${operation.deprecated ? ' Deprecated.' : ''}${paging} (\`${operation.method.toUpperCase()} ${operation.path}\`, \`${operation.operationId}\`)`,
    inputSchema: inputSchemaOf(operation),
    annotations: annotationsOf(operation, summary),
    list,
  };
}

/** Path ids, then the query parameters and body fields, with the spec's constraints; nothing else accepted. */
function inputSchemaOf(operation: OperationDescriptor): InputSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.deprecated || (parameter.in !== 'path' && parameter.in !== 'query')) continue;
    properties[parameter.name] = stated(parameter.schema);
    const pageControl = parameter.name === operation.pagination?.pageSizeParam || parameter.name === operation.pagination?.pageTokenParam;
    if ((parameter.required || parameter.in === 'path') && !pageControl) required.push(parameter.name);
  }
  const body = operation.requestBody;
  if (body && body.schema.properties === undefined) {
    properties[BODY_ARGUMENT] = stated(body.schema);
    if (body.required) required.push(BODY_ARGUMENT);
  } else if (body) {
    for (const [name, schema] of Object.entries(body.schema.properties ?? {})) properties[name] = stated(schema);
    if (body.required) required.push(...(body.schema.required ?? []));
  }
  // A name listed twice (a path id a grown spec repeats) is one requirement: JSON Schema refuses duplicates.
  const unique = [...new Set(required)];
  return { type: 'object', properties, ...(unique.length > 0 && { required: unique }), additionalProperties: false };
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

/** Calls the tool's facade method with the model's arguments: path ids in template order, the rest as params. */
export async function callOperationTool(client: OpenPhone, tool: OperationTool, args: Record<string, unknown>): Promise<unknown> {
  const { operation } = tool;
  const pathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const params: Record<string, unknown> = Object.fromEntries(Object.entries(args).filter(([name]) => !pathNames.includes(name)));
  const pagination = tool.list ? operation.pagination : null;
  if (pagination && params[pagination.pageSizeParam] === undefined) {
    params[pagination.pageSizeParam] = Math.min(DEFAULT_PAGE_SIZE, pagination.maxPageSize ?? DEFAULT_PAGE_SIZE);
  }
  const rawBody = operation.requestBody !== null && operation.requestBody.schema.properties === undefined;
  const given = rawBody ? params[BODY_ARGUMENT] : params;
  const takesParams = operation.requestBody !== null || operation.parameters.some((parameter) => parameter.in === 'query' && !parameter.deprecated);
  const call = facadeMethod(client, tool.method);
  const result = await call(...pathNames.map((name) => args[name]), ...(takesParams ? [given] : []));
  if (!tool.list || !pagination) return result;
  const page = result as AnyPage<unknown>;
  return { data: page.data, next: 'nextCursor' in page ? page.nextCursor : page.nextPageToken } satisfies ListResult;
}
