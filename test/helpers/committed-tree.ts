import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiReferencePath, methodTablePath } from '../../scripts/render-api.js';
import { operationsIndexPath, pathsIndexPath, surfacePaths, surfaces } from '../../scripts/surfaces.js';
import { growDatedSpec, growSpec } from '../fixtures/grown-spec.js';
import { committedSpec, projectRoot } from './shared-specs.js';

/** Every file the committed tree holds for the generated surfaces, from `scripts/surfaces.ts`. */
export const COMMITTED_FILES = [...Object.values(surfaces).flatMap((surface) => Object.values(surfacePaths(surface))), operationsIndexPath, pathsIndexPath, apiReferencePath, methodTablePath];

/** A scratch directory holding a copy of the committed specs, generated output and locks; removed by `cleanup`. */
export async function committedTree(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'openphone-committed-'));
  for (const file of COMMITTED_FILES) await cp(path.join(projectRoot, file), path.join(root, file));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Writes the grown v1 spec, built from the committed one, to `file`. */
export async function writeGrownSpec(file: string): Promise<void> {
  await writeFile(file, JSON.stringify(growSpec(JSON.parse(await readFile(committedSpec('v1'), 'utf8'))), null, 2));
}

/** Writes the grown dated spec, built from the committed one, to `file`. */
export async function writeGrownDatedSpec(file: string): Promise<void> {
  await writeFile(file, JSON.stringify(growDatedSpec(JSON.parse(await readFile(committedSpec('2026-03-30'), 'utf8'))), null, 2));
}
