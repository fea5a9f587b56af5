import { readFile } from 'node:fs/promises';
import { methods } from '../../../generated/methods.js';
import type { Constraint, OperationDescriptor } from '../../internal/operation-types.js';
import { ValidationError } from '../../core/errors.js';
import { operationWithId } from '../../internal/surfaces.js';
import { isRecord } from '../../internal/validation/is-record.js';
import { EXIT, UsageError, type CliContext } from '../context.js';

/**
 * `openphone <resource> <method> [ids…] [--field value…] [--data JSON|@file]`:
 * any method of the client, found in the generated method table and called
 * as the library calls it (same validation, rate limit, retries).
 */

type MethodPath = keyof typeof methods;
type Method = (typeof methods)[MethodPath];

const PATHS = Object.keys(methods) as MethodPath[];

/** `phone-numbers` as the client spells it: `phoneNumbers`. */
const camel = (word: string) => word.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Whether `word` starts a method path: a resource of the client (`tasks`, `v1`). */
export function isResource(word: string): boolean {
  const prefix = `${camel(word)}.`;
  return PATHS.some((path) => path.startsWith(prefix));
}

/** Whether `words` reach a method, or a resource holding methods, of the client. */
export function namesMethod(words: readonly string[]): boolean {
  const { resource, path, rest } = resolve(words);
  return path !== undefined || (resource !== '' && rest.length === 0 && words.length > 1);
}

/** The resources of the client, for the global help. */
export const resourceNames = [...new Set(PATHS.map((path) => path.split('.')[0]!))];

/** The longest leading words that name a resource, and the method path they reach with the next word, if any. */
function resolve(words: readonly string[]): { resource: string; path: MethodPath | undefined; rest: string[] } {
  let resource = '';
  let used = 0;
  for (const [index, word] of words.entries()) {
    if (word.startsWith('-')) break;
    const candidate = resource ? `${resource}.${camel(word)}` : camel(word);
    if (candidate in methods) return { resource, path: candidate as MethodPath, rest: words.slice(index + 1) };
    if (!PATHS.some((path) => path.startsWith(`${candidate}.`))) break;
    resource = candidate;
    used = index + 1;
  }
  return { resource, path: undefined, rest: words.slice(used) };
}

function operationOf(method: Method): OperationDescriptor {
  return operationWithId(method.operationId)!;
}

const spaced = (path: string) => path.split('.').join(' ');

interface Field {
  readonly schema: Constraint;
  readonly required: boolean;
}

/** The query and body fields of an operation, with their schemas and whether each is required. */
function fieldsOf(operation: OperationDescriptor): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (const parameter of operation.parameters) {
    if (parameter.in === 'query' && !parameter.deprecated) fields.set(parameter.name, { schema: parameter.schema, required: parameter.required });
  }
  const body = operation.requestBody?.schema;
  for (const [name, schema] of Object.entries(body?.properties ?? {})) {
    fields.set(name, { schema, required: body?.required?.includes(name) ?? false });
  }
  return fields;
}

/** The schema's own types, a nullable `anyOf` read as its non-null branch. */
function typesOf(schema: Constraint): string[] {
  if (schema.type !== undefined) return typeof schema.type === 'string' ? [schema.type] : [...schema.type];
  return (schema.anyOf ?? schema.oneOf ?? []).flatMap(typesOf).filter((type) => type !== 'null');
}

/** The schema itself, or the first non-null branch of a nullable `anyOf`: where its limits are. */
function branchOf(schema: Constraint): Constraint {
  return schema.type !== undefined ? schema : ((schema.anyOf ?? schema.oneOf ?? []).find((branch) => branch.type !== 'null') ?? schema);
}

/** `1-200 chars`, `at least 1 chars`, `at most 50`: a limit as help says it. */
function range(min: number | undefined, max: number | undefined, unit: string): string[] {
  const text = min !== undefined && max !== undefined ? `${min}-${max}` : min !== undefined ? `at least ${min}` : max !== undefined ? `at most ${max}` : undefined;
  return text === undefined ? [] : [unit ? `${text} ${unit}` : text];
}

/** `string (1-200 chars, uri)`: the type and limits the spec declares, as help shows them. */
function describeSchema(schema: Constraint): string {
  const own = branchOf(schema);
  const types = typesOf(schema);
  const type = types.includes('array') ? `${typesOf(own.items ?? {}).join('|') || 'any'}[]` : types.join('|') || 'any';
  const limits: string[] = [];
  const target = types.includes('array') ? { ...branchOf(own.items ?? {}), minItems: own.minItems, maxItems: own.maxItems } : own;
  if (target.enum) limits.push(`one of ${target.enum.map(String).join(', ')}`);
  limits.push(...range(target.minLength, target.maxLength, 'chars'), ...range(target.minimum, target.maximum, ''), ...range(target.minItems, target.maxItems, 'items'));
  if (target.format) limits.push(target.format);
  if (target.pattern && target.pattern !== '^(.*)$') limits.push(`pattern ${target.pattern}`);
  if (target.default !== undefined) limits.push(`default ${JSON.stringify(target.default)}`);
  if (types.includes('null')) limits.push('nullable');
  return limits.length ? `${type} (${limits.join('; ')})` : type;
}

