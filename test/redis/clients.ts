import { settlesWithin } from '../helpers/settles-within.js';
import type { RedisClient } from '../../src/redis/index.js';

export interface TestClient {
  readonly client: RedisClient;
  /** Runs a plain command, to look at what the stores wrote. */
  command(...args: string[]): Promise<unknown>;
  /** Drops the connection at once, with any commands still queued: for teardown, when Redis may be gone. */
  close(): Promise<void>;
  /**
   * Ends the connection once the commands already queued are sent, as a process that is done should;
   * drops it if Redis has not answered within `withinMs` (it may be gone).
   */
  quit(withinMs: number): Promise<void>;
}

async function quitWithin(quit: () => Promise<unknown>, drop: () => unknown, withinMs: number): Promise<void> {
  if (!(await settlesWithin(quit(), withinMs))) drop();
}

/**
 * Both clients the stores support, connected to `url`. Each reconnects every
 * 50 ms and, like both clients by default, queues commands while it is
 * disconnected: an outage then shows as commands that never answer. Each is
 * imported on first use, so a worker process loads only the one it runs.
 */
export const CLIENTS: Record<'ioredis' | 'node-redis', (url: string) => Promise<TestClient>> = {
  ioredis: async (url) => {
    const { Redis } = await import('ioredis');
    const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    return {
      client,
      command: (name, ...args) => client.call(name, ...args),
      close: async () => void client.disconnect(),
      quit: (withinMs) =>
        quitWithin(
          () => client.quit(),
          () => client.disconnect(),
          withinMs,
        ),
    };
  },
  'node-redis': async (url) => {
    const { createClient } = await import('redis');
    const client = createClient({ url, socket: { reconnectStrategy: () => 50 } });
    client.on('error', () => undefined);
    await client.connect();
    return {
      client,
      command: (...args) => client.sendCommand(args),
      close: async () => client.destroy(),
      quit: (withinMs) =>
        quitWithin(
          () => client.close(),
          () => client.destroy(),
          withinMs,
        ),
    };
  },
};
