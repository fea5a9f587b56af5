/**
 * Runs every benchmark; each prints ratios measured side by side in the same run.
 *
 *   npm run bench
 */
import { benchImports } from './imports.js';
import { benchRateLimit } from './rate-limit.js';
import { benchRedis } from './redis.js';
import { benchTransport } from './transport.js';

await benchTransport();
await benchRateLimit();
await benchRedis();
await benchImports();
// Runs on import: it parses its own options and exits non-zero if the implementations disagree.
await import('./segments.js');
