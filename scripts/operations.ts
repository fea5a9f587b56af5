import { createHash } from 'node:crypto';
import type {
  Constraint,
  ErrorResponseDescriptor,
  HttpMethod,
  OperationDescriptor,
  PaginationDescriptor,
  ParameterDescriptor,
  ParameterLocation,
  RequestBodyDescriptor,
  ResultShape,
} from '../src/internal/operation-types.js';
import { isRecord } from '../src/internal/validation/is-record.js';
import type { OpenApiDocument } from './spec.js';

const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Schema keywords kept in the operation table: the ones a client can check before sending. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'default',
  'deprecated',
  'required',
] as const satisfies readonly (keyof Constraint)[];

/** Keywords that only document; a change to them is not a change to the contract. */
export const ANNOTATION_KEYWORDS = new Set(['description', 'summary', 'examples', 'example', '$comment', 'externalDocs']);

/** Keys whose children are names (not keywords), so annotation stripping must not apply to them. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'headers', 'content', 'responses']);

/** Keys whose values are data, never schemas. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples', 'example']);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The one object rule (`isRecord`), typed for parsed JSON, whose values are JSON. */
export const isObject = isRecord as (value: unknown) => value is JsonObject;

/** What a local `$ref` (`#/components/...`, `#/paths/...`) points at, itself unresolved. */
export function dereferenceOnce(document: OpenApiDocument, ref: string): Json {
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return target as Json;
}

/** Resolves local `$ref`s (`#/components/...`) everywhere in `value`; cycles are left as refs. */
export function dereference(document: OpenApiDocument, value: Json, seen: readonly string[] = []): Json {
  if (Array.isArray(value)) return value.map((item) => dereference(document, item, seen));
  if (!isObject(value)) return value;
  const ref = value.$ref;
  if (typeof ref === 'string') {
    if (!ref.startsWith('#/') || seen.includes(ref)) return value;
    const { $ref: _ignored, ...siblings } = value;
    return dereference(document, { ...(dereferenceOnce(document, ref) as JsonObject), ...siblings }, [...seen, ref]);
  }
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = DATA_KEYWORDS.has(key) ? child : dereference(document, child, seen);
  }
  return out;
}

function toConstraint(schema: Json | undefined): Constraint {
  if (!isObject(schema)) return {};
  const out: Record<string, unknown> = {};
  for (const keyword of CONSTRAINT_KEYWORDS) {
    if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
  }
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([name, child]) => [name, toConstraint(child)]));
  }
  if (isObject(schema.items)) out.items = toConstraint(schema.items);
  for (const combinator of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) out[combinator] = branches.map((branch) => toConstraint(branch));
  }
  return out as Constraint;
}

interface RawOperation {
  method: HttpMethod;
  path: string;
  operation: JsonObject;
  pathItem: JsonObject;
}

function rawOperations(document: OpenApiDocument): RawOperation[] {
  const found: RawOperation[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (isObject(operation)) found.push({ method, path, operation, pathItem });
    }
  }
  return found;
}

