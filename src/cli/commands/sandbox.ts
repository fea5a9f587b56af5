import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliContext } from '../context.js';

export const usage = `openphone sandbox [--port N] [--seed N]

Runs the local sandbox until Ctrl-C. Point a client at the printed URL with any API key.`;

export async function sandbox(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, seed: { type: 'string' } } });
  const port = values.port === undefined ? undefined : Number(values.port);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) throw new UsageError(`--port must be a port number, got ${values.port}`);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${values.seed}`);
  const { startSandbox } = await import('../../sandbox/index.js');
  const running = await startSandbox({ ...(port !== undefined && { port }), ...(seed !== undefined && { seed }) });
  context.printJson({ url: running.url });
  context.print(`Sandbox listening at ${running.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return EXIT.ok;
}
