/**
 * The naming rule: each operation's resource and method, from its path and
 * verb. Literal path segments name the resource (`/contacts/{contactId}/notes`
 * is `contacts.notes`); the verb, and whether the path ends in a parameter,
 * name the method (`list`, `get`, `create`, `update`, `delete`); a trailing
 * segment that is neither a collection nor a parent of one is an action
 * (`mark-as-done` is `markAsDone`). A dotted operation id (`tasks.updateDueDate`)
 * is its own name; `method-names.ts` renames the rest that read badly.
 */
import type { OperationDescriptor } from '../src/internal/operation-types.js';
import { handwrittenMethods, handwrittenOnly, renamed } from './method-names.js';

export interface MethodName {
  /** `['contacts', 'notes']` for `contacts.notes`. */
  readonly resource: readonly string[];
  readonly method: string;
}

/** How the facade serves an operation. */
export type Served =
  | { readonly kind: 'derived'; readonly name: MethodName }
  /** A handwritten method serves it instead of a derived one. */
  | { readonly kind: 'handwritten'; readonly name: MethodName; readonly reason: string }
  /** The derived name belongs to a handwritten method of another operation; no method serves this one. */
  | { readonly kind: 'taken'; readonly name: MethodName; readonly reason: string };

const DOTTED_ID = /^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/;
const VERSION_SEGMENT = /^v\d+$/;

export function camelCase(segment: string): string {
  return segment.replace(/[-_ ]+([A-Za-z0-9])/g, (_match, next: string) => next.toUpperCase()).replace(/^[A-Z]/, (first) => first.toLowerCase());
}

export function pascalCase(text: string): string {
  const camel = camelCase(text.replace(/[^A-Za-z0-9]+/g, '-'));
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

const isParameter = (segment: string) => /^\{.+\}$/.test(segment);

/** The path's segments, without a leading version (`/v1`): the surface is told apart elsewhere. */
function segmentsOf(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  return segments.length > 0 && VERSION_SEGMENT.test(segments[0]!) ? segments.slice(1) : segments;
}

function parseName(dotted: string): MethodName {
  const parts = dotted.split('.');
  return { resource: parts.slice(0, -1), method: parts[parts.length - 1]! };
}

/** The key `method-names.ts` uses for an operation. */
export const keyOf = (operation: Pick<OperationDescriptor, 'method' | 'path'>) => `${operation.method.toUpperCase()} ${operation.path}`;

export const dottedName = (name: MethodName) => [...name.resource, name.method].join('.');

/** The name the rule gives, before `method-names.ts`. */
export function ruleName(operation: OperationDescriptor, all: readonly OperationDescriptor[]): MethodName {
  if (DOTTED_ID.test(operation.operationId)) return parseName(operation.operationId);
  const segments = segmentsOf(operation.path);
  const literals = segments.filter((segment) => !isParameter(segment)).map(camelCase);
  const last = segments[segments.length - 1];
  if (last === undefined) throw new Error(`${operation.operationId}: the path ${operation.path} names no resource`);
  if (isParameter(last)) {
    const method = { get: 'get', delete: 'delete', head: 'get' }[operation.method as string] ?? 'update';
    return { resource: literals, method };
  }
  const listed = all.some((other) => other.path === operation.path && other.method === 'get');
  const parent = all.some((other) => other.path.startsWith(`${operation.path}/`));
  if (operation.method !== 'get' && literals.length > 1 && !listed && !parent) {
    return { resource: literals.slice(0, -1), method: literals[literals.length - 1]! };
  }
  const method = { get: 'list', post: 'create', delete: 'delete', head: 'list' }[operation.method as string] ?? 'update';
  return { resource: literals, method };
}

/**
 * How each operation of one surface is served, by operation id. `topLevel`:
 * the surface whose methods sit on the client itself, beside the handwritten
 * ones. Two operations given one name is an error naming both.
 */
export function serveSurface(operations: readonly OperationDescriptor[], topLevel: boolean): Map<string, Served> {
  const served = new Map<string, Served>();
  const byName = new Map<string, string>();
  for (const operation of operations) {
    const key = keyOf(operation);
    const only = handwrittenOnly[key];
    if (only) {
      served.set(operation.operationId, { kind: 'handwritten', name: parseName(only.method), reason: only.reason });
      continue;
    }
    const name = renamed[key] ? parseName(renamed[key]) : ruleName(operation, operations);
    // A handwritten class owns its methods' names, also as the names of sub-resources.
    const owner = handwrittenMethods[name.resource[0]!] ?? {};
    const ownedBy = owner[name.resource.length === 1 ? name.method : name.resource[1]!];
    if (topLevel && ownedBy === key) {
      served.set(operation.operationId, { kind: 'handwritten', name, reason: 'handwritten in src/resources/' });
      continue;
    }
    if (topLevel && ownedBy !== undefined) {
      served.set(operation.operationId, {
        kind: 'taken',
        name,
        reason: `\`${dottedName(name)}\` is the handwritten method of another operation; reach this one through \`client.raw\``,
      });
      continue;
    }
    const dotted = dottedName(name);
    const clash = byName.get(dotted);
    if (clash) throw new Error(`${clash} and ${operation.operationId} are both named ${dotted}: rename one in scripts/method-names.ts`);
    byName.set(dotted, operation.operationId);
    served.set(operation.operationId, { kind: 'derived', name });
  }
  return served;
}
