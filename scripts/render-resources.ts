/**
 * Writes each surface's resource classes: one explicit method per operation,
 * named by scripts/naming.ts, each a one-line call of the interpreter on
 * `Resource` (`callOperation` / `listOperation`), with its params and result
 * types spelled out so that editors show them by name.
 */
import { readFileSync } from 'node:fs';
import { pathParameterNames } from '../src/internal/operation-paths.js';
import type { OperationDescriptor, ParameterDescriptor } from '../src/internal/operation-types.js';
import { handwrittenMethods } from './method-names.js';
import { camelCase, dottedName, pascalCase, serveSurface, type MethodName } from './naming.js';
import { canonicalJson, compareStrings, dereference, describeOperations, isObject, withoutAnnotations, type Json } from './operations.js';
import type { OpenApiDocument } from './spec.js';

/** What the resource renderer reads of a spec: its document (the pulled spec with its overlay applied). */
type LoadedSpec = { readonly document: OpenApiDocument };
import type { Surface } from './surfaces.js';

/** One derived method, as the class, the reference and the tests need it. */
export interface DerivedMethod {
  readonly operation: OperationDescriptor;
  readonly name: MethodName;
  readonly pathIds: readonly string[];
  /** The params type's name, and whether callers may leave it out; null when the operation takes no params. */
  readonly params: { readonly type: string; readonly optional: boolean } | null;
  readonly options: 'RequestOptions' | 'ListOptions';
  readonly result: string;
  readonly list: boolean;
}

export interface SurfaceMethods {
  readonly surface: Surface;
  readonly methods: readonly DerivedMethod[];
  /** Declarations of the params and result types the methods name. */
  readonly declarations: readonly string[];
  /** Operations no derived method serves, with why. */
  readonly notDerived: readonly { readonly operation: OperationDescriptor; readonly kind: 'handwritten' | 'taken'; readonly name: string; readonly reason: string }[];
}

/** Model names `src/internal/types.ts` gives operation results (`export interface Call extends ItemOf<ResponseData<'listCalls_v1'>> {}`). */
export function namedModels(source = readFileSync(new URL('../src/internal/types.ts', import.meta.url), 'utf8')): Map<string, string> {
  const models = new Map<string, string>();
  const declared = /export (?:interface|type) (\w+)(?: extends | = )(ItemOf<)?(ResponseData|SuccessBody)<'([^']+)'>>?(?: \{\}|;)/g;
  for (const match of source.matchAll(declared)) {
    const key = `${match[3] === 'SuccessBody' ? 'body' : match[2] ? 'item' : 'data'}:${match[4]}`;
    if (!models.has(key)) models.set(key, match[1]!);
  }
  // A union of models names the results its `@model` tag lists (`@model data:getWebhookById_v1`).
  for (const match of source.matchAll(/@model ([^*\n]+)\*\/\nexport type (\w+) = /g)) {
    for (const key of match[1]!.trim().split(/\s+/)) if (!models.has(key)) models.set(key, match[2]!);
  }
  return models;
}

/** The prefix of a surface's type and class names: none for the top-level surface. */
const prefixOf = (surface: Surface) => (surface.namespace ? pascalCase(surface.namespace) : '');

/** `V1ListCalls` for `listCalls_v1`: the operation id without its surface suffix, prefixed by the surface. */
function baseName(surface: Surface, operationId: string): string {
  return prefixOf(surface) + pascalCase(operationId.replace(new RegExp(`_${surface.name.replace(/\W/g, '_')}$`), ''));
}

export function className(surface: Surface, resource: readonly string[]): string {
  return prefixOf(surface) + resource.map(pascalCase).join('');
}

function successSchema(document: LoadedSpec['document'], operation: OperationDescriptor): Json | undefined {
  const path = document.paths[operation.path];
  const raw = isObject(path) ? path[operation.method] : undefined;
  const responses = isObject(raw) ? dereference(document, raw.responses ?? null) : null;
  const success = isObject(responses) && operation.successStatus !== null ? responses[String(operation.successStatus)] : undefined;
  const media = isObject(success) && isObject(success.content) ? success.content['application/json'] : undefined;
  return isObject(media) ? media.schema : undefined;
}

const isUnion = (schema: Json | undefined) => isObject(schema) && (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf));
const isArraySchema = (schema: Json | undefined) => isObject(schema) && (schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array')));

const key = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name));
const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const comment = (text: string) => text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();

