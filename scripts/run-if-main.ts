import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs `main` when the module at `moduleUrl` is the script node was started
 * with (not when it is imported, e.g. by a test), and exits with the code it
 * returns, or `crashCode` if it throws.
 */
export function runIfMain(moduleUrl: string, main: () => Promise<number>, crashCode: number): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = crashCode;
    },
  );
}
