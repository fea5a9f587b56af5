/**
 * The committed OpenAPI documents, read at run time: the sandbox validates
 * requests and builds answers from the spec itself, so it serves whatever
 * operations the committed spec has, and checks requests independently of
 * the client's own validation.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The API surfaces and the spec file of each under `openapi/` in the package: the pulled spec with its overlay applied. */
export const SPEC_FILES = { v1: 'v1.effective.json', '2026-03-30': '2026-03-30.effective.json' } as const;

export type Surface = keyof typeof SPEC_FILES;

/** The surface selected by the `Quo-Api-Version` header, on unprefixed paths. */
export const DATED_SURFACE = '2026-03-30' satisfies Surface;

export type JsonSchema = { readonly [keyword: string]: unknown };

export interface SpecParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface SpecResponse {
  readonly schema: JsonSchema | undefined;
  /** The response's documented example, when the spec gives one. */
  readonly example: unknown;
}

/** One operation as the spec declares it, `$ref`s resolved. */
export interface SpecOperation {
  readonly surface: Surface;
  readonly operationId: string;
  /** Upper case, as requests carry it. */
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly SpecParameter[];
  readonly requestBody: { readonly required: boolean; readonly schema: JsonSchema } | null;
  /** By status, as the spec lists them. */
  readonly responses: Readonly<Record<string, SpecResponse>>;
  /** The first documented 2xx status. */
  readonly successStatus: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Walks up from this module (in `src/sandbox/` or `dist/`) to the directory holding `openapi/`. */
function specDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'openapi');
    if (existsSync(path.join(candidate, SPEC_FILES.v1))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`The sandbox cannot find its spec: no openapi/${SPEC_FILES.v1} above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
}

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Replaces local `$ref`s with what they point at; a cycle keeps its `$ref`. */
function resolveRefs(document: Json, value: Json, seen: readonly string[] = []): Json {
  if (Array.isArray(value)) return value.map((item) => resolveRefs(document, item, seen));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as { readonly [key: string]: Json };
  const ref = record.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/') && !seen.includes(ref)) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<Json | undefined>((node, key) => (node as Record<string, Json> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    if (target !== undefined) return resolveRefs(document, target, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, resolveRefs(document, child, seen)]));
}

interface RawOperation {
  readonly operationId?: string;
  readonly parameters?: readonly { name: string; in: SpecParameter['in']; required?: boolean; schema?: JsonSchema }[];
  readonly requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  readonly responses?: Record<string, { content?: Record<string, { schema?: JsonSchema; example?: unknown; examples?: Record<string, { value?: unknown }> }> }>;
}

function operationsOf(surface: Surface, document: Json): SpecOperation[] {
  const paths = (document as { paths?: Record<string, Record<string, RawOperation>> }).paths ?? {};
  const found: SpecOperation[] = [];
  for (const [pathTemplate, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const raw = item[method];
      if (!raw?.operationId) continue;
      const operation = resolveRefs(document, raw as Json) as RawOperation;
      const responses = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([status, response]) => {
          const json = response.content?.['application/json'];
          const example = json?.example ?? Object.values(json?.examples ?? {})[0]?.value;
          return [status, { schema: json?.schema, example }];
        }),
      );
      const successStatus = Number(Object.keys(responses).find((status) => /^2\d\d$/.test(status)) ?? 200);
      const body = operation.requestBody;
      found.push({
        surface,
        operationId: operation.operationId!,
        method: method.toUpperCase(),
        path: pathTemplate,
        parameters: (operation.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required === true || p.in === 'path', schema: p.schema ?? {} })),
        requestBody: body ? { required: body.required === true, schema: body.content?.['application/json']?.schema ?? {} } : null,
        responses,
        successStatus,
      });
    }
  }
  return found;
}

const loaded = new Map<Surface, readonly SpecOperation[]>();

/**
 * The operations of a surface: of `document` when given, else of the
 * committed spec, read once per process.
 */
export function specOperations(surface: Surface, document?: unknown): readonly SpecOperation[] {
  if (document !== undefined) return operationsOf(surface, document as Json);
  let operations = loaded.get(surface);
  if (!operations) {
    operations = operationsOf(surface, JSON.parse(readFileSync(path.join(specDirectory(), SPEC_FILES[surface]), 'utf8')) as Json);
    loaded.set(surface, operations);
  }
  return operations;
}
