import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations as datedOperations } from '../../generated/2026-03-30.operations.js';
import { DATED_SURFACE } from '../../src/internal/surfaces.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BUILD_TIMEOUT_MS } from '../helpers/build.js';
import { buildCli, startOpenphone, type Run } from '../helpers/cli.js';
import { startOnTerminal } from '../helpers/terminal.js';
import { sendEarlier, startApiProxy, type ApiProxy, type MessageListRequest, type SendFate } from './api-proxy.js';

/**
 * Bulk-send resumes under the failures that used to text people twice or skip
 * them: a processed send whose answer is lost, a long conversation, an older
 * campaign with the same text, and a damaged journal. The command runs in its
 * own process against the sandbox, behind a proxy that spoils answers.
 */

const FROM = '+15555550100';
let sandbox: Sandbox;
let proxy: ApiProxy;
let work: string;
let runId = 0;

beforeAll(async () => {
  await buildCli();
  sandbox = await startSandbox({ rateLimit: false });
  proxy = await startApiProxy(sandbox.url);
  work = await mkdtemp(path.join(os.tmpdir(), 'openphone-resume-'));
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await proxy?.close();
  await sandbox?.close();
  await rm(work, { recursive: true, force: true });
});

/**
 * A campaign's pace: most of these tests are about what is sent, not how fast,
 * so the client keeps a faster limit than the API's (the sandbox enforces
 * none). The test of the progress bar's rate, and those that stop a run while
 * it sends, run at the API's own.
 */
const FAST = ['--rate-limit', '100/1000'];

/** The width of the pseudo-terminal the command runs on. */
const COLUMNS = 150;

/** The bar's line of a terminal transcript, and what it showed last: it redraws in place, so every frame is on that one line. */
function progressLine(lines: readonly string[]) {
  const index = lines.findIndex((line) => line.includes('msg/s | ETA'));
  const frames = lines[index]!.split('\x1b[1G');
  return { index, last: frames.at(-1)!, frames: frames.map((frame) => stripVTControlCharacters(frame)).filter((frame) => frame.includes('msg/s')) };
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 90_000) throw new Error('timed out waiting for the proxy');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * A campaign of its own: a CSV of `names`, each with a number of its own, and a template no other test uses;
 * sent at the API's rate limit with `atApiLimit`, otherwise faster.
 */
async function campaign(names: string[], { atApiLimit = false } = {}) {
  const id = ++runId;
  const rows = names.map((name, i) => ({ name, to: `+1555557${String(id).padStart(2, '0')}${String(i).padStart(2, '0')}` }));
  const csv = path.join(work, `campaign-${id}.csv`);
  await writeFile(csv, ['name,phone', ...rows.map((r) => `${r.name},${r.to}`)].join('\n'));
  const template = `C${id} Hi {{name}}`;
  const content = (name: string) => `C${id} Hi ${name}`;
  const terminalArgs = (...extra: string[]) => [
    'bulk-send',
    '--base-url',
    proxy.url,
    '--api-key',
    `resume-${id}`,
    '--from',
    FROM,
    '--csv',
    csv,
    '--template',
    template,
    '--yes',
    '--concurrency',
    '1',
    '--settle-delay',
    '0.5',
    ...(atApiLimit ? [] : FAST),
    ...extra,
  ];
  const args = (...extra: string[]) => terminalArgs('--json', ...extra);
  const run = (...extra: string[]) => startOpenphone(args(...extra), { env: { NO_COLOR: '1' } }).done;
  const onTerminal = (...extra: string[]) => startOnTerminal(terminalArgs(...extra));
  /** Starts a run, lets the proxy give the first sends these fates, and kills the run once `ready` holds. */
  const killedRun = async (fates: (index: number) => SendFate, ready: () => boolean) => {
    proxy.setFates(fates);
    const { child, done } = startOpenphone(args(), { env: { NO_COLOR: '1' } });
    await until(ready);
    child.kill('SIGKILL');
    await done;
    proxy.setFates(() => undefined);
  };
  const sendsPerRow = () => rows.map((r) => proxy.processed.filter((p) => p.to === r.to && p.content === content(r.name)).length);
  return { rows, csv, journal: `${csv}.journal.jsonl`, content, run, onTerminal, killedRun, sendsPerRow };
}

