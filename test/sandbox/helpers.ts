import { afterEach } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

/** A client for the sandbox that neither throttles nor retries, so each call is exactly one request. */
export function clientFor(sandbox: { url: string }, apiKey: string): OpenPhone {
  return new OpenPhone({ apiKey, baseUrl: sandbox.url, rateLimit: false, maxRetries: 0 });
}

/** A sandbox, without the rate limit unless `options` set one, and a client for it. */
export async function startWithClient(apiKey: string, options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; client: OpenPhone }> {
  const sandbox = await startSandbox({ rateLimit: false, ...options });
  return { sandbox, client: clientFor(sandbox, apiKey) };
}

/** A starter of sandboxes (with clients) for single tests: each one started is closed after its test. */
export function sandboxPerTest(apiKey: string): (options?: SandboxOptions) => Promise<{ sandbox: Sandbox; client: OpenPhone }> {
  const opened: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
  });
  return async (options) => {
    const started = await startWithClient(apiKey, options);
    opened.push(started.sandbox);
    return started;
  };
}
