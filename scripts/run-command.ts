import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
  readonly ms: number;
}

/** Runs a command to completion, capturing its output; never rejects (a command that cannot start exits 127). */
export function runCommand(command: readonly [string, ...string[]], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const [file, ...args] = command;
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (code: number, extra = '') => resolve({ code, output: output + extra, ms: performance.now() - started });
    child.on('error', (error) => done(127, `${error.message}\n`));
    child.on('close', (code) => done(code ?? 1));
  });
}