const duplicates = (perRow: number[]) => perRow.filter((n) => n > 1).length;

describe('a run killed with a processed send in flight, after 120 older messages to its row, then resumed', () => {
  let c: Awaited<ReturnType<typeof campaign>>;
  let attempt: { type: string; to?: string; at?: string };
  let lookups: MessageListRequest[];
  let resumed: Run;

  beforeAll(async () => {
    c = await campaign(['Zed', 'Amy']);
    await sendEarlier(proxy, { from: FROM, to: c.rows[0]!.to, contents: Array.from({ length: 120 }, (_, i) => `older note ${i}`), ageMs: 3_600_000 });
    const before = proxy.processed.length;
    await c.killedRun(
      (i) => (i === 0 ? 'hang' : undefined),
      () => proxy.processed.length > before,
    );
    attempt = (await readFile(c.journal, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; to?: string; at?: string })
      .find((entry) => entry.type === 'attempt' && entry.to === c.rows[0]!.to)!;
    const lookupsBefore = proxy.lookupRequests.length;
    resumed = await c.run();
    lookups = proxy.lookupRequests.slice(lookupsBefore);
  }, 180_000);

  it('the processed send is found wherever it is in the conversation, not sent again', () => {
    expect(resumed.code).toBe(0);
    expect(c.sendsPerRow()).toEqual([1, 1]);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: 1, reconciled: 1 });
  });

  it('a row is looked up on the dated list for exactly its number, outgoing, from its number, since just before its first attempt; never the v1 list', () => {
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(lookup).toMatchObject({ path: datedOperations.listMessages.path, apiVersion: DATED_SURFACE });
      expect(Object.fromEntries(lookup.query)).toMatchObject({ direction: 'outgoing', from: FROM });
      expect(c.rows.map((row) => row.to)).toContain(lookup.query.get('to[all]'));
    }
    // The row in flight is looked up from its first attempt on, less a few minutes for clock skew.
    const inFlight = lookups.filter((lookup) => lookup.query.get('to[all]') === c.rows[0]!.to);
    expect(inFlight.length).toBeGreaterThan(0);
    for (const lookup of inFlight) {
      const since = Date.parse(lookup.query.get('createdAt[gt]')!);
      expect(since).toBeLessThan(Date.parse(attempt.at!));
      expect(since).toBeGreaterThan(Date.parse(attempt.at!) - 10 * 60_000);
    }
  });
});

describe('bulk-send resume tells this campaign’s sends from others', () => {
  it('an older campaign with the same text does not count as this one: the row is sent', async () => {
    const c = await campaign(['Yan']);
    await sendEarlier(proxy, { from: FROM, to: c.rows[0]!.to, contents: [c.content('Yan')], ageMs: 3_600_000 });
    const before = c.sendsPerRow()[0]!;
    await c.killedRun(
      () => 'hang-unprocessed',
      () => proxy.received > 0,
    );

    const resumed = await c.run();
    expect(resumed.code).toBe(0);
    expect(c.sendsPerRow()[0]! - before).toBe(1);
  }, 180_000);

  it('two rows to one number with the same text are matched to two messages, not one', async () => {
    const c = await campaign(['Twin']);
    await writeFile(c.csv, `name,phone\nTwin,${c.rows[0]!.to}\nTwin,${c.rows[0]!.to}`);
    const before = proxy.processed.length;
    proxy.setFates((i) => (i === 0 ? 'html' : undefined));
    const first = await c.run('--allow-duplicates');
    proxy.setFates(() => undefined);
    expect(proxy.processed.length - before).toBe(2);
    expect(JSON.parse(first.stdout).uncertain).toHaveLength(1);

    const resumed = await c.run('--allow-duplicates', '--resend-uncertain');
    expect(resumed.code).toBe(0);
    expect(proxy.processed.length - before).toBe(2);
  }, 180_000);
});

