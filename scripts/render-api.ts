/**
 * `api.md`: the reference of every method on the client, derived or
 * handwritten, with its HTTP call, operation, params and result types, and the
 * shared types. Written by `npm run generate` from the operation tables and
 * the handwritten classes' declarations, so it is never stale under `--check`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import ts from 'typescript';
import type { OperationDescriptor } from '../src/internal/operation-types.js';
import { handwrittenMethods } from './method-names.js';
import { keyOf, pascalCase } from './naming.js';
import { compareStrings, describeOperations } from './operations.js';
import { namedModels, returnType, signature, surfaceMethods, type DerivedMethod } from './render-resources.js';
import type { OpenApiDocument } from './spec.js';

/** What the reference reads of a spec: its document (the pulled spec with its overlay applied), and the pulled one, to tell what the overlay adds. */
type LoadedSpec = { readonly document: OpenApiDocument; readonly pulled?: { readonly document: OpenApiDocument } };
import type { Surface } from './surfaces.js';

export const apiReferencePath = 'api.md';
export const methodTablePath = 'generated/methods.ts';

interface Row {
  readonly resource: string;
  readonly method: string;
  readonly signature: string;
  readonly operation: OperationDescriptor | undefined;
  readonly params: string;
  readonly result: string;
  readonly kind: 'derived' | 'handwritten';
  /** The arguments before params, in order: path ids. */
  readonly ids: readonly string[];
  /** Whether the method takes a params object after its ids. */
  readonly takesParams: boolean;
  /** Whether it answers a `PagePromise`. */
  readonly list: boolean;
  /** Whether its operation comes from the overlay, not yet from a pulled spec. */
  readonly fromOverlay: boolean;
}

/** Marks an operation the overlay adds until a pulled spec confirms it, in api.md and the README. */
export const OVERLAY_MARK = '✱';

/** The operations (`GET /tasks`) the overlays add: in the effective document, not in the pulled one. */
function overlayKeys(specs: ReadonlyMap<Surface, LoadedSpec>): Set<string> {
  const keys = new Set<string>();
  for (const spec of specs.values()) {
    if (!spec.pulled) continue;
    const pulled = new Set(describeOperations(spec.pulled.document).map(keyOf));
    for (const operation of describeOperations(spec.document)) if (!pulled.has(keyOf(operation))) keys.add(keyOf(operation));
  }
  return keys;
}

const RESOURCES_DIR = new URL('../src/resources/', import.meta.url);

/** The handwritten classes' method declarations, by class name: overloads when there are some, else the method itself. */
function handwrittenDeclarations(): Map<string, Map<string, ts.MethodDeclaration[]>> {
  const classes = new Map<string, Map<string, ts.MethodDeclaration[]>>();
  for (const file of readdirSync(RESOURCES_DIR)
    .filter((name) => name.endsWith('.ts'))
    .sort(compareStrings)) {
    const source = ts.createSourceFile(file, readFileSync(new URL(file, RESOURCES_DIR), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name) continue;
      const methods = new Map<string, ts.MethodDeclaration[]>();
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
        methods.set(member.name.text, [...(methods.get(member.name.text) ?? []), member]);
      }
      classes.set(statement.name.text, methods);
    }
  }
  return classes;
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `options?: ListOptions` for `options: ListOptions = {}`: as a caller sees it. */
function parameterText(parameter: ts.ParameterDeclaration): string {
  const optional = parameter.questionToken !== undefined || parameter.initializer !== undefined;
  return `${parameter.name.getText()}${optional ? '?' : ''}${parameter.type ? `: ${flat(parameter.type.getText())}` : ''}`;
}

function handwrittenRow(resource: string, method: string, declarations: readonly ts.MethodDeclaration[], operation: OperationDescriptor | undefined): Row {
  const overloads = declarations.filter((declaration) => declaration.body === undefined);
  const shown = overloads.length > 0 ? overloads : declarations;
  const text = (declaration: ts.MethodDeclaration) => `${method}(${declaration.parameters.map(parameterText).join(', ')})${declaration.type ? `: ${flat(declaration.type.getText())}` : ''}`;
  const first = shown[0]!;
  const params = first.parameters.find((p) => p.type && !/^(string|[A-Za-z]*Options\b.*)$/.test(flat(p.type.getText())));
  const ids = first.parameters.filter((p) => p.type && flat(p.type.getText()) === 'string').map((p) => p.name.getText());
  return {
    ids,
    takesParams: params !== undefined,
    list: first.type !== undefined && flat(first.type.getText()).startsWith('PagePromise'),
    resource,
    method,
    signature: shown.map(text).join('<br>'),
    operation,
    params: params?.type ? flat(params.type.getText()) : '—',
    result: first.type ? flat(first.type.getText()) : '—',
    kind: 'handwritten',
    fromOverlay: false,
  };
}

