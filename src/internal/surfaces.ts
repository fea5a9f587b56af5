/**
 * The API surfaces one client reaches: v1 (`/v1/...`) and the dated API
 * (`/...` with a `Quo-Api-Version` header), and the hosts that route them.
 */
import { surfaces as tables } from '../../generated/operations.js';
import { ValidationError } from '../core/errors.js';
import type { OperationDescriptor } from './operation-types.js';
import { OperationMatcher, type MatchedOperation } from './transport/operations.js';

/** An operation of a generated table, tagged with its API surface (`v1`, `2026-03-30`). */
export interface SurfaceOperation extends OperationDescriptor {
  readonly surface: string;
}

/** Every operation of every generated surface, tagged with its surface. Pure, so a bundle that never builds a client drops it. */
export const allOperations: readonly SurfaceOperation[] = /* @__PURE__ */ tagWithSurface();

let shared: OperationMatcher | undefined;

/** The operations' index, built once per process on first use and shared by every client: a client builds nothing of the spec. */
export function sharedOperations(): OperationMatcher {
  return (shared ??= new OperationMatcher(allOperations));
}

let byId: ReadonlyMap<string, SurfaceOperation> | undefined;

/** The operation of any surface with this operation id, as the method table names it. */
export function operationWithId(operationId: string): SurfaceOperation | undefined {
  byId ??= new Map(allOperations.map((operation) => [operation.operationId, operation]));
  return byId.get(operationId);
}

function tagWithSurface(): SurfaceOperation[] {
  return Object.values(tables).flatMap(({ spec, operations }) => Object.values(operations).map((op) => ({ ...op, surface: spec.surface })));
}

/** The dated API's surface, which is also the `Quo-Api-Version` its requests carry. */
export const DATED_SURFACE: string = /* @__PURE__ */ datedSurface();

function datedSurface(): string {
  return tables.v2026_03_30.spec.surface;
}

/** The server the dated spec names, which routes every surface. */
export const DEFAULT_BASE_URL: string = /* @__PURE__ */ datedServerUrl();

function datedServerUrl(): string {
  return tables.v2026_03_30.spec.serverUrl;
}

/**
 * Hosts known to route only some surfaces: `api.openphone.com` serves v1 and
 * not the dated paths. Any other host (`api.quo.com`, a proxy, the sandbox) is
 * trusted with every surface.
 */
const PARTIAL_HOSTS: Readonly<Record<string, readonly string[]>> = { 'api.openphone.com': ['v1'] };

/**
 * The check each call runs before anything is sent: it refuses an operation
 * the base URL's host does not route (a dated call to `api.openphone.com`
 * would only come back as a 404). The host is parsed once, not per call.
 */
export function hostCheck(baseUrl: string): (matched: MatchedOperation) => void {
  const { hostname } = new URL(baseUrl);
  const served = PARTIAL_HOSTS[hostname];
  return (matched) => {
    if (!served || matched.surface === null || served.includes(matched.surface)) return;
    const { operation } = matched;
    throw new ValidationError([
      {
        field: 'baseUrl',
        value: baseUrl,
        rule: 'surface',
        message: `${operation.operationId === undefined ? `${operation.method} ${operation.path}` : `${operation.operationId} (${operation.method} ${operation.path})`} is part of the ${matched.surface} API, which ${hostname} does not serve (it serves ${served.join(', ')} only): use ${DEFAULT_BASE_URL}, the default`,
      },
    ]);
  };
}
