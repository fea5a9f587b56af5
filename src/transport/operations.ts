import type { OperationRef } from '../errors.js';
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
 * Maps a request's method and URL path to the spec operation, so errors and
 * retries can name it. The whole path must match, after the base URL's own
 * path (`basePath`), so operations of different surfaces never shadow each other.
 */
export class OperationMatcher {
  private readonly templates: PathTemplates<{ method: string; path: string; matched: MatchedOperation }>;

  constructor(operations: Iterable<MatchableOperation>, options: { readonly basePath?: string } = {}) {
    this.templates = new PathTemplates(
      [...operations].map((op) => {
        const method = op.method.toUpperCase();
        const operation = { method, path: op.path, operationId: op.operationId, idempotent: isIdempotentMethod(method) };
        return { method, path: op.path, matched: { operation, surface: op.surface ?? null, fixedHeaders: op.fixedHeaders ?? {} } };
      }),
      options,
    );
  }

  /** The spec operation for this request, or undefined when no template matches the whole path. */
  lookup(method: string, pathname: string): MatchedOperation | undefined {
    return this.templates.find(method, pathname)?.entry.matched;
  }

  match(method: string, pathname: string): RequestOperation {
    const upper = method.toUpperCase();
    return this.lookup(upper, pathname)?.operation ?? { method: upper, path: pathname, idempotent: isIdempotentMethod(upper) };
  }
}
