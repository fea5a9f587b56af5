import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { sharedBuild } from './build.js';
import { projectRoot } from './shared-specs.js';

/**
 * The `openphone` command as tests run it: the built `dist/cli.js` of the
 * shared build, which starts in a fraction of the time `tsx` takes to compile
 * the sources at every start. A test file that runs it awaits `buildCli()` in
 * `beforeAll` (with `BUILD_TIMEOUT_MS`), so no test's timeout pays for a build.
 */
let bin: string | undefined;

export async function buildCli(): Promise<void> {
  bin = path.join(await sharedBuild(), 'dist/cli.js');
}

/** The executable and its arguments that run `openphone …args`. */
export function openphoneCommand(args: readonly string[]): { command: string; args: string[] } {
  if (bin === undefined) throw new Error('await buildCli() in beforeAll before running openphone');
  return { command: process.execPath, args: [bin, ...args] };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `openphone …args` without a terminal (a pipe, as in CI or a script), with only PATH and `env` in its
 * environment; `stdin` is written to it and then closed.
 */
export function startOpenphone(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): { child: ChildProcess; done: Promise<Run> } {
  const { command, args: commandArgs } = openphoneCommand(args);
  const child = spawn(command, commandArgs, { cwd: projectRoot, env: { PATH: process.env.PATH, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  const done = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

export const runOpenphone = (args: readonly string[], options?: { env?: NodeJS.ProcessEnv; stdin?: string }): Promise<Run> => startOpenphone(args, options).done;
