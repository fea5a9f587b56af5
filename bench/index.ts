/**
 * Runs every benchmark; each prints ratios measured side by side in the same run.
 *
 *   npm run bench
 */
import { benchConstruction } from './construction.js';
import { benchGrowth } from './growth.js';
import { benchImports } from './imports.js';
import { benchPagination } from './pagination.js';
import { benchRateLimit } from './rate-limit.js';
import { benchRedis } from './redis.js';
import { benchTransport } from './transport.js';

await benchTransport();
await benchConstruction();
await benchPagination();
await benchRateLimit();
await benchRedis();
await benchImports();
await benchGrowth(1_000, 1_000_000, 5);
// Runs on import: it parses its own options and exits non-zero if the implementations disagree.
await import('./segments.js');
