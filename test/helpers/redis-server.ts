/**
 * A real redis-server per test file, on a free loopback port, with nothing
 * persisted. Where the binary is missing, tests that need it skip with a
 * message; with OPENPHONE_REQUIRE_REDIS=1 (set by CI) they fail instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const REQUIRED = process.env.OPENPHONE_REQUIRE_REDIS === '1';
const MISSING = 'redis-server is not installed: install the Debian package redis-server (apt-get install -y redis-server) to run the Redis tests.';

export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

if (!hasRedisServer) {
  if (REQUIRED) throw new Error(`${MISSING} OPENPHONE_REQUIRE_REDIS=1 forbids skipping them.`);
  console.warn(`Skipping the Redis tests. ${MISSING}`);
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGKILL: no goodbye to clients), as a crash or an outage would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  let child: ChildProcess | undefined;
  let port = 0;
  let lastError: unknown;
  // A port found free can be taken before redis-server binds it: try a few.
  for (let attempt = 0; attempt < 5 && child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (error) {
      lastError = error;
    }
  }
  if (child === undefined) throw new Error(`redis-server did not start: ${String(lastError)}`);
  const kill = async () => {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: async () => {
      await kill();
      child = await launch(port);
    },
  };
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Never outlive the test process, however it ends.
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);
  child.once('exit', () => process.off('exit', stop));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.resume();
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${output.slice(-500)}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