function resourceUsage(resource: string, except: readonly string[] = []): string {
  const calls = PATHS.filter((path) => path.startsWith(`${resource}.`) && !except.includes(path.slice(resource.length + 1))).map(
    (path) => [`${spaced(path)}${methods[path].ids.map((id) => ` <${id}>`).join('')}`, path] as const,
  );
  const width = Math.max(...calls.map(([call]) => call.length));
  const lines = calls.map(([call, path]) => `  openphone ${call.padEnd(width)}  ${operationOf(methods[path]).summary ?? ''}`);
  return `openphone ${spaced(resource)} <method> [ids…] [--field value…] [--data JSON|@file.json] [--table] [--all]\n\nMethods:\n${lines.join('\n')}\n\nSee openphone ${spaced(resource)} <method> --help for a method's fields.`;
}

/** Whether help calls a field required; the page size the SDK sets itself (the largest allowed), and says so. */
function fieldNote(name: string, required: boolean, pagination: OperationDescriptor['pagination']): string {
  if (pagination?.pageSizeParam === name) return ', page size (default: the largest allowed)';
  if (pagination?.pageTokenParam === name) return ", where to start (a previous page's position)";
  return required ? ', required' : '';
}

function methodUsage(path: MethodPath): string {
  const method = methods[path];
  const operation = operationOf(method);
  const pathParams = new Map(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema]));
  const fields = method.params ? [...fieldsOf(operation)] : [];
  const pagination = method.list ? operation.pagination : null;
  const lines = [
    `openphone ${spaced(path)}${method.ids.map((id) => ` <${id}>`).join('')}${fields.length ? ' [--field value…] [--data JSON|@file.json]' : ''}${method.list ? ' [--all] [--table]' : ''}`,
    '',
    `${operation.summary ?? operation.operationId}: ${operation.method.toUpperCase()} ${operation.path} (${operation.operationId})`,
  ];
  if (method.ids.length) {
    lines.push('', 'Ids:', ...method.ids.map((id, index) => `  <${id}>  ${describeSchema(pathParams.get(id) ?? [...pathParams.values()][index] ?? {})}, required`));
  }
  if (fields.length) {
    lines.push('', 'Fields:', ...fields.map(([name, field]) => `  --${name}  ${describeSchema(field.schema)}${fieldNote(name, field.required, pagination)}`));
    lines.push('', 'Array fields take the flag repeated or a comma list; --data merges a JSON object (the flags win).');
  }
  if (method.list) lines.push('', 'Prints the first page of items as JSON; --all pages through every item, --table prints a table.');
  return lines.join('\n');
}

/** Help for `openphone <resource> [<method>] --help`; `except` leaves out the methods a command of the same name serves. */
export function apiUsage(words: readonly string[], except: readonly string[] = []): string {
  const { resource, path } = resolve(words);
  return path ? methodUsage(path) : resourceUsage(resource, except);
}

/** A flag's text read as the field's schema type: numbers, booleans and JSON objects parsed; anything else left for validation to judge. */
function parseValue(text: string, schema: Constraint): unknown {
  const types = typesOf(schema);
  if ((types.includes('integer') || types.includes('number')) && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.includes('null') && text === 'null') return null;
  if (types.includes('object') && !types.includes('string')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

async function readData(text: string): Promise<Record<string, unknown>> {
  const source = text.startsWith('@')
    ? await readFile(text.slice(1), 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`--data ${text}: cannot read the file (${error.code ?? error.message})`);
      })
    : text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    throw new UsageError(`--data: ${text.startsWith('@') ? `${text.slice(1)} is` : 'expected'} a JSON object${text.startsWith('@') ? ' not valid JSON' : ''}`);
  }
  if (!isRecord(data)) throw new UsageError('--data: expected a JSON object');
  return data;
}

interface Parsed {
  ids: string[];
  params: Record<string, unknown>;
  table: boolean;
  all: boolean;
}

