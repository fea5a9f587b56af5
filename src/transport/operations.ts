import type { OperationRef } from '../errors.js';
import { PathTemplates } from '../operation-paths.js';
import type { OperationDescriptor } from '../operation-types.js';

/** What the transport knows about the operation a request is for. */
export interface RequestOperation extends OperationRef {
  /** Whether sending the same request twice has the same effect as once, so it may be retried after it reached the API. */
  readonly idempotent: boolean;
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

/** Maps a request's method and URL path to the spec operation, so errors and retries can name it. */
export class OperationMatcher {
  private readonly templates: PathTemplates<{ method: string; path: string; operation: RequestOperation }>;

  constructor(operations: Iterable<Pick<OperationDescriptor, 'operationId' | 'method' | 'path'>>) {
    this.templates = new PathTemplates(
      [...operations].map((op) => {
        const method = op.method.toUpperCase();
        return { method, path: op.path, operation: { method, path: op.path, operationId: op.operationId, idempotent: isIdempotentMethod(method) } };
      }),
      { anchored: false },
    );
  }

  match(method: string, pathname: string): RequestOperation {
    const upper = method.toUpperCase();
    return this.templates.find(upper, pathname)?.entry.operation ?? { method: upper, path: pathname, idempotent: isIdempotentMethod(upper) };
  }
}
