import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { OpenPhone } from '../../src/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, runOpenphone, startOpenphone } from '../helpers/cli.js';
import { startInProcess, type TestServer } from '../server/index.js';
import { startApiProxy } from './api-proxy.js';

let server: TestServer;
let work: string;

/**
 * The sandbox's and the client's limit: faster than the API's 10 per second, since what these tests check
 * (what is sent, and that a resumed bulk send sends each row once) does not depend on the pace.
 */
const RATE_LIMIT = { limit: 40, interval: 1000 };

beforeAll(async () => {
  await buildCli();
  server = await startInProcess({ rateLimit: RATE_LIMIT });
  work = await mkdtemp(path.join(os.tmpdir(), 'openphone-cli-'));
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs the `openphone` command with no terminal attached (as in CI or a pipe). */
const openphone = (args: string[], env: NodeJS.ProcessEnv = {}) => runOpenphone(args, { env });

let keyCounter = 0;
/** A key per test, so the sandbox's per-key rate limit is not shared between tests. */
const api = (baseUrl = server.url) => ['--base-url', baseUrl, '--api-key', `cli-test-${++keyCounter}`, '--rate-limit', `${RATE_LIMIT.limit}/${RATE_LIMIT.interval}`];
/** A client of its own key, for what a test sets up or checks rather than runs as a command. */
const client = () => new OpenPhone({ apiKey: `cli-test-${++keyCounter}`, baseUrl: server.url, rateLimit: RATE_LIMIT });

const sendsWith = async (predicate: (content: string) => boolean) =>
  (await server.stats()).processed.filter((p) => p.operationId === 'sendMessage_v1' && predicate((p.body as { content: string }).content));

// The commands before bulk-send's run side by side, each on data of its own; bulk-send's tests, one of which sets a fault on every send, run alone.
describe.concurrent('openphone segments', () => {
  it('explains encoding, cost to a recipient, the characters that force UCS-2 and the smart-encoding effect, with no key', async () => {
    const { code, stdout } = await openphone(['segments', 'Don’t be late 🎉', '--to', '+15555550123']);
    expect(code).toBe(0);
    expect(stdout).toContain('Encoding: UCS-2, 1 segment');
    expect(stdout).toContain('Forces UCS-2: "🎉" (U+1F389)');
    expect(stdout).toContain('Smart encoding replaces "’" with "\'"');
    expect(stdout).toContain('Total: $0.01');
  });

  it('prints one JSON document with --json', async () => {
    const { code, stdout } = await openphone(['segments', 'x'.repeat(161), '--to', '+442079460958', '--rate', 'GB=0.04', '--json']);
    expect(code).toBe(0);
    const estimate = JSON.parse(stdout);
    expect(estimate.message).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(estimate.total).toEqual({ micros: 100_000, usd: '0.10' });
  });
});

describe.concurrent('openphone send', () => {
  it('--dry-run shows the estimate and sends nothing', async () => {
    const text = `dry run ${Date.now()}`;
    const { code, stdout } = await openphone(['send', ...api(), '--from', '+15555550100', '--to', '+15555550123', '--text', text, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('Encoding: GSM-7, 1 segment');
    expect(await sendsWith((c) => c === text)).toEqual([]);
  });

  it('refuses to send without a terminal to confirm on, unless --yes', async () => {
    const text = `confirm ${Date.now()}`;
    const refused = await openphone(['send', ...api(), '--from', '+15555550100', '--to', '+15555550123', '--text', text]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Pass --yes to go ahead/);
    expect(await sendsWith((c) => c === text)).toEqual([]);
    const sent = await openphone(['send', ...api(), '--from', '+15555550100', '--to', '+15555550123', '--text', text, '--yes', '--json']);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ sent: true, message: { text } });
    expect(await sendsWith((c) => c === text)).toHaveLength(1);
  });

  it('reports an invalid number as a usage error, sending nothing', async () => {
    const { code, stderr } = await openphone(['send', ...api(), '--from', '+15555550100', '--to', '555-1234', '--text', 'x', '--yes']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"555-1234"/);
  });

  it('fails clearly without an API key', async () => {
    const { code, stderr } = await openphone(['numbers']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no API key: pass --api-key or set the OPENPHONE_API_KEY/);
  });
});

describe.concurrent('openphone numbers and messages', () => {
  it('lists numbers, then a conversation by E.164 number, as text or JSON', async () => {
    const numbers = await openphone(['numbers', ...api(), '--json']);
    expect(numbers.code).toBe(0);
    const list = JSON.parse(numbers.stdout) as { id: string; number: string }[];
    expect(list.map((n) => n.number)).toContain('+15555550100');
    const text = `conversation ${Date.now()}`;
    await client().messages.send({ from: '+15555550100', to: '+15555550177', content: text });
    const messages = await openphone(['messages', ...api(), '--number', '+15555550100', '--with', '+15555550177']);
    expect(messages.code).toBe(0);
    expect(messages.stdout).toContain(`->  ${text}`);
  });
});

describe.concurrent('openphone contacts', () => {
  it('creates, gets and deletes a contact; deleting asks first', async () => {
    const key = api();
    const created = await openphone(['contacts', 'create', ...key, '--first-name', 'Lin', '--phone', '+15555550399', '--external-id', `cli-${Date.now()}`, '--json']);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const fetched = await openphone(['contacts', 'get', id, ...key, '--json']);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ id, firstName: 'Lin' });
    const unconfirmed = await openphone(['contacts', 'delete', id, ...key]);
    expect(unconfirmed.code).toBe(2);
    expect((await client().contacts.get(id)).id).toBe(id);
    expect((await openphone(['contacts', 'delete', id, ...key, '--yes'])).code).toBe(0);
    const gone = await openphone(['contacts', 'get', id, ...key]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/404/);
  });
});

