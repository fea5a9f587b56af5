import type { OperationDescriptor } from '../operation-types.js';

export interface RouteMatch {
  readonly operation: OperationDescriptor;
  readonly params: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly operation: OperationDescriptor;
}

/** Finds the spec operation for a method and path and extracts its path parameters. */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(operations: Iterable<OperationDescriptor>) {
    this.routes = [...operations]
      .map((operation) => {
        const names: string[] = [];
        const source = operation.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{([^}]+)\\\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { method: operation.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, operation };
      })
      // Literal segments first: `/v1/webhooks/calls` is not `/v1/webhooks/{id}`.
      .sort((a, b) => b.operation.path.replace(/\{[^}]+\}/g, '').length - a.operation.path.replace(/\{[^}]+\}/g, '').length);
  }

  match(method: string, pathname: string): RouteMatch | { readonly allowed: readonly string[] } | undefined {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      if (route.method !== method.toUpperCase()) {
        allowed.push(route.method);
        continue;
      }
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
      return { operation: route.operation, params };
    }
    return allowed.length ? { allowed } : undefined;
  }
}
