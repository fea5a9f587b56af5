import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectSandbox, startSandbox, type FaultRule, type SandboxOptions, type SandboxStats } from '../../src/sandbox/index.js';

export interface TestServer {
  readonly url: string;
  stats(): Promise<SandboxStats>;
  setFaults(rules: readonly FaultRule[]): Promise<void>;
  close(): Promise<void>;
}

/** The sandbox in this process: fast to start, shares the event loop with the client. */
export async function startInProcess(options: SandboxOptions = {}): Promise<TestServer> {
  const sandbox = await startSandbox(options);
  return {
    url: sandbox.url,
    stats: async () => structuredClone(sandbox.stats),
    setFaults: async (rules) => sandbox.setFaults(rules),
    close: () => sandbox.close(),
  };
}

/**
 * Runs `script` in a child process that prints `listening <url>` once ready; `close` stops it.
 * TypeScript runs through tsx; JavaScript (such as a bundle from test/helpers/bundle.ts) with plain `node`.
 */
export async function spawnListening(script: string, env: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, script.endsWith('.ts') ? ['--import', 'tsx', script] : [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${script} exited with ${String(code)} before listening`);
    }),
  ])) as [string];
  return {
    url: line.replace(/^listening /, ''),
    close: async () => {
      lines.close();
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The sandbox in a child process: arrivals are timed by a server the client's load cannot stall. */
export async function startInChildProcess(options: SandboxOptions = {}): Promise<TestServer> {
  const child = await spawnListening(fileURLToPath(new URL('./main.ts', import.meta.url)), {
    SANDBOX_OPTIONS: JSON.stringify(options),
  });
  const sandbox = connectSandbox(child.url);
  return {
    url: sandbox.url,
    stats: () => sandbox.stats(),
    setFaults: (rules) => sandbox.setFaults(rules),
    close: child.close,
  };
}
