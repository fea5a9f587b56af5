/**
 * Runs the sandbox in its own process, so timing tests measure arrivals on a
 * server whose event loop is not the client's. Prints `listening <url>`.
 */
import { runSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

await runSandbox(JSON.parse(process.env.SANDBOX_OPTIONS ?? '{}') as SandboxOptions);
