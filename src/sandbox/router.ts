import { PathTemplates } from '../internal/operation-paths.js';
import type { SandboxOperation } from './operations.js';

export interface RouteMatch {
  readonly operation: SandboxOperation;
  readonly params: Readonly<Record<string, string>>;
}

/** Finds the spec operation for a method and path and extracts its path parameters. */
export class Router {
  private readonly templates: PathTemplates<SandboxOperation>;

  constructor(operations: Iterable<SandboxOperation>) {
    this.templates = new PathTemplates(operations);
  }

  /** The operation and its parameters; or the methods the path does accept; or undefined for no such path. */
  match(method: string, pathname: string): RouteMatch | { readonly allowed: readonly string[] } | undefined {
    const found = this.templates.find(method, pathname);
    if (found) return { operation: found.entry, params: found.params };
    const allowed = this.templates.methodsAt(pathname);
    return allowed.length ? { allowed } : undefined;
  }
}
