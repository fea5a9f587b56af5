import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Snapshots of the published spec kept beside the project (not in it); a fresh clone has none. */
export const sharedSpecDir = path.resolve(projectRoot, '../shared/openapi');
export const hasSharedSpecs = existsSync(path.join(sharedSpecDir, 'openphone-v1.2025-06.json'));

export function sharedSpec(name: string): string {
  return path.join(sharedSpecDir, name);
}

if (!hasSharedSpecs) {
  console.warn(
    `Skipping tests that need the published spec snapshots: ${path.relative(projectRoot, sharedSpecDir)} does not exist.`,
  );
}