/** The ids, fields and output flags of one call, each field read by its schema. */
async function parseCall(path: MethodPath, args: readonly string[]): Promise<Parsed> {
  const method = methods[path];
  const fields = method.params ? fieldsOf(operationOf(method)) : new Map<string, Field>();
  const ids: string[] = [];
  const given = new Map<string, string[]>();
  let data: Record<string, unknown> = {};
  let table = false;
  let all = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('--') || arg === '--') {
      if (arg !== '--') ids.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (name === 'table' || name === 'all') {
      if (name === 'table') table = true;
      else all = true;
      continue;
    }
    const next = args[index + 1];
    const field = fields.get(name);
    const takesNoValue = equals === -1 && typesOf(field?.schema ?? {}).includes('boolean') && (next === undefined || next.startsWith('--'));
    const value = equals !== -1 ? arg.slice(equals + 1) : takesNoValue ? 'true' : next;
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (equals === -1 && !takesNoValue) index++;
    if (name === 'data') {
      data = { ...data, ...(await readData(value)) };
      continue;
    }
    if (!field) {
      const known = [...fields.keys()].map((key) => `--${key}`).join(', ');
      throw new UsageError(`openphone ${spaced(path)} has no field --${name} (${known ? `fields: ${known}` : 'it takes no fields'}; see --help)`);
    }
    given.set(name, [...(given.get(name) ?? []), value]);
  }
  if (ids.length !== method.ids.length) {
    const expected = method.ids.length ? method.ids.map((id) => `<${id}>`).join(' ') : 'no ids';
    throw new UsageError(`openphone ${spaced(path)} takes ${expected}, got ${ids.length ? ids.map((id) => JSON.stringify(id)).join(' ') : 'none'} (see --help)`);
  }
  if ((table || all) && !method.list) throw new UsageError(`--${table ? 'table' : 'all'} is for list methods; openphone ${spaced(path)} answers one result`);
  const params: Record<string, unknown> = { ...data };
  for (const [name, values] of given) {
    const schema = fields.get(name)!.schema;
    if (typesOf(schema).includes('array')) {
      const items = branchOf(schema).items ?? {};
      params[name] = values.flatMap((value) => value.split(',')).map((value) => parseValue(value, items));
    } else if (values.length > 1) {
      throw new UsageError(`--${name} takes one value, got ${values.length}`);
    } else {
      params[name] = parseValue(values[0]!, schema);
    }
  }
  if (!method.params && Object.keys(params).length > 0) throw new UsageError(`openphone ${spaced(path)} takes no fields`);
  return { ids, params, table, all };
}

const cellText = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Items as aligned columns: one per key whose values are not objects (nested values would not fit a cell). */
function renderTable(items: readonly unknown[]): string {
  const rows = items.filter(isRecord);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((key) => rows.every((row) => typeof row[key] !== 'object' || row[key] === null));
  if (rows.length === 0) return 'No items.';
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cellText(row[column]).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => cellText(row[column]))))].join('\n');
}

type Callable = (...args: unknown[]) => unknown;

/** Runs `openphone <resource> <method> …`; `help` prints the resource's or method's usage instead. */
export async function api(context: CliContext, words: string[]): Promise<number> {
  const { resource, path, rest } = resolve(words);
  if (!path) {
    const word = rest[0];
    throw new UsageError(`${word === undefined ? 'which method?' : `openphone ${spaced(resource)} has no method ${JSON.stringify(word)}`}\n\n${resourceUsage(resource)}`);
  }
  const method = methods[path];
  const { ids, params, table, all } = await parseCall(path, rest);
  const client = await context.client();
  const segments = path.split('.');
  const owner = segments.slice(0, -1).reduce<Record<string, unknown>>((object, key) => object[key] as Record<string, unknown>, client as unknown as Record<string, unknown>);
  const call = owner[segments.at(-1)!] as Callable;
  const pending = call.apply(owner, [...ids, ...(method.params ? [params] : [])]);
  try {
    await print(context, path, pending, { table, all });
  } catch (error) {
    throw asFlags(error, method.ids);
  }
  return EXIT.ok;
}

/** A `ValidationError` naming the fields the user typed as flags (`--title`), the ids as `<taskId>`. */
function asFlags(error: unknown, ids: readonly string[]): unknown {
  if (!(error instanceof ValidationError)) return error;
  const flag = (field: string) => (ids.includes(field) ? `<${field}>` : `--${field}`);
  return new ValidationError(
    error.issues.map((issue) => ({ ...issue, field: flag(issue.field) })),
    { ...(error.operation && { operation: error.operation }), cause: error },
  );
}

async function print(context: CliContext, path: MethodPath, pending: unknown, { table, all }: { table: boolean; all: boolean }): Promise<void> {
  const method = methods[path];
  let output: unknown;
  if (method.list && all) {
    const items: unknown[] = [];
    for await (const item of pending as AsyncIterable<unknown>) items.push(item);
    output = items;
  } else if (method.list) {
    const page = (await pending) as { data: readonly unknown[]; hasNextPage(): boolean };
    output = page.data;
    if (page.hasNextPage()) context.note('More items follow: --all pages through them.');
  } else {
    output = await pending;
  }
  if (table && Array.isArray(output)) context.write('stdout', `${renderTable(output)}\n`);
  else if (output !== undefined) context.write('stdout', `${JSON.stringify(output, null, 2)}\n`);
  else context.note(`Done: ${spaced(path)}.`);
}
