/**
 * Every operation without a hand-written route is served statefully from the
 * operation table: what it does follows from its verb and path template.
 *
 * - `GET /tasks` lists, `POST /tasks` creates, `GET|PATCH|PUT|DELETE
 *   /tasks/{taskId}` gets, updates and deletes; sub-collections
 *   (`/contacts/{contactId}/notes`) hold records per parent, and the parent
 *   must exist.
 * - A verb on a path that ends in a word after an id and is no collection
 *   (`POST /tasks/{taskId}/complete`, `DELETE /tasks/{taskId}/users`) is an
 *   action on that record: its body's fields are merged into it.
 * - A `GET` whose answer is one object and not a list (`/organization`) reads
 *   a record of its own, which `PATCH`/`PUT` on the same path change.
 *
 * New ids take the prefix of the spec's id pattern (`^TA(.*)$` -> `TA…`).
 * Records keep every field they were given; each answer is shaped by the
 * operation's response schema, so one record serves both surfaces' shapes,
 * with required fields it lacks filled from the schema. Lists filter by the
 * query parameters that name a field (`status`, `userId`, `externalId[in]`,
 * `createdAt[gt]`, `createdAfter`) and page in the operation's style. A record
 * whose schema has an integer `revision` has it raised on every change; a
 * number shows as a string where a schema wants one (v1's task `revision`).
 */
import type { Constraint } from '../internal/operation-types.js';
import { E164_PATTERN } from '../lib/phone/e164.js';
import type { SandboxOperation } from './operations.js';
import { offsetPage } from './pages.js';
import { ApiProblem, notFound, type RouteContext, type RouteResult } from './responses.js';
import type { Store, StoredRecord } from './store.js';
import { isRecord } from '../internal/validation/is-record.js';

type Kind = 'list' | 'create' | 'get' | 'update' | 'delete' | 'action' | 'read-single' | 'write-single';

interface Shape {
  readonly kind: Kind;
  /** The collection's path template without the surface prefix, ids as `{}` (`contacts/{}/notes`). */
  readonly collection: string;
  /** The path parameters naming the parent records, outermost first. */
  readonly parents: readonly string[];
  /** The path parameter naming the record, for item operations and actions. */
  readonly item: string | undefined;
}

const isParameter = (segment: string) => segment.startsWith('{') && segment.endsWith('}');
const parameterName = (segment: string) => segment.slice(1, -1);

/** Path segments without the surface prefix, so `/v1/tasks` and `/tasks` share one collection. */
function segmentsOf(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  return segments[0] === 'v1' ? segments.slice(1) : segments;
}

const templateOf = (segments: readonly string[]) => segments.map((s) => (isParameter(s) ? '{}' : s)).join('/');

/** The schema of the record an answer carries: its `data`, or the whole body. */
function recordSchema(operation: SandboxOperation): Constraint | undefined {
  const schema = operation.responseSchema ?? undefined;
  const data = schema?.properties?.data;
  if (!data) return schema;
  return data.type === 'array' || data.items ? data.items : data;
}

const answersList = (operation: SandboxOperation) => operation.pagination !== null || operation.responseSchema?.properties?.data?.type === 'array';

/** The collections of a table: paths that have item operations under them or a list at them. */
function collectionsOf(operations: readonly SandboxOperation[]): Set<string> {
  const found = new Set<string>();
  for (const operation of operations) {
    const segments = segmentsOf(operation.path);
    if (segments.length > 0 && isParameter(segments.at(-1)!)) found.add(templateOf(segments.slice(0, -1)));
    if (operation.method === 'get' && answersList(operation)) found.add(templateOf(segments));
  }
  return found;
}

