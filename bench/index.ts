/**
 * Runs every benchmark; each prints ratios measured side by side in the same run.
 *
 *   npm run bench
 */
import { benchTransport } from './transport.js';

await benchTransport();
// Runs on import: it parses its own options and exits non-zero if the implementations disagree.
await import('./segments.js');