describe('bulk-send never resends a send that may have been processed', () => {
  describe('when the list shows a send only 1 s after it is made', () => {
    beforeAll(() => void (proxy.listLagMs = 1_000));
    afterAll(() => void (proxy.listLagMs = 0));

    it('a send in flight when the run was killed is found on the second lookup, not sent again', async () => {
      const c = await campaign(['G0', 'G1', 'G2', 'G3', 'G4']);
      const before = proxy.processed.length;
      await c.killedRun(
        (i) => (i === 2 ? 'hang' : undefined),
        () => proxy.processed.length >= before + 3,
      );

      const resumed = await c.run('--settle-delay', '2.5');
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: 2, reconciled: 1 });
      expect(c.sendsPerRow()).toEqual([1, 1, 1, 1, 1]);
    }, 180_000);

    it('with --resend-uncertain, rows whose answers were spoiled are found on the second lookup, not sent again', async () => {
      const c = await campaign(['U0', 'U1', 'U2', 'U3', 'U4', 'U5']);
      proxy.setFates((i) => (i % 2 === 0 ? 'html' : undefined));
      const first = await c.run();
      proxy.setFates(() => undefined);
      expect(JSON.parse(first.stdout).uncertain).toHaveLength(3);

      const resumed = await c.run('--resend-uncertain', '--settle-delay', '2.5');
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: 0, reconciled: 3 });
      expect(duplicates(c.sendsPerRow())).toBe(0);
    }, 180_000);
  });

  it('with 1 in 4 processed sends answered by HTML or an empty body, every row is texted exactly once', async () => {
    const c = await campaign(Array.from({ length: 16 }, (_, i) => `P${i}`));
    proxy.setFates((i) => (i % 4 === 0 ? (i % 8 === 0 ? 'html' : 'empty-object') : undefined));
    const first = await c.run();
    proxy.setFates(() => undefined);
    expect(first.code).toBe(1);
    const summary = JSON.parse(first.stdout);
    expect(summary.failed).toEqual([]);
    expect(summary.uncertain).toHaveLength(4);

    const second = await c.run();
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: 0, reconciled: 4, uncertain: [] });
    expect(duplicates(c.sendsPerRow())).toBe(0);
    expect(c.sendsPerRow().every((n) => n === 1)).toBe(true);
  }, 180_000);
});

