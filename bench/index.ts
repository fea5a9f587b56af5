/**
 * Runs every benchmark; each prints ratios measured side by side in the same run.
 *
 *   npm run bench
 */
import { benchTransport } from './transport.js';

await benchTransport();
