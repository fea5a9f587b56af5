/**
 * Runs the sandbox in its own process, so timing tests measure arrivals on a
 * server whose event loop is not the client's. Prints `listening <url>`.
 */
import { startSandbox, type SandboxOptions } from '../../src/sandbox/index.js';

const options = JSON.parse(process.env.SANDBOX_OPTIONS ?? '{}') as SandboxOptions;
const sandbox = await startSandbox(options);
process.stdout.write(`listening ${sandbox.url}\n`);
process.on('SIGTERM', () => {
  void sandbox.close().then(() => process.exit(0));
});
