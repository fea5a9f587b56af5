import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenPhone } from '../../src/core/client.js';
import { etaSeconds, ratePerSecond } from '../../src/cli/bulk/progress.js';
import { loadOptional } from '../../src/cli/optional.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, runOpenphone as openphone } from '../helpers/cli.js';

/** The command line's conventions: what goes to stdout and stderr, and the exit code, for each kind of outcome. */
// Each test runs commands of its own against servers or data of its own, so they run side by side while each waits on its command.

let sandbox: Sandbox;
beforeAll(async () => {
  await buildCli();
  sandbox = await startSandbox({ rateLimit: false });
}, BUILD_TIMEOUT_MS);
afterAll(() => sandbox?.close());

const KEY = 'sk-live-0123456789abcdef';

/** A server that answers every request with `answer`, given the request's Authorization value. */
async function echoServer(answer: (key: string, response: import('node:http').ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => answer(String(request.headers.authorization), response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.concurrent('help and version', () => {
  it('--version and -v print the version on stdout', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    for (const flag of ['--version', '-v']) {
      const run = await openphone([flag]);
      expect(run).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('help <command> and <command> --help list every option of the command', async () => {
    const viaHelp = await openphone(['help', 'send']);
    const viaFlag = await openphone(['send', '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
    for (const option of ['--from', '--to', '--text', '--rate', '--max-segments', '--max-cost', '--dry-run', '--yes', '--api-key', '--json']) {
      expect(viaHelp.stdout).toContain(option);
    }
    const bulk = await openphone(['bulk-send', '--help']);
    for (const option of ['--reconcile', '--since', '--resend-uncertain', '--settle-delay', '--verbose', '--journal', '--concurrency', '--skip-invalid']) expect(bulk.stdout).toContain(option);
  });

  it('sandbox --help lists the sandbox options', async () => {
    const { code, stdout } = await openphone(['sandbox', '--help']);
    expect(code).toBe(0);
    for (const option of ['--port', '--seed', '--rate-limit', '--error-rate', '--latency', '--webhook-scheme']) expect(stdout).toContain(option);
  });

  it('an unknown command says so on stderr and exits 2', async () => {
    const run = await openphone(['sned', '--to', '+15555550123']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^openphone: unknown command "sned"/);
  });
});

describe.concurrent('errors', () => {
  it('with --json, an error is one JSON document on stderr and stdout stays empty', async () => {
    const run = await openphone(['send', '--from', '+15555550100', '--to', '555', '--text', 'x', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.stderr)).toMatchObject({ error: { message: expect.stringContaining('--to') } });
  });

  it('a failure that is not the API’s, such as a port in use, is one line without a stack trace', async () => {
    const { server, url } = await echoServer((_key, response) => response.end());
    try {
      const run = await openphone(['sandbox', '--port', new URL(url).port]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^openphone: .*EADDRINUSE.*\n$/);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      server.close();
    }
  });

  it('bulk-send refuses a settle delay that is not a number of seconds, naming the flag and the value', async () => {
    for (const value of ['-1', 'soon', '']) {
      const run = await openphone(['bulk-send', '--from', '+15555550100', '--csv', 'people.csv', '--template', 'Hi', `--settle-delay=${value}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--settle-delay must be a number of seconds, 0 or more, got ${value}`);
    }
  });

  it('send reports every invalid option at once, by its flag', async () => {
    const run = await openphone(['send', '--from', 'nope', '--to', '555', '--text', 'hi', '--rate', 'UK=0.04', '--max-segments', 'zero']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--from: "nope"/);
    expect(run.stderr).toMatch(/--to: "555"/);
    expect(run.stderr).toMatch(/--max-segments: must be a positive whole number/);
    const rate = await openphone(['send', '--from', '+15555550100', '--to', '+447700900123', '--text', 'hi', '--rate', 'UK=0.04', '--dry-run']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate UK=…: "UK" is not/);
    expect(rate.stderr).not.toMatch(/rates\.UK/);
  });

  it('a 200 whose body is not JSON is a one-line error that does not show the body', async () => {
    const { server, url } = await echoServer((_key, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>secret page body</html>'));
    try {
      const run = await openphone(['numbers', '--base-url', url, '--api-key', KEY]);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(/SyntaxError|secret page body|\n\s+at /);
      expect(run.stderr.split('\n')).toHaveLength(2);
    } finally {
      server.close();
    }
  });

  it('the API key never reaches stderr or --json output, even when the server echoes it', async () => {
    const { server, url } = await echoServer((key, response) => {
      response.statusMessage = `Unauthorized ${key}`;
      response.writeHead(401, { 'content-type': 'text/plain' }).end(`bad key ${key}`);
    });
    try {
      for (const json of [[], ['--json']]) {
        const run = await openphone(['numbers', '--base-url', url, ...json], { env: { OPENPHONE_API_KEY: KEY } });
        expect(run.code).toBe(1);
        expect(run.stderr.length).toBeGreaterThan(0);
        expect(run.stdout + run.stderr).not.toContain(KEY);
      }
    } finally {
      server.close();
    }
  });

  it('debug logs go to stderr only, redacted, so --json stays one document, even with the key glued into the trace', async () => {
    let answered = 0;
    const { server, url } = await echoServer((key, response) => {
      answered += 1;
      if (answered === 1) {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': `x${key}y` }).end(JSON.stringify({ message: 'slow', trace: `x${key}y` }));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [], nextCursor: null }));
    });
    try {
      const run = await openphone(['numbers', '--base-url', url, '--json'], { env: { OPENPHONE_API_KEY: KEY, OPENPHONE_LOG: 'debug' } });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toBeDefined();
      expect(run.stdout).not.toMatch(/openphone: /);
      expect(run.stderr).toMatch(/openphone: GET \/phone-numbers .*status=429/);
      expect(run.stderr).toMatch(/rate limited: pausing this API key .*retryAfter=x\[REDACTED\]y/);
      expect(run.stdout + run.stderr).not.toContain(KEY);
    } finally {
      server.close();
    }
  });
});

describe.concurrent('--rate-limit', () => {
  it('refuses anything but <requests>/<milliseconds> of at least 1, naming the flag and the value, before sending', async () => {
    for (const value of ['fast', '0/1000', '5/0', '']) {
      const run = await openphone(['numbers', '--api-key', KEY, '--base-url', 'http://127.0.0.1:9', `--rate-limit=${value}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--rate-limit: ${JSON.stringify(value)} must be <requests>/<milliseconds>`);
    }
    expect((await openphone(['--help'])).stdout).toContain('--rate-limit <n>/<ms>');
  });

  it('keeps a bulk send to a sandbox started with its own limit: no 429s, where the default 10/s draws them', async () => {
    // 3 requests per 300 ms: tighter than the default 10/s over any short window, and quick to keep to.
    const slow = await startSandbox({ rateLimit: { limit: 3, interval: 300 } });
    const work = await mkdtemp(path.join(os.tmpdir(), 'openphone-rate-limit-'));
    try {
      /** A campaign of 9 rows, to numbers and from a key of its own. */
      const bulkSend = async (campaign: number, ...extra: string[]) => {
        const csv = path.join(work, `campaign-${campaign}.csv`);
        await writeFile(csv, ['name,phone', ...Array.from({ length: 9 }, (_, i) => `R${i},+15555590${campaign}0${i}`)].join('\n'));
        const before = slow.stats.rateLimited;
        const run = await openphone([
          'bulk-send',
          '--base-url',
          slow.url,
          '--api-key',
          `rate-limit-${campaign}`,
          '--from',
          '+15555550100',
          '--csv',
          csv,
          '--template',
          'Hi {{name}}',
          '--yes',
          '--json',
          ...extra,
        ]);
        return { run, rateLimited: slow.stats.rateLimited - before };
      };
      const paced = await bulkSend(1, '--rate-limit', '3/300');
      expect(paced.run.code).toBe(0);
      expect(JSON.parse(paced.run.stdout)).toMatchObject({ sent: 9 });
      expect(paced.rateLimited).toBe(0);
      expect((await bulkSend(2)).rateLimited).toBeGreaterThan(0);
    } finally {
      await slow.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe.concurrent('segments', () => {
  it('reads the text from stdin with -', async () => {
    const run = await openphone(['segments', '-', '--json'], { stdin: `${'x'.repeat(161)}\n` });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).message).toMatchObject({ encoding: 'GSM-7', segments: 2, units: 161 });
  });

  it('without --to prices no made-up recipient', async () => {
    const run = await openphone(['segments', 'hello', '--json']);
    expect(JSON.parse(run.stdout)).toEqual({ message: expect.objectContaining({ segments: 1 }) });
    const text = await openphone(['segments', 'hello']);
    expect(text.stdout).not.toMatch(/\+1\d{10}/);
    expect(text.stdout).toMatch(/Pass --to/);
  });
});

describe.concurrent('messages --limit', () => {
  it('shows the latest N messages, oldest of them first', async () => {
    const client = new OpenPhone({ apiKey: 'limit-test', baseUrl: sandbox.url, rateLimit: false });
    const to = '+15555550488';
    for (let i = 0; i < 30; i++) await client.messages.send({ from: '+15555550100', to, content: `note ${i}` });
    const run = await openphone(['messages', '--base-url', sandbox.url, '--api-key', 'k', '--number', '+15555550100', '--with', to, '--limit', '3', '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { text: string }[]).map((m) => m.text)).toEqual(['note 27', 'note 28', 'note 29']);
  });
});

describe.concurrent('colour', () => {
  it('is used with FORCE_COLOR, and never with NO_COLOR or without a terminal', async () => {
    const args = ['sned'];
    const forced = await openphone(args, { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\u001b[');
    expect((await openphone(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stderr).not.toContain('\u001b[');
    expect((await openphone(args)).stderr).not.toContain('\u001b[');
  });
});

describe.concurrent('the progress ETA', () => {
  it('assumes the rate limit until enough rows have finished to measure', () => {
    expect(etaSeconds(200, 0, 0, 10)).toBe(20);
    expect(etaSeconds(200, 1, 50, 10)).toBe(20);
    expect(etaSeconds(100, 100, 5, 10)).toBe(20);
    expect(etaSeconds(200, 0, 0, 50)).toBe(4);
  });
});

describe.concurrent('the progress rate', () => {
  it('counts whole seconds, so the burst a fresh budget allows does not read as more than 10 per second', () => {
    // 10 rows at once, then 10 more a second later: 20 rows in 1.05 s, as a limit of 10 per second allows.
    const finishedAt = [...Array.from({ length: 10 }, (_, i) => 50 + i), ...Array.from({ length: 10 }, (_, i) => 1_040 + i)];
    expect(ratePerSecond(finishedAt, 0, 1_050)).toBe(10);
  });

  it('follows the recent pace rather than the average since the start', () => {
    const fast = Array.from({ length: 100 }, (_, i) => i * 100);
    const slow = Array.from({ length: 20 }, (_, i) => 10_000 + i * 1_000);
    expect(ratePerSecond([...fast, ...slow], 0, 29_500)).toBe(1);
  });
});

describe.concurrent('the command line’s own dependencies', () => {
  it('are optional, so applications using only the library can leave them out', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default as { dependencies: object; optionalDependencies: object };
    for (const name of ['cli-progress', 'csv-parse', 'picocolors']) {
      expect(Object.keys(pkg.dependencies)).not.toContain(name);
      expect(Object.keys(pkg.optionalDependencies)).toContain(name);
    }
  });

  it('a missing one is named, with how to install it', async () => {
    const name = 'openphone-sdk-missing-module';
    await expect(loadOptional(name, () => import(name))).rejects.toThrow(/needs openphone-sdk-missing-module, an optional dependency .*npm install openphone-sdk-missing-module/);
  });
});