function shapeOf(operation: SandboxOperation, collections: ReadonlySet<string>): Shape {
  const segments = segmentsOf(operation.path);
  const last = segments.at(-1) ?? '';
  const names = segments.filter(isParameter).map(parameterName);
  const method = operation.method;
  if (isParameter(last)) {
    const kind = method === 'get' ? 'get' : method === 'delete' ? 'delete' : 'update';
    return { kind, collection: templateOf(segments.slice(0, -1)), parents: names.slice(0, -1), item: names.at(-1) };
  }
  const here = templateOf(segments);
  if (method === 'get') return { kind: answersList(operation) ? 'list' : 'read-single', collection: here, parents: names, item: undefined };
  const afterId = segments.length > 1 && isParameter(segments.at(-2)!);
  if (method === 'post' && (collections.has(here) || !afterId)) return { kind: 'create', collection: here, parents: names, item: undefined };
  if (afterId) return { kind: 'action', collection: templateOf(segments.slice(0, -2)), parents: names.slice(0, -1), item: names.at(-1) };
  return { kind: 'write-single', collection: here, parents: names, item: undefined };
}

/** The prefix an id pattern such as `^TA(.*)$` fixes, if it fixes one. */
function idPrefix(schema: Constraint | undefined): string | undefined {
  const pattern = schema?.pattern;
  return pattern === undefined ? undefined : /^\^([A-Za-z0-9_-]+)\(\.\*\)\$$/.exec(pattern)?.[1];
}

/** A value the schema accepts, for a required field a record lacks: `null` where allowed, else the simplest one. */
function placeholder(schema: Constraint | undefined, store: Store): unknown {
  if (!schema) return null;
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if ('default' in schema) return schema.default;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.some((b) => b.type === 'null') ? null : placeholder(branches[0], store);
  if (schema.allOf) return shaped({}, schema, store);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('null')) return null;
  if (types.includes('object') || schema.properties) return shaped({}, schema, store);
  if (types.includes('array')) return Array.from({ length: schema.minItems ?? 0 }, () => placeholder(schema.items, store));
  if (types.includes('integer') || types.includes('number')) return schema.minimum ?? 0;
  if (types.includes('boolean')) return false;
  if (schema.format === 'date-time') return store.timestamp();
  if (schema.format === 'email') return 'user@example.com';
  if (schema.format === 'uri') return 'https://example.com/';
  if (schema.pattern === E164_PATTERN) return '+15555550100';
  const prefix = idPrefix(schema);
  return prefix === undefined ? ''.padEnd(schema.minLength ?? 0, 'x') : `${prefix}${store.hex(8)}`;
}

/** Whether `value` has the schema's types, constants and required fields, all the way down: enough to pick an `anyOf` branch. */
function fits(value: unknown, schema: Constraint | undefined): boolean {
  if (!schema) return true;
  if ('const' in schema && schema.const !== value) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches && !branches.some((branch) => fits(value, branch))) return false;
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (types.length > 0 && !types.some((type) => type === actual || (actual === 'number' && type === 'integer'))) return false;
  if (Array.isArray(value)) return value.every((item) => fits(item, schema.items));
  if (actual !== 'object') return true;
  const record = value as StoredRecord;
  return (
    (schema.required ?? []).every((name) => Object.hasOwn(record, name)) && Object.entries(schema.properties ?? {}).every(([name, child]) => !Object.hasOwn(record, name) || fits(record[name], child))
  );
}

/** `value` as the schema shows it: declared fields only, required ones filled in. */
function shaped(value: unknown, schema: Constraint | undefined, store: Store): unknown {
  if (!schema) return value;
  if (value === undefined) return placeholder(schema, store);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return shaped(value, branches.find((b) => fits(value, b)) ?? branches[0], store);
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => shaped(value, part, store));
    return parts.every(isRecord) ? Object.assign({}, ...parts) : parts[0];
  }
  if (Array.isArray(value)) return value.map((item) => shaped(item, schema.items, store));
  if (typeof value === 'number' && schema.type === 'string') return String(value);
  if (!isRecord(value) || !schema.properties) return value;
  const record = value as StoredRecord;
  const required = new Set(schema.required ?? []);
  const out: StoredRecord = {};
  for (const [name, child] of Object.entries(schema.properties)) {
    if (Object.hasOwn(record, name)) out[name] = shaped(record[name], child, store);
    else if (required.has(name)) out[name] = placeholder(child, store);
  }
  return out;
}

/** A query value as a list: repeated parameters or a comma-separated `[in]`/`[all]` list. */
function listOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
}

const COMPARISONS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

const comparable = (value: unknown) => (typeof value === 'number' ? value : Date.parse(String(value)));