/** One params member; an optional one also takes `undefined`, as code under `exactOptionalPropertyTypes` passes it. */
function member(name: string, optional: boolean, type: string): string {
  return `  readonly ${key(name)}${optional ? '?' : ''}: ${type}${optional && !type.endsWith('| undefined') ? ' | undefined' : ''};`;
}

/** A params field's type: lists take one value or several, date-times a `Date` or ISO text. */
function fieldType(source: string, schema: OperationDescriptor['parameters'][number]['schema']): string {
  const branches = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (branches.some((b) => b.format === 'date-time')) return 'DateInput';
  const plainList = schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'));
  return plainList ? `OneOrMany<NonNullable<${source}>[number]>` : source;
}

function describeMethods(surface: Surface, spec: LoadedSpec, models: ReadonlyMap<string, string>): SurfaceMethods {
  const operations = describeOperations(spec.document);
  const served = serveSurface(operations, !surface.namespace);
  const sameAs = modelsBySchema(spec, operations, models);
  const methods: DerivedMethod[] = [];
  const declarations: string[] = [];
  const notDerived: SurfaceMethods['notDerived'][number][] = [];
  for (const operation of operations) {
    const how = served.get(operation.operationId)!;
    if (how.kind !== 'derived') {
      notDerived.push({ operation, kind: how.kind, name: dottedName(how.name), reason: how.reason });
      continue;
    }
    const id = quote(operation.operationId);
    const base = baseName(surface, operation.operationId);
    const query: ParameterDescriptor[] = operation.parameters.filter((p) => p.in === 'query' && !p.deprecated);
    const body = operation.requestBody;
    const bodyFields = Object.entries(body?.schema.properties ?? {});
    let params: DerivedMethod['params'] = null;
    if (body && body.schema.properties === undefined && query.length === 0) {
      declarations.push(`export type ${base}Params = NonNullable<RequestBody<${id}>>;`);
      params = { type: `${base}Params`, optional: !body.required };
    } else if (query.length + bodyFields.length > 0) {
      const pageFields = new Set([operation.pagination?.pageSizeParam, operation.pagination?.pageTokenParam]);
      const required = new Set(body?.required ? (body.schema.required ?? []) : []);
      const members = [
        ...query.map((p) => member(p.name, !p.required || pageFields.has(p.name), fieldType(`QueryParams<${id}>[${quote(p.name)}]`, p.schema))),
        ...bodyFields.map(([name, schema]) => member(name, !required.has(name), fieldType(`NonNullable<RequestBody<${id}>>[${quote(name)}]`, schema))),
      ];
      declarations.push(`/** The query and body fields of \`${operation.operationId}\`. */\nexport interface ${base}Params {\n${members.join('\n')}\n}`);
      params = { type: `${base}Params`, optional: !members.some((member) => !member.includes('?:')) };
    }
    const schema = successSchema(spec.document, operation);
    const data = isObject(schema) && isObject(schema.properties) ? schema.properties.data : undefined;
    const list = operation.result === 'data' && isArraySchema(data) && (operation.pagination !== null || how.name.method === 'list');
    const model = (kind: 'data' | 'item' | 'body', of: Json | undefined, fallback: string, type: string) => {
      const named = models.get(`${kind}:${operation.operationId}`) ?? sameAs.get(canonicalJson(withoutAnnotations(of ?? null)));
      if (named) return named;
      declarations.push(isUnion(of) ? `export type ${fallback} = ${type};` : `export interface ${fallback} extends ${type} {}`);
      return fallback;
    };
    let result: string;
    if (operation.result === 'none') result = 'void';
    else if (operation.result === 'body') result = model('body', schema, `${base}Result`, `SuccessBody<${id}>`);
    else if (isArraySchema(data)) {
      const item = model('item', isObject(data) ? data.items : undefined, `${base}Item`, `ItemOf<ResponseData<${id}>>`);
      result = list ? item : `${item}[]`;
    } else result = model('data', data, `${base}Result`, `ResponseData<${id}>`);
    const pathIds = pathParameterNames(operation.path).map(camelCase);
    methods.push({ operation, name: how.name, pathIds, params, options: list ? 'ListOptions' : 'RequestOptions', result, list });
  }
  return { surface, methods, declarations, notDerived };
}

