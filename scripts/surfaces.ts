/**
 * The API surfaces this package generates clients for. Each surface has its own
 * published spec, committed copy, lock file and generated modules, so a newer
 * dated surface is added here without touching the existing ones.
 */
export interface Surface {
  /** Used in file names: `openapi/<name>.json`, `generated/<name>.ts`. */
  readonly name: string;
  /** The surface's key in `generated/operations.ts`, a valid identifier. */
  readonly identifier: string;
  /** Human-readable name for reports. */
  readonly title: string;
  /** Where the published OpenAPI document lives. */
  readonly defaultSpec: string;
  /** Environment variable that overrides the source. */
  readonly specEnv: string;
  /** Where its derived methods live on the client (`client.v1.calls`); none for the surface whose methods sit on the client itself. */
  readonly namespace?: string;
}

const PUBLISHED = 'https://openphone-public-api-prod.s3.us-west-2.amazonaws.com/public';

export const surfaces: Record<string, Surface> = {
  v1: {
    name: 'v1',
    identifier: 'v1',
    title: 'OpenPhone public API v1',
    defaultSpec: `${PUBLISHED}/openphone-public-api-v1-prod.json`,
    specEnv: 'OPENPHONE_SPEC',
    namespace: 'v1',
  },
  '2026-03-30': {
    name: '2026-03-30',
    identifier: 'v2026_03_30',
    title: 'Quo public API 2026-03-30',
    defaultSpec: `${PUBLISHED}/openphone-public-api-2026-03-30-prod.json`,
    specEnv: 'OPENPHONE_SPEC_2026_03_30',
  },
};

export function surfacePaths(surface: Surface) {
  return {
    /** The document the generated code was built from, byte for byte as pulled. */
    spec: `openapi/${surface.name}.json`,
    lock: `openapi/${surface.name}.lock.json`,
    /** What the API documents that the pulled spec does not say yet (OpenAPI Overlay 1.0). */
    overlay: `openapi/${surface.name}.overlay.yaml`,
    /** The pulled spec with its overlay applied: what the sandbox reads at run time. */
    effective: `openapi/${surface.name}.effective.json`,
    types: `generated/${surface.name}.ts`,
    operations: `generated/${surface.name}.operations.ts`,
    resources: `generated/${surface.name}.resources.ts`,
  };
}

/** The index module re-exporting every surface's operation table. */
export const operationsIndexPath = 'generated/operations.ts';
/** The union of every surface's `paths`, the type `client.raw` is built on. */
export const pathsIndexPath = 'generated/paths.ts';