export function operationIdOf({ operation, method, path }: RawOperation): string {
  return typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`;
}

/** Path-level parameters apply unless the operation redefines the same name and location. */
function parametersOf(document: OpenApiDocument, raw: RawOperation): JsonObject[] {
  const resolve = (list: Json | undefined) => (Array.isArray(list) ? list : []).map((p) => dereference(document, p)).filter(isObject);
  const own = resolve(raw.operation.parameters);
  const inherited = resolve(raw.pathItem.parameters).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  return [...inherited, ...own];
}

function jsonRequestBody(document: OpenApiDocument, raw: RawOperation): { body: JsonObject; contentType: string } | null {
  const body = dereference(document, raw.operation.requestBody ?? null);
  if (!isObject(body) || !isObject(body.content)) return null;
  const contentTypes = Object.keys(body.content);
  const contentType = contentTypes.find((type) => /json/i.test(type)) ?? contentTypes[0];
  return contentType === undefined ? null : { body, contentType };
}

/** A page-size schema's bounds, also when it is written as `anyOf: [{ type: 'integer', ... }, { type: 'null' }]`. */
function pageSizeBounds(schema: Constraint): Pick<PaginationDescriptor, 'minPageSize' | 'maxPageSize' | 'defaultPageSize'> {
  const numeric = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((branch) => branch.maximum !== undefined || branch.minimum !== undefined || typeof branch.default === 'number');
  if (!numeric) return {};
  return {
    ...(numeric.minimum !== undefined && { minPageSize: numeric.minimum }),
    ...(numeric.maximum !== undefined && { maxPageSize: numeric.maximum }),
    ...(typeof numeric.default === 'number' && { defaultPageSize: numeric.default }),
  };
}

/** The two ways the API pages: v1's page tokens and the dated API's cursors. */
const PAGINATION_STYLES = [
  { style: 'page-token', pageSizeParam: 'maxResults', pageTokenParam: 'pageToken', nextPageTokenField: 'nextPageToken' },
  { style: 'cursor', pageSizeParam: 'limit', pageTokenParam: 'after', nextPageTokenField: 'nextCursor' },
] as const;

function describePagination(parameters: readonly ParameterDescriptor[], responses: Json): PaginationDescriptor | null {
  const ok = isObject(responses) ? responses['200'] : undefined;
  const schema = isObject(ok) && isObject(ok.content) ? ok.content['application/json'] : undefined;
  const properties = isObject(schema) && isObject(schema.schema) ? schema.schema.properties : undefined;
  if (!isObject(properties)) return null;
  const query = (name: string) => parameters.find((p) => p.in === 'query' && p.name === name);
  for (const style of PAGINATION_STYLES) {
    const pageSize = query(style.pageSizeParam);
    if (!pageSize || !query(style.pageTokenParam) || !(style.nextPageTokenField in properties)) continue;
    return { ...style, ...pageSizeBounds(pageSize.schema) };
  }
  return null;
}

/** Fields of a success body beside `data` that say where the list goes on, not what was asked for. */
const PAGE_FIELDS = new Set(['data', 'nextPageToken', 'nextCursor', 'totalItems']);

/** What a success answers: `{ data }` (a list's page included), a record of its own, or nothing (204, or 202 `{}`). */
function describeResult(responses: Json, successStatus: number | null): ResultShape {
  const success = isObject(responses) && successStatus !== null ? responses[String(successStatus)] : undefined;
  const media = isObject(success) && isObject(success.content) ? success.content['application/json'] : undefined;
  const schema = isObject(media) ? media.schema : undefined;
  const properties = isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : [];
  if (!isObject(schema) || (properties.length === 0 && schema.type === 'object')) return 'none';
  return properties.includes('data') && properties.every((name) => PAGE_FIELDS.has(name)) ? 'data' : 'body';
}

/** The one value a schema allows, if it allows exactly one. */
function onlyValue(schema: Json | undefined): string | null {
  if (!isObject(schema)) return null;
  if (typeof schema.const === 'string') return schema.const;
  return Array.isArray(schema.enum) && schema.enum.length === 1 && typeof schema.enum[0] === 'string' ? schema.enum[0] : null;
}

/** A required header with a single allowed value, e.g. `Quo-Api-Version: 2026-03-30`: the client sends it itself. */
function fixedHeaderOf(parameter: JsonObject): [string, string] | null {
  if (parameter.in !== 'header' || parameter.required !== true) return null;
  const value = onlyValue(parameter.schema);
  return value === null ? null : [String(parameter.name), value];
}

/**
 * The document without its fixed headers, for the type generator: the client
 * sets them, so the generated types must not ask callers for them.
 */
export function withoutFixedHeaders(document: OpenApiDocument): OpenApiDocument {
  const keep = (list: Json | undefined): Json | undefined => (Array.isArray(list) ? list.filter((p) => !(isObject(p) && fixedHeaderOf(dereference(document, p) as JsonObject))) : list);
  const paths: OpenApiDocument['paths'] = {};
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isObject(pathItem)) {
      paths[path] = pathItem;
      continue;
    }
    const item: JsonObject = { ...pathItem };
    if (item.parameters !== undefined) item.parameters = keep(item.parameters) ?? null;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObject(operation) && operation.parameters !== undefined) item[method] = { ...operation, parameters: keep(operation.parameters) ?? null };
    }
    paths[path] = item;
  }
  return { ...document, paths };
}

function constOf(schema: Json | undefined, property: string): string | null {
  const properties = isObject(schema) ? schema.properties : undefined;
  const field = isObject(properties) ? properties[property] : undefined;
  return isObject(field) && typeof field.const === 'string' ? field.const : null;
}

function describeErrors(responses: Json): Record<string, ErrorResponseDescriptor> {
  const errors: Record<string, ErrorResponseDescriptor> = {};
  for (const [status, response] of Object.entries(isObject(responses) ? responses : {})) {
    if (!/^[45]\d\d$/.test(status) || !isObject(response) || !isObject(response.content)) continue;
    const media = response.content['application/json'];
    const schema = isObject(media) ? media.schema : undefined;
    errors[status] = { code: constOf(schema, 'code'), title: constOf(schema, 'title'), description: constOf(schema, 'description') };
  }
  return errors;
}

/** The JSON schema of the success response, for servers that build answers (the sandbox). */
function successSchema(responses: Json, status: number | null): Constraint | null {
  const response = isObject(responses) && status !== null ? responses[String(status)] : undefined;
  const media = isObject(response) && isObject(response.content) ? response.content['application/json'] : undefined;
  return isObject(media) && isObject(media.schema) ? toConstraint(media.schema) : null;
}

/** Each document's descriptors: one run renders several files from one document, each asking for them. */
const described = new WeakMap<OpenApiDocument, readonly OperationDescriptor[]>();

/**
 * One descriptor per operation, sorted by operationId so the output does not depend on key order.
 * Described once per document object; documents are not changed once loaded.
 */
export function describeOperations(document: OpenApiDocument): OperationDescriptor[] {
  let operations = described.get(document);
  if (!operations) {
    operations = describeEach(document);
    described.set(document, operations);
  }
  return [...operations];
}

function describeEach(document: OpenApiDocument): OperationDescriptor[] {
  return rawOperations(document)
    .map((raw): OperationDescriptor => {
      const declared = parametersOf(document, raw);
      const parameters = declared
        .filter((p) => !fixedHeaderOf(p))
        .map(
          (p): ParameterDescriptor => ({
            name: String(p.name),
            in: String(p.in) as ParameterLocation,
            required: p.required === true || p.in === 'path',
            deprecated: p.deprecated === true || (isObject(p.schema) && p.schema.deprecated === true),
            schema: toConstraint(p.schema),
          }),
        );
      const json = jsonRequestBody(document, raw);
      const media = json && isObject(json.body.content) ? json.body.content[json.contentType] : undefined;
      const requestBody: RequestBodyDescriptor | null = json
        ? {
            required: json.body.required === true,
            contentType: json.contentType,
            schema: toConstraint(isObject(media) ? media.schema : undefined),
          }
        : null;
      const responses = dereference(document, raw.operation.responses ?? null);
      const successStatus =
        Object.keys(isObject(responses) ? responses : {})
          .filter((status) => /^2\d\d$/.test(status))
          .map(Number)
          .sort((a, b) => a - b)[0] ?? null;
      const tags = raw.operation.tags;
      return {
        operationId: operationIdOf(raw),
        method: raw.method,
        path: raw.path,
        tag: Array.isArray(tags) && typeof tags[0] === 'string' ? tags[0] : null,
        summary: typeof raw.operation.summary === 'string' ? raw.operation.summary : null,
        deprecated: raw.operation.deprecated === true,
        successStatus,
        parameters,
        fixedHeaders: Object.fromEntries(declared.map(fixedHeaderOf).filter((header) => header !== null)),
        requestBody,
        pagination: describePagination(parameters, responses),
        result: describeResult(responses, successStatus),
        errors: describeErrors(responses),
        responseSchema: successSchema(responses, successStatus),
      };
    })
    .sort((a, b) => compareStrings(a.operationId, b.operationId));
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Fingerprints: what the lock records so `--check` can say what changed.

export interface OperationFingerprint {
  operationId: string;
  method: string;
  path: string;
  tag: string | null;
  deprecated: boolean;
  parameters: Record<string, string>;
  requestBody: Record<string, string> | null;
  responses: Record<string, string>;
}

/** Drops documentation-only keywords so prose edits do not count as contract changes. */
export function withoutAnnotations(value: Json, parentKey?: string): Json {
  if (Array.isArray(value)) return value.map((item) => withoutAnnotations(item));
  if (!isObject(value)) return value;
  const namesOnly = parentKey !== undefined && NAME_MAPS.has(parentKey);
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (!namesOnly && ANNOTATION_KEYWORDS.has(key)) continue;
    out[key] = !namesOnly && DATA_KEYWORDS.has(key) ? child : withoutAnnotations(child, namesOnly ? undefined : key);
  }
  return out;
}

/** JSON with sorted keys, so equal structures hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort(compareStrings)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function digest(value: Json): string {
  return createHash('sha256')
    .update(canonicalJson(withoutAnnotations(value)))
    .digest('hex')
    .slice(0, 16);
}

function sortedRecord(entries: [string, string][]): Record<string, string> {
  return Object.fromEntries(entries.sort(([a], [b]) => compareStrings(a, b)));
}

/** A body's top-level properties are fingerprinted one by one; `(body)` covers everything else. */
export const BODY_ENVELOPE = '(body)';

export function fingerprintOperations(document: OpenApiDocument): OperationFingerprint[] {
  const descriptors = new Map(describeOperations(document).map((d) => [d.operationId, d]));
  return rawOperations(document)
    .map((raw): OperationFingerprint => {
      const operationId = operationIdOf(raw);
      const descriptor = descriptors.get(operationId)!;
      const parameters = sortedRecord(parametersOf(document, raw).map((p) => [`${String(p.in)}:${String(p.name)}`, digest(p)]));
      const json = jsonRequestBody(document, raw);
      let requestBody: Record<string, string> | null = null;
      if (json) {
        const media = isObject(json.body.content) ? json.body.content[json.contentType] : undefined;
        const schema = isObject(media) && isObject(media.schema) ? media.schema : {};
        const { properties, ...schemaRest } = schema;
        const envelope: JsonObject = { ...json.body, content: { [json.contentType]: { ...(media as JsonObject), schema: schemaRest } } };
        requestBody = sortedRecord([[BODY_ENVELOPE, digest(envelope)], ...Object.entries(isObject(properties) ? properties : {}).map(([name, child]): [string, string] => [name, digest(child)])]);
      }
      const responses = dereference(document, raw.operation.responses ?? null);
      return {
        operationId,
        method: raw.method.toUpperCase(),
        path: raw.path,
        tag: descriptor.tag,
        deprecated: descriptor.deprecated,
        parameters,
        requestBody,
        responses: sortedRecord(Object.entries(isObject(responses) ? responses : {}).map(([status, response]): [string, string] => [status, digest(response)])),
      };
    })
    .sort((a, b) => compareStrings(a.operationId, b.operationId));
}
