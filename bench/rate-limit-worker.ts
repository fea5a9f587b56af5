/**
 * One process of the two-process rate-limit bench: sends `COUNT` concurrent
 * GETs on `KEY` to `URL` through the SDK and prints one JSON line with how
 * many succeeded, how many were answered 429 in the end, and how long it took.
 */
import { OpenPhone, RateLimitError } from '../src/index.js';

const { BENCH_URL: baseUrl, KEY: apiKey, COUNT } = process.env;
const client = new OpenPhone({ apiKey, baseUrl, maxRetries: 2 });
const started = performance.now();
const outcomes = await Promise.all(
  Array.from({ length: Number(COUNT) }, async () => {
    try {
      client.unwrap(await client.raw.GET('/v1/phone-numbers'));
      return 'ok';
    } catch (error) {
      return error instanceof RateLimitError ? 'rate-limited' : 'failed';
    }
  }),
);
console.log(
  JSON.stringify({
    ok: outcomes.filter((o) => o === 'ok').length,
    failed: outcomes.filter((o) => o !== 'ok').length,
    seconds: (performance.now() - started) / 1000,
  }),
);
