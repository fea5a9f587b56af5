import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The spec a surface's generated code was built from, committed in openapi/. */
export function committedSpec(surface: string): string {
  return path.join(projectRoot, 'openapi', `${surface}.json`);
}

/** Dated snapshots of the published spec kept beside the project (not in it), for tests comparing two of them; a fresh clone has none. */
export const sharedSpecDir = path.resolve(projectRoot, '../shared/openapi');
export const hasSharedSpecs = existsSync(path.join(sharedSpecDir, 'openphone-v1.2025-06.json'));

export function sharedSpec(name: string): string {
  return path.join(sharedSpecDir, name);
}

/** The live API's operations and webhook event types as Quo's public references list them, kept beside the project. */
export const liveReferencePath = path.resolve(projectRoot, '../shared/reference/live-api-2026-10.json');
export const hasLiveReference = existsSync(liveReferencePath);

if (!hasSharedSpecs) {
  console.warn(`Skipping the tests that compare two dated spec snapshots: ${path.relative(projectRoot, sharedSpecDir)} does not exist.`);
}
