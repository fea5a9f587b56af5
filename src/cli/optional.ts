import { CliError } from './context.js';

/**
 * Loads one of the command line's optional dependencies. They are optional so
 * that applications using only the library can install without them
 * (`npm install --omit=optional`); the command that needs one says so.
 */
export async function loadOptional<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (error as Error).message.includes(name)) {
      throw new CliError(`this command needs ${name}, an optional dependency of openphone-sdk that is not installed: run npm install ${name}`);
    }
    throw error;
  }
}