describe('bulk-send with a damaged journal', () => {
  it('a last line cut mid-write is repaired: the next two runs work and nobody is texted twice', async () => {
    const c = await campaign(['A', 'B', 'C', 'D', 'E', 'F']);
    await c.killedRun(
      (i) => (i === 3 ? 'hang-unprocessed' : undefined),
      () => proxy.received > 3,
    );
    const text = await readFile(c.journal, 'utf8');
    await truncate(c.journal, Buffer.byteLength(text) - 5);

    const second = await c.run();
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/partial last line/);
    const third = await c.run();
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ sent: 0, alreadySent: 6 });
    expect(c.sendsPerRow()).toEqual([1, 1, 1, 1, 1, 1]);
  }, 180_000);

  /**
   * One campaign sent in full serves every damage below: each test damages the journal of that run, and a
   * resume that resends nobody leaves the campaign as it was for the next.
   */
  describe('of a campaign sent in full', () => {
    let c: Awaited<ReturnType<typeof campaign>>;
    let startedAt: string;
    let journal: string;

    beforeAll(async () => {
      c = await campaign(Array.from({ length: 10 }, (_, i) => `M${i}`));
      startedAt = new Date().toISOString();
      expect((await c.run()).code).toBe(0);
      journal = await readFile(c.journal, 'utf8');
    }, 180_000);

    it('a journal cut short in the middle of a line resends nobody', async () => {
      await writeFile(c.journal, journal.slice(0, Math.floor(journal.length / 2)));

      const resumed = await c.run();
      expect(resumed.code).toBe(0);
      expect(duplicates(c.sendsPerRow())).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: 0 });
    }, 180_000);

    it('a journal cut short at a line boundary resends nobody', async () => {
      await writeFile(c.journal, `${journal.split('\n').slice(0, 9).join('\n')}\n`);

      const resumed = await c.run();
      expect(resumed.code).toBe(0);
      expect(duplicates(c.sendsPerRow())).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ sent: 0 });
    }, 180_000);

    for (const [damage, cut] of [
      ['an empty journal', 0],
      ['a cut header', 20],
    ] as const) {
      it(`${damage} is refused with what is wrong and how to reconcile; --reconcile then resends nobody`, async () => {
        await writeFile(c.journal, journal.slice(0, cut));

        const refused = await c.run();
        expect(refused.code).toBe(2);
        expect(refused.stderr).not.toMatch(/different bulk send/);
        expect(refused.stderr).toMatch(/--reconcile/);
        expect(c.sendsPerRow().every((n) => n === 1)).toBe(true);

        const reconciled = await c.run('--reconcile', '--since', startedAt);
        expect(reconciled.code).toBe(0);
        expect(JSON.parse(reconciled.stdout)).toMatchObject({ sent: 0, reconciled: c.rows.length });
        expect(c.sendsPerRow().every((n) => n === 1)).toBe(true);
      }, 180_000);
    }
  });

  it('a journal cut to its header looks up every row: nobody is texted twice', async () => {
    // At the API's pace the run is still sending when it is killed.
    const c = await campaign(
      Array.from({ length: 12 }, (_, i) => `H${i}`),
      { atApiLimit: true },
    );
    const before = proxy.processed.length;
    await c.killedRun(
      () => undefined,
      () => proxy.processed.length >= before + 5,
    );
    const header = (await readFile(c.journal, 'utf8')).split('\n')[0]!;
    await writeFile(c.journal, `${header}\n`);

    // What is checked is what the resume sends, not its pace.
    const resumed = await c.run(...FAST);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/records no row after its header/);
    expect(duplicates(c.sendsPerRow())).toBe(0);
    expect(c.sendsPerRow().every((n) => n === 1)).toBe(true);
  }, 180_000);

  it('a dry run leaves no journal behind, so the real run sends without looking anything up', async () => {
    const c = await campaign(['D0', 'D1']);
    expect((await c.run('--dry-run')).code).toBe(0);
    await expect(readFile(c.journal, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    const lookupsBefore = proxy.lookups;
    expect((await c.run()).code).toBe(0);
    expect(proxy.lookups).toBe(lookupsBefore);
    expect(c.sendsPerRow()).toEqual([1, 1]);
  }, 180_000);
});

