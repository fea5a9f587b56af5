/**
 * The API surfaces this package generates clients for. Each surface has its own
 * spec source, lock file and generated modules, so a newer dated surface can be
 * added here without touching the existing one.
 */
export interface Surface {
  /** Short name used in file names and exported identifiers, e.g. `v1`. */
  readonly name: string;
  /** Human-readable name for reports. */
  readonly title: string;
  /** Where the published OpenAPI document lives. */
  readonly defaultSpec: string;
  /** Environment variable that overrides the source. */
  readonly specEnv: string;
}

export const surfaces: Record<string, Surface> = {
  v1: {
    name: 'v1',
    title: 'OpenPhone public API v1',
    defaultSpec:
      'https://openphone-public-api-prod.s3.us-west-2.amazonaws.com/public/openphone-public-api-v1-prod.json',
    specEnv: 'OPENPHONE_SPEC',
  },
};

export function surfacePaths(surface: Surface) {
  return {
    types: `generated/${surface.name}.ts`,
    operations: `generated/${surface.name}.operations.ts`,
    lock: `openapi/${surface.name}.lock.json`,
  };
}

/** The index module re-exporting every surface's operation table. */
export const operationsIndexPath = 'generated/operations.ts';