/** The result schemas of named models, so another operation answering the same schema gets the same name. */
function modelsBySchema(spec: LoadedSpec, operations: readonly OperationDescriptor[], models: ReadonlyMap<string, string>): Map<string, string> {
  const bySchema = new Map<string, string>();
  for (const operation of operations) {
    const schema = successSchema(spec.document, operation);
    const data = isObject(schema) && isObject(schema.properties) ? schema.properties.data : undefined;
    const item = isObject(data) ? data.items : undefined;
    for (const [kind, of] of [
      ['body', schema],
      ['data', data],
      ['item', item],
    ] as const) {
      const named = models.get(`${kind}:${operation.operationId}`);
      if (named && of !== undefined) bySchema.set(canonicalJson(withoutAnnotations(of)), named);
    }
  }
  return bySchema;
}

/** The page type a list method's promise resolves to. */
export function returnType(method: DerivedMethod): string {
  if (!method.list) return `APIPromise<${method.result}>`;
  const page = method.operation.pagination?.style === 'cursor' ? 'CursorPage' : 'Page';
  return `PagePromise<${method.result}, ${page}<${method.result}>>`;
}

export function signature(method: DerivedMethod): string {
  const args = [...method.pathIds.map((id) => `${id}: string`), ...(method.params ? [`params${method.params.optional ? '?' : ''}: ${method.params.type}`] : []), `options?: ${method.options}`];
  return `${method.name.method}(${args.join(', ')}): ${returnType(method)}`;
}

interface ResourceNode {
  readonly resource: readonly string[];
  readonly methods: DerivedMethod[];
  readonly children: Map<string, ResourceNode>;
}

function tree(methods: readonly DerivedMethod[], always: readonly string[]): ResourceNode {
  const root: ResourceNode = { resource: [], methods: [], children: new Map() };
  const nodeAt = (resource: readonly string[]) =>
    resource.reduce((node, segment, index) => {
      if (!node.children.has(segment)) node.children.set(segment, { resource: resource.slice(0, index + 1), methods: [], children: new Map() });
      return node.children.get(segment)!;
    }, root);
  for (const name of always) nodeAt([name]);
  for (const method of methods) nodeAt(method.name.resource).methods.push(method);
  return root;
}

function renderClass(surface: Surface, node: ResourceNode, handwritten: boolean): string[] {
  const name = className(surface, node.resource);
  const children = [...node.children.values()].sort((a, b) => compareStrings(a.resource.join('.'), b.resource.join('.')));
  const clash = node.methods.find((method) => node.children.has(method.name.method));
  if (clash) throw new Error(`${clash.operation.operationId}: ${dottedName(clash.name)} is also a resource; rename it in scripts/method-names.ts`);
  const where = surface.namespace ? `client.${surface.namespace}.${node.resource.join('.')}` : `client.${node.resource.join('.')}`;
  const lines = [
    handwritten ? `/** The derived methods of \`${where}\`; the handwritten class in src/resources/ extends it with its own. */` : `/** \`${where}\`: every operation under it, one method each. */`,
    `export class ${name} extends Resource {`,
  ];
  for (const child of children) lines.push(`  readonly ${child.resource[child.resource.length - 1]}: ${className(surface, child.resource)};`);
  if (children.length > 0) {
    lines.push('', '  constructor(context: ResourceContext) {', '    super(context);');
    for (const child of children) lines.push(`    this.${child.resource[child.resource.length - 1]} = new ${className(surface, child.resource)}(context);`);
    lines.push('  }');
  }
  const methods = [...node.methods].sort((a, b) => compareStrings(a.name.method, b.name.method));
  for (const method of methods) {
    const { operation } = method;
    const doc = [operation.summary ? `${comment(operation.summary).replace(/\.?$/, '.')} ` : '', `\`${operation.method.toUpperCase()} ${operation.path}\` (\`${operation.operationId}\`).`].join('');
    const call = method.list ? 'listOperation' : 'callOperation';
    const typeArgs = method.list ? `<${returnType(method).slice('PagePromise<'.length, -1)}>` : `<${method.result}>`;
    const args = [quote(operation.operationId), `[${method.pathIds.join(', ')}]`, method.params ? 'params' : 'undefined', 'options'];
    if (lines[lines.length - 1] !== '{' && !lines[lines.length - 1]!.endsWith('{')) lines.push('');
    lines.push(`  /** ${doc}${operation.deprecated ? ' @deprecated' : ''} */`);
    lines.push(`  ${signature(method)} {`, `    return this.${call}${typeArgs}(${args.join(', ')});`, '  }');
  }
  lines.push('}');
  return [lines.join('\n'), ...children.flatMap((child) => renderClass(surface, child, false))];
}

