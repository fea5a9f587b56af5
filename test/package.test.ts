import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, buildPackage, type BuiltPackage } from './helpers/build.js';

const run = promisify(execFile);

/**
 * Imports the built package from plain .mjs and .cjs scripts exactly as a
 * user's code would: through the `exports` map, with no TypeScript or bundler.
 */
let built: BuiltPackage;
let app: string;

beforeAll(async () => {
  built = await buildPackage();
  app = built.app;
}, BUILD_TIMEOUT_MS);

afterAll(() => built.cleanup());

/** Starts the sandbox, sends through the client (exercising p-retry and the rate limiter), prints what happened. */
const scriptBody = `
const sandbox = await startSandbox({ faults: [{ method: 'GET', times: 1, fault: { type: 'status', status: 503 } }] });
try {
  const client = new OpenPhone({ apiKey: 'package-test-key', baseUrl: sandbox.url });
  const numbers = client.unwrap(await client.raw.GET('/v1/phone-numbers'));
  let missingKey = '';
  try { new OpenPhone({ apiKey: ' ' }); } catch (error) { missingKey = error.name; }
  console.log(JSON.stringify({
    numbers: numbers.data.length,
    retried: sandbox.stats.faults.length,
    missingKey,
    errorIsClass: typeof OpenPhoneError,
    segments: estimateSegments('don’t').encoding,
    normalized: normalizePhoneNumber('(555) 555-0123', { defaultCountry: 'US' }),
    webhook: await (async () => {
      const payload = { id: 'EV1', object: 'event', apiVersion: 'v1', createdAt: '2025-01-01T00:00:00Z', type: 'message.received', data: { object: {} } };
      const signed = await signWebhook(payload, 'whsec_' + btoa('package-test-secret'), 'standard-webhooks');
      return (await verifyWebhook(signed.body, signed.headers, 'whsec_' + btoa('package-test-secret'))).event.type;
    })(),
    redisRetryInMs: (await redisRateLimitStore({ sendCommand: async () => [0, 7] }).acquire('k', { waiter: 'w', limit: 1, leaseMs: 100 })).retryInMs,
  }));
} finally {
  await sandbox.close();
}
`;

const EXPECTED = {
  numbers: 2,
  retried: 1,
  missingKey: 'ValidationError',
  errorIsClass: 'function',
  segments: 'GSM-7',
  normalized: '+15555550123',
  webhook: 'message.received',
  redisRetryInMs: 7,
};

describe('the built package', () => {
  it('works from a plain .mjs script', async () => {
    const file = path.join(app, 'check.mjs');
    await writeFile(
      file,
      `import { OpenPhone, OpenPhoneError, estimateSegments } from 'openphone-sdk';\nimport { normalizePhoneNumber } from 'openphone-sdk/phone';\nimport { signWebhook, verifyWebhook } from 'openphone-sdk/webhooks';\nimport { startSandbox } from 'openphone-sdk/sandbox';\nimport { redisRateLimitStore } from 'openphone-sdk/redis';\n${scriptBody}`,
    );
    const { stdout } = await run(process.execPath, [file], { cwd: app });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  it('works from a plain .cjs script (the ESM-only dependencies are bundled)', async () => {
    const file = path.join(app, 'check.cjs');
    await writeFile(
      file,
      `const { OpenPhone, OpenPhoneError, estimateSegments } = require('openphone-sdk');\nconst { normalizePhoneNumber } = require('openphone-sdk/phone');\nconst { signWebhook, verifyWebhook } = require('openphone-sdk/webhooks');\nconst { startSandbox } = require('openphone-sdk/sandbox');\nconst { redisRateLimitStore } = require('openphone-sdk/redis');\n(async () => {${scriptBody}})().catch((error) => { console.error(error); process.exit(1); });`,
    );
    const { stdout } = await run(process.execPath, [file], { cwd: app });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });
});
