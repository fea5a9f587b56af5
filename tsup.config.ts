import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  phone: 'src/lib/phone/normalize.ts',
  webhooks: 'src/webhooks/index.ts',
  sandbox: 'src/sandbox/index.ts',
  redis: 'src/redis/index.ts',
  mcp: 'src/mcp/index.ts',
};

/**
 * ESM keeps every dependency external. CJS bundles the ESM-only ones (p-retry,
 * p-throttle and what they import), because `require()` cannot load them on
 * Node 20, and openapi-fetch, whose CommonJS default export does not survive
 * interop from a `"type": "module"` package.
 */
export default defineConfig([
  {
    entry,
    format: 'esm',
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
  },
  {
    entry,
    format: 'cjs',
    target: 'node20',
    dts: true,
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
]);
