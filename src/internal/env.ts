/**
 * An environment variable, or undefined where there is none to read: no
 * `process` (browsers, Workers without Node compatibility), or reading is
 * refused (Deno without `--allow-env` throws `NotCapable`). Options given in
 * code must always work, whatever the environment allows.
 */
export function readEnv(name: string): string | undefined {
  try {
    const value = (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
