import { defineConfig, type Options } from 'tsup';

/** The library's entry points, by the name of the file each is built to. */
export const entry = {
  index: 'src/index.ts',
  phone: 'src/lib/phone/normalize.ts',
  webhooks: 'src/webhooks/index.ts',
  sandbox: 'src/sandbox/index.ts',
  redis: 'src/redis/index.ts',
  mcp: 'src/mcp/index.ts',
};

/**
 * The type declarations of both formats, from one pass (the slow part of the build: one pass per format would
 * repeat it for the same types). `tsup --no-dts` leaves it out and builds the JavaScript alone.
 */
const declarations: Options = { entry, format: ['esm', 'cjs'], dts: { only: true }, clean: true };

/**
 * ESM keeps every dependency external. CJS bundles the ESM-only ones (p-retry,
 * p-throttle and what they import), because `require()` cannot load them on
 * Node 20, and openapi-fetch, whose CommonJS default export does not survive
 * interop from a `"type": "module"` package.
 */
export default defineConfig((cli): Options[] => [
  {
    entry,
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // Everything but the declarations, which the declaration pass writes at the same time.
    clean: ['!**/*.d.{ts,cts}'],
    splitting: true,
  },
  {
    entry,
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    // The sandbox finds the spec files it ships with from its own location (`import.meta.url`).
    shims: true,
    noExternal: ['p-retry', 'p-throttle', 'is-network-error', 'openapi-fetch'],
  },
  {
    // The command line: ESM only, never imported by the library's entry points. Its own dependencies are
    // optional and loaded when a command needs them, so they stay external rather than bundled.
    entry: { cli: 'src/cli/index.ts' },
    external: ['cli-progress', 'csv-parse', 'picocolors', 'ioredis'],
    format: 'esm',
    target: 'node20',
    sourcemap: true,
  },
  ...(cli.dts === false ? [] : [declarations]),
]);