/** Whether the record passes one query filter; a parameter that names no field of it does not filter. */
function passes(record: StoredRecord, name: string, value: unknown): boolean {
  const bracket = /^(\w+)\[(\w+)\]$/.exec(name);
  if (bracket) {
    const [, field, operator] = bracket as unknown as [string, string, string];
    if (!Object.hasOwn(record, field)) return true;
    const held = record[field];
    const compare = COMPARISONS[operator];
    if (compare) return compare(comparable(held), comparable(value));
    const wanted = listOf(value);
    const heldList = Array.isArray(held) ? held.map(String) : [String(held)];
    return operator === 'all' ? wanted.every((w) => heldList.includes(w)) : heldList.some((h) => wanted.includes(h));
  }
  const timeBound = /^(\w+)(After|Before)$/.exec(name);
  if (timeBound && Object.hasOwn(record, `${timeBound[1]}At`)) {
    const at = comparable(record[`${timeBound[1]}At`]);
    return timeBound[2] === 'After' ? at > comparable(value) : at < comparable(value);
  }
  const field = Object.hasOwn(record, name) ? name : name.endsWith('s') && Object.hasOwn(record, name.slice(0, -1)) ? name.slice(0, -1) : undefined;
  if (field === undefined) return true;
  const held = record[field];
  const wanted = listOf(value);
  return Array.isArray(held) ? held.some((h) => wanted.includes(String(h))) : wanted.includes(String(held));
}

/** The stateful answers of the operations a table has, each worked out once. */
export class Collections {
  private readonly shapes = new Map<SandboxOperation, Shape>();
  private readonly collections: ReadonlySet<string>;
  /** Id prefixes by collection, from the item parameters' patterns. */
  private readonly prefixes = new Map<string, string>();

  constructor(operations: readonly SandboxOperation[]) {
    this.collections = collectionsOf(operations);
    for (const operation of operations) {
      const shape = shapeOf(operation, this.collections);
      this.shapes.set(operation, shape);
      const item = shape.item && operation.parameters.find((p) => p.in === 'path' && p.name === shape.item);
      const prefix = idPrefix(item ? item.schema : undefined);
      if (prefix !== undefined && shape.kind !== 'action') this.prefixes.set(shape.collection, prefix);
    }
  }

  /** The operation's answer, changing the workspace as its verb and path say. */
  serve(operation: SandboxOperation, context: RouteContext): RouteResult {
    const shape = this.shapes.get(operation)!;
    const { store, params } = context;
    const records = this.recordsAt(store, shape, params);
    const status = operation.successStatus ?? 200;
    const answer = (record: StoredRecord) => ({ status, body: envelope(operation, record, store) });
    switch (shape.kind) {
      case 'list':
        return { status, body: this.page(operation, records, context) };
      case 'create':
        return answer(this.create(operation, shape, records, context));
      case 'get':
        return answer(find(records, shape, params));
      case 'update':
      case 'action': {
        const record = find(records, shape, params);
        change(record, context.body, store);
        return shape.kind === 'action' && !operation.responseSchema?.properties ? { status, ...(operation.responseSchema && { body: {} }) } : answer(record);
      }
      case 'delete': {
        records.splice(records.indexOf(find(records, shape, params)), 1);
        return operation.responseSchema && status !== 204 ? { status, body: shaped({}, operation.responseSchema, store) } : { status };
      }
      case 'read-single':
        return answer(records[0] ?? this.single(records, store));
      case 'write-single': {
        const record = records[0] ?? this.single(records, store);
        change(record, context.body, store);
        return answer(record);
      }
    }
  }

  /** The records of the shape's collection under the parents the path names; a parent the workspace lacks is a 404. */
  private recordsAt(store: Store, shape: Shape, params: Readonly<Record<string, string>>): StoredRecord[] {
    const parentIds = shape.parents.map((name) => params[name]!);
    const template = shape.collection.split('/');
    let scope: string[] = [];
    parentIds.forEach((id, depth) => {
      // The parent's collection: the template up to its id, under the parents before it.
      const end = template.findIndex((segment, i) => segment === '{}' && template.slice(0, i + 1).filter((s) => s === '{}').length === depth + 1);
      const parents = store.records(template.slice(0, end).join('/'), scope);
      if (parents.length > 0 && !parents.some((p) => p.id === id)) throw notFound(label(template[end - 1]!), id);
      scope = [...scope, id];
    });
    return store.records(shape.collection, parentIds);
  }