describe('the progress bar on a terminal', () => {
  const STOPPING = 'stopping after the messages in flight (Ctrl-C again to force)';
  /** The end of a stopped bar: the cursor shown, wrapping back on, the cursor restored. */
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences a terminal is sent are what is checked.
  const BAR_STOPPED = /\x1b\[\?25h\x1b\[\?7h\x1b8$/;

  it('shows Ctrl-C in its own line, then ends that line before the summary', async () => {
    // At the API's pace the run is still sending when Ctrl-C arrives.
    const c = await campaign(
      Array.from({ length: 40 }, (_, i) => `P${i}`),
      { atApiLimit: true },
    );
    const before = proxy.processed.length;
    const run = c.onTerminal();
    await until(() => proxy.processed.length >= before + 3);
    run.type('\x03');
    const { code, lines } = await run.done;
    expect(code).toBe(130);
    const bar = progressLine(lines);
    expect(bar.last).toContain(STOPPING);
    for (const frame of bar.frames) expect(frame.length).toBeLessThan(COLUMNS);
    // The bar is stopped (cursor shown, wrapping back on) before its line ends, and nothing after it is drawn over it.
    expect(lines[bar.index]).toMatch(BAR_STOPPED);
    expect(lines[bar.index + 1]).toMatch(/^Sent \d+, found already sent 0, failed 0, to check 0\.$/);
    expect(lines).toContain(`Interrupted. Run the same command again to resume from ${c.journal}.`);
    expect(lines.slice(bar.index + 1).some((line) => line.includes('msg/s'))).toBe(false);
  }, 180_000);

  it('is stopped, and its line ended, when a second Ctrl-C forces the exit', async () => {
    const c = await campaign(['F0', 'F1', 'F2', 'F3']);
    proxy.setFates((i) => (i >= 2 ? 'hang-unprocessed' : undefined));
    try {
      const run = c.onTerminal();
      await until(() => proxy.received > 2);
      run.type('\x03');
      await until(() => run.screen().includes(STOPPING));
      run.type('\x03');
      const { code, lines } = await run.done;
      expect(code).toBe(130);
      const bar = progressLine(lines);
      expect(bar.last).toContain(STOPPING);
      expect(lines[bar.index]).toMatch(BAR_STOPPED);
      expect(lines[bar.index + 1]).toBe('warning: stopped with sends in flight, which may have gone out. Run the same command again to resume: it checks them before sending anything.');
    } finally {
      proxy.setFates(() => undefined);
    }
  }, 180_000);

  it('fits a terminal of 150 columns, shows the time left as a duration, and a rate within the limit', async () => {
    const c = await campaign(
      Array.from({ length: 30 }, (_, i) => `W${i}`),
      { atApiLimit: true },
    );
    const { code, lines } = await c.onTerminal('--concurrency', '10').done;
    expect(code).toBe(0);
    const { frames } = progressLine(lines);
    expect(frames.length).toBeGreaterThan(3);
    for (const frame of frames) {
      expect(frame.length).toBeLessThan(COLUMNS);
      expect(frame).toMatch(/ETA (\d+s|\d+m\d\ds|\d+h\d\dm) \|/);
      // The client keeps to the API's 10 requests per second.
      expect(Number(/([\d.]+) msg\/s/.exec(frame)![1])).toBeLessThanOrEqual(10);
    }
    expect(frames.at(-1)).toMatch(/ 30\/30 \|/);
  }, 180_000);

  it('counts rows found already sent as found, not as sent, and not twice', async () => {
    const c = await campaign(Array.from({ length: 20 }, (_, i) => `R${i}`));
    expect((await c.run()).code).toBe(0);
    const journal = (await readFile(c.journal, 'utf8')).split('\n');
    // The header and two rows' entries: of the 18 rows after them, the first are found before the bar starts and the rest while it runs.
    await writeFile(c.journal, `${journal.slice(0, 5).join('\n')}\n`);

    const { code, lines } = await c.onTerminal().done;
    expect(code).toBe(0);
    expect(progressLine(lines).last).toMatch(/^\S+ 18\/18 \| [\d.]+ msg\/s \| ETA 0s? \| sent 0, found sent 18, to check 0, failed 0/);
    expect(lines).toContain('Sent 0 (20 in all), found already sent 18, failed 0, to check 0.');
    expect(c.sendsPerRow()).toEqual(Array.from({ length: 20 }, () => 1));
  }, 180_000);
});

describe('repeated notes and errors', () => {
  it('fold into one line with the count and the first rows; --verbose lists them all', async () => {
    const csv = path.join(work, 'repeats.csv');
    await writeFile(csv, ['name,phone', ...Array.from({ length: 300 }, (_, i) => `N${i},(415) 555-${String(1000 + i)}`)].join('\n'));
    const base = ['bulk-send', '--from', FROM, '--csv', csv, '--template', 'Hi {{name}}', '--dry-run'];

    const invalid = await startOnTerminal(base).done;
    expect(invalid.code).toBe(2);
    const invalidLines = invalid.lines.filter((line) => /^\s*row \d+:/.test(line));
    expect(invalidLines).toEqual([
      '  row 2: "(415) 555-1000": "(415) 555-1000" has no country calling code: write it with "+" and the code, or pass --default-country (and 299 more rows like it: 3, 4, 5, 6, 7 and 294 more; --verbose lists them all)',
    ]);

    const notes = await startOnTerminal([...base, '--default-country', 'US']).done;
    expect(notes.code).toBe(0);
    expect(notes.lines.filter((line) => line.includes('read as'))).toEqual([
      'row 2: (415) 555-1000 read as +14155551000 (and 299 more rows like it: 3, 4, 5, 6, 7 and 294 more; --verbose lists them all)',
    ]);

    const verbose = await startOnTerminal([...base, '--default-country', 'US', '--verbose']).done;
    expect(verbose.lines.filter((line) => line.includes('read as'))).toHaveLength(300);
  }, 180_000);
});