/** Every surface's methods, with the model names of src/internal/types.ts. */
export function surfaceMethods(surface: Surface, spec: LoadedSpec): SurfaceMethods {
  return describeMethods(surface, spec, namedModels());
}

export function renderResources(surface: Surface, spec: LoadedSpec, header: string): string {
  const described = surfaceMethods(surface, spec);
  const handwritten = surface.namespace ? [] : Object.keys(handwrittenMethods);
  const root = tree(described.methods, handwritten);
  const top = [...root.children.values()].sort((a, b) => compareStrings(a.resource[0]!, b.resource[0]!));
  const code = described.declarations.concat(top.flatMap((node) => renderClass(surface, node, handwritten.includes(node.resource[0]!))));
  const tail = surface.namespace
    ? rootClass(surface, top)
    : topLevel(
        surface,
        top.filter((node) => !handwritten.includes(node.resource[0]!)),
      );
  const used = (name: string) => [...code, tail].some((text) => new RegExp(`\\b${name}\\b`).test(text));
  const models = [...new Set(namedModels().values())].filter(used);
  const imports = [
    `import type { APIPromise } from '../src/core/api-promise.js';`,
    ...(used('PagePromise') ? [`import type { ${['CursorPage', 'Page', 'PagePromise'].filter(used).join(', ')} } from '../src/core/pagination.js';`] : []),
    `import { Resource, type ${['DateInput', 'ListOptions', 'OneOrMany', 'RequestOptions', 'ResourceContext'].filter(used).join(', type ')} } from '../src/resources/resource.js';`,
    `import type { ${[...['ItemOf', 'QueryParams', 'RequestBody', 'ResponseData', 'SuccessBody'].filter(used), ...models].sort(compareStrings).join(', ')} } from '../src/internal/types.js';`,
  ].filter((line) => !line.includes('{  }') && !line.includes('type  }'));
  return [header, ...imports, '', code.join('\n\n'), '', tail, '', methodTable(surface, described.methods), ''].join('\n');
}

/** Each derived method's dotted name on the client and whether it lists, by operation id: what code working from the table at run time (the MCP tools) calls. */
function methodTable(surface: Surface, methods: readonly DerivedMethod[]): string {
  const rows = [...methods]
    .sort((a, b) => compareStrings(a.operation.operationId, b.operation.operationId))
    .map((method) => `  ${key(method.operation.operationId)}: { name: ${quote([...(surface.namespace ? [surface.namespace] : []), dottedName(method.name)].join('.'))}, list: ${method.list} },`);
  return [
    '/** Each derived method by operation id: its dotted name on the client, and whether it answers a list. */',
    'export const derivedMethods: { readonly [operationId: string]: { readonly name: string; readonly list: boolean } } = {',
    ...rows,
    '};',
  ].join('\n');
}

function rootClass(surface: Surface, top: readonly ResourceNode[]): string {
  const name = prefixOf(surface);
  return [
    `/** Every operation of the ${surface.title}, with its shapes: \`client.${surface.namespace}.<resource>.<method>\`. */`,
    `export class ${name} {`,
    ...top.map((node) => `  readonly ${node.resource[0]}: ${className(surface, node.resource)};`),
    '',
    '  constructor(context: ResourceContext) {',
    ...top.map((node) => `    this.${node.resource[0]} = new ${className(surface, node.resource)}(context);`),
    '  }',
    '}',
  ].join('\n');
}

function topLevel(surface: Surface, derived: readonly ResourceNode[]): string {
  return [
    `/** The resources of the ${surface.title} no handwritten class extends: on the client itself. */`,
    'export interface DerivedResources {',
    ...derived.map((node) => `  readonly ${node.resource[0]}: ${className(surface, node.resource)};`),
    '}',
    '',
    'export function derivedResources(context: ResourceContext): DerivedResources {',
    `  return { ${derived.map((node) => `${node.resource[0]}: new ${className(surface, node.resource)}(context)`).join(', ')} };`,
    '}',
  ].join('\n');
}
