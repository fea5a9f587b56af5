import type { OperationRef } from '../../core/errors.js';
import { PathTemplates } from '../operation-paths.js';
import type { OperationDescriptor } from '../operation-types.js';

/** What the transport knows about the operation a request is for. */
export interface RequestOperation extends OperationRef {
  /** Whether sending the same request twice has the same effect as once, so it may be retried after it reached the API. */
  readonly idempotent: boolean;
}

/** An operation of one of the generated tables, as the matcher needs it. */
export type MatchableOperation = Pick<OperationDescriptor, 'operationId' | 'method' | 'path'> &
  Partial<Pick<OperationDescriptor, 'fixedHeaders'>> & {
    /** The API surface the operation belongs to (`v1`, `2026-03-30`). */
    readonly surface?: string;
  };

/** A request's operation, with what the client adds to every request for it. */
export interface MatchedOperation {
  readonly operation: RequestOperation;
  readonly surface: string | null;
  readonly fixedHeaders: { readonly [name: string]: string };
}

/**
 * Retry safety by method. POST creates (a message, a contact, a webhook) and
 * sending it twice creates twice. PATCH on contacts appends array items that
 * carry no `id`, so repeating it can duplicate emails or phone numbers: it is
 * treated like POST.
 */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/**
 * The operations of the generated tables, by id and by request. The caller
 * that knows its operation (every resource method) asks by id; a request that
 * comes without one (the raw client) is matched by method and whole URL path,
 * after the base URL's own path, so operations of different surfaces never
 * shadow each other. Both indexes are built on first use: one shared matcher
 * serves every client of the process.
 */
export class OperationMatcher {
  readonly #operations: readonly MatchableOperation[];
  #byId: Map<string, MatchedOperation> | undefined;
  #templates: PathTemplates<{ method: string; path: string; matched: MatchedOperation }> | undefined;

  constructor(operations: Iterable<MatchableOperation>) {
    this.#operations = [...operations];
  }

  /** The operation with this id, as the transport sends it. */
  byId(operationId: string): MatchedOperation | undefined {
    this.#byId ??= new Map(this.#operations.map((op) => [op.operationId, matchedOf(op)]));
    return this.#byId.get(operationId);
  }

  /** The spec operation for a request path (after the base URL's path), or undefined when no template matches it whole. */
  lookup(method: string, pathname: string): MatchedOperation | undefined {
    this.#templates ??= new PathTemplates(
      this.#operations.map((op) => {
        const matched = this.byId(op.operationId) ?? matchedOf(op);
        return { method: matched.operation.method, path: op.path, matched };
      }),
    );
    return this.#templates.find(method, pathname)?.entry.matched;
  }

  match(method: string, pathname: string): RequestOperation {
    const upper = method.toUpperCase();
    return this.lookup(upper, pathname)?.operation ?? { method: upper, path: pathname, idempotent: isIdempotentMethod(upper) };
  }
}

function matchedOf(op: MatchableOperation): MatchedOperation {
  const method = op.method.toUpperCase();
  const operation = { method, path: op.path, operationId: op.operationId, idempotent: isIdempotentMethod(method) };
  return { operation, surface: op.surface ?? null, fixedHeaders: op.fixedHeaders ?? {} };
}
