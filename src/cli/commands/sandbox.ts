import { EXIT, UsageError, type CliContext } from '../context.js';

const usage = `openphone sandbox [options]

Runs the local sandbox until Ctrl-C. Point a client or this command line at the
printed URL (--base-url) with any API key.`;

/** The sandbox's own options come from the sandbox, which is loaded only when asked for. */
export async function sandboxUsage(): Promise<string> {
  const { SANDBOX_USAGE } = await import('../../sandbox/index.js');
  return `${usage}\n\n${SANDBOX_USAGE}`;
}

export async function sandbox(context: CliContext, args: string[]): Promise<number> {
  const { runSandbox, sandboxOptionsFromArgs, SANDBOX_USAGE } = await import('../../sandbox/index.js');
  let options;
  try {
    options = sandboxOptionsFromArgs(args);
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new UsageError(`${error.message}\n\n${usage}\n\n${SANDBOX_USAGE}`);
    throw error;
  }
  const running = await runSandbox({
    ...options,
    output: (line) => {
      const url = line.replace(/^listening /, '');
      context.printJson({ url });
      context.print(`${line} (any API key works; Ctrl-C to stop)`);
    },
  });
  await running.closed;
  return EXIT.ok;
}
