import type { OperationRef } from '../errors.js';
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

interface CompiledOperation {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: RequestOperation;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Maps a request's method and URL path to the spec operation, so errors and retries can name it. */
export class OperationMatcher {
  private readonly compiled: CompiledOperation[];

  constructor(operations: Iterable<Pick<OperationDescriptor, 'operationId' | 'method' | 'path'>>) {
    this.compiled = [...operations].map((op) => {
      const method = op.method.toUpperCase();
      const source = op.path
        .split(/(\{[^}]+\})/)
        .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : escapeRegExp(part)))
        .join('');
      return {
        method,
        // Anchored at the end only, so a base URL with a path prefix (a proxy) still matches.
        pattern: new RegExp(`${source}/?$`),
        operation: { method, path: op.path, operationId: op.operationId, idempotent: isIdempotentMethod(method) },
      };
    });
    // Literal segments beat parameters: `/v1/webhooks/messages` must not match `/v1/webhooks/{id}`.
    this.compiled.sort((a, b) => literalLength(b.operation.path) - literalLength(a.operation.path));
  }

  match(method: string, pathname: string): RequestOperation {
    const upper = method.toUpperCase();
    const found = this.compiled.find((c) => c.method === upper && c.pattern.test(pathname));
    return found?.operation ?? { method: upper, path: pathname, idempotent: isIdempotentMethod(upper) };
  }
}

function literalLength(path: string): number {
  return path.replace(/\{[^}]+\}/g, '').length;
}