async function writeCsv(name: string, rows: string[][]): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, rows.map((r) => r.join(',')).join('\n'));
  return file;
}

describe('openphone bulk-send', () => {
  it('reports every invalid row, with the normalised number where --default-country fixes it, and sends nothing', async () => {
    const csv = await writeCsv('invalid.csv', [
      ['firstName', 'phone'],
      ['Ana', '+15555550201'],
      ['Ben', '(555) 555-0202'],
      ['Cy', '12'],
      ['', '+15555550204'],
    ]);
    const plain = await openphone(['bulk-send', ...api(), '--from', '+15555550100', '--csv', csv, '--template', 'Hi {{firstName}}', '--yes']);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toContain('3 invalid rows:');
    expect(plain.stdout).toMatch(/row 3: "\(555\) 555-0202": .*pass --default-country/);
    expect(plain.stdout).toMatch(/row 4: "12"/);
    expect(plain.stdout).toMatch(/row 5: "\+15555550204": empty firstName/);

    const fixed = await openphone(['bulk-send', ...api(), '--from', '+15555550100', '--csv', csv, '--template', 'Hi {{firstName}}', '--default-country', 'US', '--dry-run']);
    expect(fixed.code).toBe(2);
    expect(fixed.stdout).toContain('row 3: (555) 555-0202 read as +15555550202');
    expect(fixed.stdout).toContain('2 invalid rows:');
    expect(await sendsWith((c) => c.startsWith('Hi Ana'))).toEqual([]);
  });

  it('resumes after being killed half way and sends every row exactly once', async () => {
    // Enough rows that, at the limit, the run still has seconds of sending left when a third is confirmed.
    const ROWS = 120;
    const runId = Date.now();
    const rows = [['name', 'phone'], ...Array.from({ length: ROWS }, (_, i) => [`P${i}`, `+1555556${String(i).padStart(4, '0')}`])];
    const csv = await writeCsv('people.csv', rows);
    const template = `Run ${runId}: hello {{name}}`;
    // The sandbox's clock starts in 2025; the proxy stamps sends with the real time, as the API does, so that
    // looking up the rows in flight by the time of their attempt finds them.
    const proxy = await startApiProxy(server.url);
    onTestFinished(() => proxy.close());
    // The proxy lists a send as soon as it is made, so a row the resume misses needs no long wait (the default 5 s)
    // before it is looked up again: the delay for a lagging list is tested in bulk-resume.test.ts.
    const args = ['bulk-send', ...api(proxy.url), '--from', '+15555550100', '--csv', csv, '--template', template, '--yes', '--json', '--settle-delay', '1'];

    const { child: first } = startOpenphone(args);
    const journal = `${csv}.journal.jsonl`;
    // Kill it for real (no chance to clean up) once about a third has been confirmed.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const text = await readFile(journal, 'utf8').catch(() => '');
      if (text.split('\n').filter((l) => l.includes('"type":"sent"')).length >= ROWS / 3) break;
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const before = await sendsWith((c) => c.startsWith(`Run ${runId}:`));
    expect(before.length).toBeGreaterThanOrEqual(ROWS / 3);
    expect(before.length).toBeLessThan(ROWS);

    const second = await openphone(args);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout);
    expect(summary.failed).toEqual([]);
    expect(summary.uncertain).toEqual([]);
    // Every row is accounted for once: confirmed by the first run, sent by this one, or found sent (one of the
    // first run's sends in flight, of which --concurrency's default allows 10).
    expect(summary.alreadySent + summary.sent + summary.reconciled).toBe(ROWS);
    expect(summary.reconciled).toBeLessThanOrEqual(10);

    const sends = await sendsWith((c) => c.startsWith(`Run ${runId}:`));
    const perContent = new Map<string, number>();
    for (const send of sends) {
      const content = (send.body as { content: string }).content;
      perContent.set(content, (perContent.get(content) ?? 0) + 1);
    }
    expect(perContent.size).toBe(ROWS);
    expect([...perContent.values()].every((count) => count === 1)).toBe(true);

    // A third run has nothing left to do.
    const third = await openphone(args);
    expect(JSON.parse(third.stdout)).toMatchObject({ sent: 0, alreadySent: ROWS });
  }, 180_000);

  it('lists a row whose send may have gone through for manual checking, without retrying it', async () => {
    await server.setFaults([{ operationId: 'sendMessage_v1', times: 1, fault: { type: 'process-then-status', status: 500 } }]);
    try {
      const runId = Date.now();
      const csv = await writeCsv('uncertain.csv', [
        ['name', 'phone'],
        ['Uma', '+15555550301'],
        ['Vic', '+15555550302'],
      ]);
      const result = await openphone(['bulk-send', ...api(), '--from', '+15555550100', '--csv', csv, '--template', `U${runId} {{name}}`, '--yes', '--json', '--concurrency', '1']);
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout);
      expect(summary.sent).toBe(1);
      expect(summary.uncertain).toEqual([expect.objectContaining({ row: 2, to: '+15555550301' })]);
      expect((await sendsWith((c) => c.startsWith(`U${runId}`))).length).toBe(2);
    } finally {
      await server.setFaults([]);
    }
  });
});
