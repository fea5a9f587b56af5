/** The parameters of a path template in order: `['webhookId', 'eventId']` for `/webhooks/{webhookId}/events/{eventId}`. */
export function pathParameterNames(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
}

/**
 * Matches request paths to the spec's path templates (`/v1/contacts/{id}`),
 * whole: `/webhooks/{webhookId}` never matches `/v1/webhooks/WH1`. Literal
 * segments win over parameters: `/v1/webhooks/calls` is its own operation,
 * not `/v1/webhooks/{id}`.
 */
export class PathTemplates<Entry extends { readonly method: string; readonly path: string }> {
  private readonly compiled: { readonly entry: Entry; readonly method: string; readonly pattern: RegExp; readonly names: readonly string[] }[];

  constructor(entries: Iterable<Entry>) {
    const literalLength = (path: string) => path.replace(/\{[^}]+\}/g, '').length;
    this.compiled = [...entries]
      .map((entry) => {
        const names: string[] = [];
        const source = escapeRegExp(entry.path).replace(/\\\{([^}]+)\\\}/g, (_match, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { entry, method: entry.method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names };
      })
      .sort((a, b) => literalLength(b.entry.path) - literalLength(a.entry.path));
  }

  /** The entry for `method` and `pathname`, with its path parameters (decoded), or undefined. */
  find(method: string, pathname: string): { readonly entry: Entry; readonly params: Record<string, string> } | undefined {
    const upper = method.toUpperCase();
    for (const route of this.compiled) {
      if (route.method !== upper) continue;
      const found = route.pattern.exec(pathname);
      if (found) return { entry: route.entry, params: Object.fromEntries(route.names.map((name, i) => [name, decode(found[i + 1]!)])) };
    }
    return undefined;
  }

  /** The methods some template at `pathname` accepts, for a 405's `Allow` header. */
  methodsAt(pathname: string): string[] {
    return this.compiled.filter((route) => route.pattern.test(pathname)).map((route) => route.method);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A path segment decoded, or as it came when it is not valid percent-encoding. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
