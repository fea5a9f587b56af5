import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from './shared-specs.js';

export interface BuiltPackage {
  /** A scratch app with the built package installed (by link) as node_modules/openphone-sdk. */
  readonly app: string;
  /** The package directory: package.json and dist/. */
  readonly pkg: string;
  cleanup(): Promise<void>;
}

/** Builds the package into a scratch directory, so tests exercise the real build output, not the sources. */
export async function buildPackage(): Promise<BuiltPackage> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'openphone-package-'));
  const pkg = path.join(scratch, 'pkg');
  const app = path.join(scratch, 'app');
  await promisify(execFile)(process.execPath, [path.join(projectRoot, 'node_modules/tsup/dist/cli-default.js'), '--out-dir', path.join(pkg, 'dist')], {
    cwd: projectRoot,
  });
  await cp(path.join(projectRoot, 'package.json'), path.join(pkg, 'package.json'));
  // The sandbox entry reads the committed spec files, which the package ships.
  await cp(path.join(projectRoot, 'openapi'), path.join(pkg, 'openapi'), { recursive: true });
  await symlink(path.join(projectRoot, 'node_modules'), path.join(pkg, 'node_modules'), 'dir');
  await mkdir(path.join(app, 'node_modules'), { recursive: true });
  await symlink(pkg, path.join(app, 'node_modules/openphone-sdk'), 'dir');
  return { app, pkg, cleanup: () => rm(scratch, { recursive: true, force: true }) };
}