  private create(operation: SandboxOperation, shape: Shape, records: StoredRecord[], context: RouteContext): StoredRecord {
    const { store, params } = context;
    const schema = recordSchema(operation);
    const at = store.tick();
    const prefix = this.prefixes.get(shape.collection) ?? idPrefix(schema?.properties?.id);
    const record: StoredRecord = {
      ...(isRecord(context.body) ? context.body : {}),
      id: prefix === undefined ? store.hex(12) : store.nextId(prefix),
      createdAt: at,
      updatedAt: at,
      ...Object.fromEntries(shape.parents.map((name) => [name, params[name]])),
      ...(schema?.properties?.revision && { revision: 1 }),
      ...(schema?.properties?.orgId && { orgId: store.orgId }),
    };
    records.push(record);
    return record;
  }

  /** The record a path of one object reads, made from its schema on first use so later reads agree. */
  private single(records: StoredRecord[], store: Store): StoredRecord {
    const at = store.timestamp();
    const record: StoredRecord = { id: store.orgId, createdAt: at, updatedAt: at };
    records.push(record);
    return record;
  }

  private page(operation: SandboxOperation, records: readonly StoredRecord[], context: RouteContext): unknown {
    const pagination = operation.pagination;
    const skipped = new Set(pagination ? [pagination.pageSizeParam, pagination.pageTokenParam] : []);
    const filters = Object.entries(context.query).filter(([name, value]) => !skipped.has(name) && value !== undefined);
    const matching = records.filter((record) => filters.every(([name, value]) => passes(record, name, value)));
    const item = recordSchema(operation);
    const listed = (list: readonly StoredRecord[]) => list.map((record) => shaped(record, item, context.store));
    const schema = operation.responseSchema;
    if (!pagination) return { ...(shaped({}, schema ?? undefined, context.store) as object), data: listed(matching) };
    const size = context.query[pagination.pageSizeParam];
    const { data, next } = offsetPage(matching, typeof size === 'number' ? size : (pagination.defaultPageSize ?? 10), context.query[pagination.pageTokenParam], pagination.pageTokenParam);
    return {
      ...(shaped({}, schema ?? undefined, context.store) as object),
      data: listed(data),
      [pagination.nextPageTokenField]: next,
      ...(schema?.properties?.totalItems && { totalItems: matching.length }),
    };
  }
}

/** The record in the body the operation answers with: as its `data`, or as the whole body. */
export function envelope(operation: SandboxOperation, record: StoredRecord, store: Store): unknown {
  const schema = operation.responseSchema ?? undefined;
  if (!schema?.properties?.data) return shaped(record, schema, store);
  return { ...(shaped({}, schema, store) as object), data: shaped(record, schema.properties.data, store) };
}

/** `contacts` -> `Contact`, for a 404's message. */
function label(segment: string): string {
  const words = segment.replace(/s$/, '').split('-');
  return words.map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w)).join(' ');
}

function find(records: readonly StoredRecord[], shape: Shape, params: Readonly<Record<string, string>>): StoredRecord {
  const id = params[shape.item!]!;
  const record = records.find((r) => r.id === id);
  if (!record)
    throw notFound(
      label(
        shape.collection
          .split('/')
          .filter((s) => s !== '{}')
          .at(-1) ?? 'Record',
      ),
      id,
    );
  return record;
}

/** Merges the body's fields, stamps the change and raises `revision` where the record has one. */
function change(record: StoredRecord, body: unknown, store: Store): void {
  if (body !== undefined && !isRecord(body)) throw new ApiProblem(400, 'The body must be a JSON object');
  for (const [field, value] of Object.entries((body ?? {}) as StoredRecord)) {
    // A record keeps its id; `__proto__` from JSON is data, never a prototype.
    if (value !== undefined && field !== 'id' && field !== '__proto__') record[field] = value;
  }
  record.updatedAt = store.tick();
  if (typeof record.revision === 'number') record.revision += 1;
}