function derivedRow(surface: Surface, method: DerivedMethod): Row {
  const resource = [...(surface.namespace ? [surface.namespace] : []), ...method.name.resource].join('.');
  return {
    resource,
    method: method.name.method,
    signature: signature(method),
    operation: method.operation,
    params: method.params?.type ?? '—',
    result: returnType(method),
    kind: 'derived',
    ids: method.pathIds,
    takesParams: method.params !== null,
    list: method.list,
    fromOverlay: false,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
const code = (text: string) => (text === '—' ? text : `\`${cell(text)}\``);

/** Every method of the client, handwritten and derived, with what `taken` operations no method serves. */
function methodRows(specs: ReadonlyMap<Surface, LoadedSpec>): { rows: Row[]; notDerived: string[] } {
  const byKey = new Map<string, OperationDescriptor>();
  for (const spec of specs.values()) for (const operation of describeOperations(spec.document)) byKey.set(keyOf(operation), operation);
  const rows: Row[] = [];
  const classes = handwrittenDeclarations();
  for (const [resource, methods] of Object.entries(handwrittenMethods)) {
    const declared = classes.get(pascalCase(resource));
    for (const [method, key] of Object.entries(methods)) {
      const declarations = declared?.get(method);
      if (!declarations) throw new Error(`scripts/method-names.ts lists ${resource}.${method}, which src/resources/ does not declare`);
      rows.push(handwrittenRow(resource, method, declarations, byKey.get(key)));
    }
  }
  const notDerived: string[] = [];
  for (const [surface, spec] of [...specs].sort(([a], [b]) => compareStrings(a.name, b.name))) {
    const described = surfaceMethods(surface, spec);
    rows.push(...described.methods.map((method) => derivedRow(surface, method)));
    for (const entry of described.notDerived.filter((e) => e.kind === 'taken')) {
      notDerived.push(`- \`${entry.operation.operationId}\` (\`${entry.operation.method.toUpperCase()} ${entry.operation.path}\`): ${entry.reason}.`);
    }
  }
  const added = overlayKeys(specs);
  return { rows: rows.map((row) => ({ ...row, fromOverlay: row.operation !== undefined && added.has(keyOf(row.operation)) })), notDerived };
}

/**
 * The README's table of which surface each top-level method calls, marking
 * the operations the overlay adds; `npm run generate` writes it into the README
 * between its markers (and `--check` finds it stale), so a grown spec moves it.
 */
export function renderSurfaceTable(specs: ReadonlyMap<Surface, LoadedSpec>): string {
  const namespaces = [...specs.keys()].flatMap((surface) => (surface.namespace ? [`${surface.namespace}.`] : []));
  const surfaceOf = new Map<string, string>();
  for (const [surface, spec] of specs) for (const operation of describeOperations(spec.document)) surfaceOf.set(operation.operationId, surface.namespace ?? 'dated');
  return methodRows(specs)
    .rows.filter((row) => row.operation !== undefined && !namespaces.some((prefix) => `${row.resource}.`.startsWith(prefix)))
    .map((row) => [`${row.resource}.${row.method}`, row] as const)
    .sort(([a], [b]) => compareStrings(a, b))
    .map(
      ([name, row]) => `| \`${name}\` | ${surfaceOf.get(row.operation!.operationId)} | \`${row.operation!.method.toUpperCase()} ${row.operation!.path}\`${row.fromOverlay ? ` ${OVERLAY_MARK}` : ''} |`,
    )
    .join('\n');
}

/** The README, whose surface table the generator keeps in step with the specs. */
export const readmePath = 'README.md';
const SURFACE_TABLE = /(<!-- surface table -->\n\| Method[^\n]*\n\| ---[^\n]*\n)[\s\S]*?(\n<!-- \/surface table -->)/;

/** `readme` with its surface table rendered from `specs`; `undefined` when it has no such table (a project without the README's markers). */
export function withSurfaceTable(readme: string, specs: ReadonlyMap<Surface, LoadedSpec>): string | undefined {
  if (!SURFACE_TABLE.test(readme)) return undefined;
  const table = renderSurfaceTable(specs);
  return readme.replace(SURFACE_TABLE, (_, head: string, tail: string) => `${head}${table}${tail}`);
}

/**
 * `generated/methods.ts`: each method's path on the client and the operation
 * it calls, so the CLI reaches every method by name without the scripts.
 */
export function renderMethodTable(specs: ReadonlyMap<Surface, LoadedSpec>): string {
  const entries = methodRows(specs)
    .rows.filter((row) => row.operation !== undefined)
    .map((row) => [`${row.resource}.${row.method}`, row] as const)
    .sort(([a], [b]) => compareStrings(a, b));
  return [
    '/**',
    ' * Generated by scripts/generate.ts: every method of the client (`client.<path>`), the operation it calls,',
    ' * its path-id arguments, whether it takes a params object and whether it answers a paged list.',
    ' * Do not edit by hand: run `npm run generate` instead.',
    ' */',
    '',
    'export const methods = {',
    ...entries.map(
      ([path, row]) => `  ${JSON.stringify(path)}: { operationId: ${JSON.stringify(row.operation!.operationId)}, ids: ${JSON.stringify(row.ids)}, params: ${row.takesParams}, list: ${row.list} },`,
    ),
    '} as const;',
    '',
  ].join('\n');
}

export function renderApiReference(specs: ReadonlyMap<Surface, LoadedSpec>): string {
  const { rows, notDerived } = methodRows(specs);
  // The client's own resources first, then each namespaced surface's.
  const namespaces = [...specs.keys()].flatMap((surface) => (surface.namespace ? [`${surface.namespace}.`] : []));
  const namespaced = (name: string) => Number(namespaces.some((prefix) => name.startsWith(prefix)));
  const resources = [...new Set(rows.map((row) => row.resource))].sort((a, b) => namespaced(a) - namespaced(b) || compareStrings(a, b));
  const lines = [
    '<!-- Generated by scripts/generate.ts from the operation tables and src/resources/. Do not edit: run `npm run generate`. -->',
    '',
    '# API reference',
    '',
    'Every method of the client, by resource. **Derived** methods are generated from the spec (one per operation, named by',
    "path and verb); **handwritten** ones do more than one request's worth (validation beyond the spec, cost guards) or keep",
    'a name from before. Every method takes path ids first, then one params object (query and body fields together; `Date` or',
    'ISO text for date-times; one value or a list for list fields), then per-call options. Anything else is reachable',
    'through `client.raw`.',
    '',
    `${OVERLAY_MARK} after an HTTP call: the operation comes from the overlay (\`openapi/<surface>.overlay.yaml\`), which adds what the`,
    'public changelog and references document, until a pulled spec confirms it.',
    '',
  ];
  for (const resource of resources) {
    lines.push(`## \`client.${resource}\``, '', '| Method | HTTP | Operation | Params | Result | Kind |', '| --- | --- | --- | --- | --- | --- |');
    const own = rows.filter((row) => row.resource === resource).sort((a, b) => compareStrings(a.method, b.method) || compareStrings(a.kind, b.kind));
    for (const row of own) {
      const http = row.operation ? `\`${row.operation.method.toUpperCase()} ${row.operation.path}\`${row.fromOverlay ? ` ${OVERLAY_MARK}` : ''}` : '—';
      const id = row.operation ? `\`${row.operation.operationId}\`` : '—';
      lines.push(`| ${code(row.signature).replace(/<br>/g, '`<br>`')} | ${http} | ${id} | ${code(row.params)} | ${code(row.result)} | ${row.kind} |`);
    }
    lines.push('');
  }
  if (notDerived.length > 0) lines.push('## Operations without a method', '', ...notDerived, '');
  lines.push(
    '## Shared types',
    '',
    '| Type | What it is |',
    '| --- | --- |',
    '| `APIPromise<T>` | A promise of `T` with `.withResponse()` and `.asResponse()` for the HTTP response. |',
    '| `PagePromise<T, P>` | Await for the first page `P` (`Page<T>` on v1, `CursorPage<T>` on the dated API), or `for await` over every item. |',
    '| `RequestOptions` | Per-call options: `signal`, `timeout`, `retry`, `onRetry`, `headers`, `maxQueueWait`. |',
    '| `ListOptions` | `RequestOptions` and `maxItems`, the most items to fetch across pages. |',
    '| `DateInput` | A `Date` or ISO 8601 text. |',
    '| `OneOrMany<T>` | One value or a list of them. |',
    ...[...namedModels()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([key, name]) => {
        const [kind, operationId] = key.split(':') as [string, string];
        const what = kind === 'item' ? 'an item of the list' : kind === 'body' ? 'the success body' : 'the `data`';
        return `| \`${name}\` | Model: ${what} that \`${operationId}\` answers. |`;
      }),
    '',
  );
  return lines.join('\n');
}
