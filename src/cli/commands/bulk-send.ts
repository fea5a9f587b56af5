import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { OpenPhone } from '../../core/client.js';
import { estimateCost, usdAmount } from '../../lib/sms/cost.js';
import { OpenPhoneError } from '../../core/errors.js';
import { prepareRows, type BulkRow } from '../bulk/rows.js';
import { Journal, type Resume } from '../bulk/journal.js';
import { findSentMessage } from '../bulk/lookup.js';
import { ProgressBar } from '../bulk/progress.js';
import { foldRepeats, type RowLine } from '../bulk/repeats.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { describeError } from '../describe-error.js';
import { parseRates } from '../estimate.js';

/** Seconds the API is given to list a send before a lookup that misses it counts; a few seconds covers the lag seen in practice. */
const DEFAULT_SETTLE_SECONDS = 5;

export const usage = `openphone bulk-send --from <PN…|E.164> --csv <file> --template "Hi {{firstName}}" [options]

  --to-column <name>       the column with the phone number (default: phone, number, mobile, to, ...)
  --default-country <CC>   read numbers written without a country code as this country's
  --skip-invalid           send the valid rows even when some are invalid
  --allow-duplicates       text a number that appears on several rows once per row
  --rate <CC=USD>          destination rate for international numbers (repeatable)
  --journal <file>         where progress is recorded (default: <csv>.journal.jsonl)
  --resend-uncertain       send rows whose send may have gone through, once the API shows no trace of them
  --settle-delay <seconds> how long the API may take to list a send: a row it does not list is looked up
                           again this much later before it is sent (default ${DEFAULT_SETTLE_SECONDS})
  --reconcile              check every row the journal does not show as sent against the API before sending it
                           (for a damaged or lost journal)
  --since <ISO time>       when the first run started, for --reconcile without a readable journal
  --concurrency <n>        requests in flight at once (default 10; the rate limit still applies)
  --dry-run                validate and estimate only
  --verbose                list every row of a repeated note or error (by default one line names the first few)
  --yes                    do not ask for confirmation

Every row is validated before anything is sent. Progress is journaled, so running
the same command again after an interruption resumes without texting anyone twice:
a row that was in flight, or whose send failed, is looked up among the messages sent
to its number (from its first attempt on), again after the settle delay if it is not
listed, and sent only if the API still does not have it. Rows whose
send may have gone through are listed for you to check instead of being retried.`;

interface Outcome {
  readonly row: number;
  readonly to: string;
  readonly error?: string;
}

type Delivery = { kind: 'sent'; messageId: string } | { kind: 'reconciled'; messageId: string } | { kind: 'failed'; error: string } | { kind: 'uncertain'; error: string };

/** The API did not list the row's message yet: look it up again at `due` (a `performance.now()` time). */
interface Recheck {
  readonly kind: 'recheck';
  readonly due: number;
}

/** How many rows past the journaled ones are looked up on resume, to notice a journal that lost its last entries. */
const PROBE_ROWS = 10;

export async function bulkSend(context: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      csv: { type: 'string' },
      template: { type: 'string' },
      'to-column': { type: 'string' },
      'default-country': { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      'allow-duplicates': { type: 'boolean', default: false },
      rate: { type: 'string', multiple: true },
      journal: { type: 'string' },
      'resend-uncertain': { type: 'boolean', default: false },
      reconcile: { type: 'boolean', default: false },
      since: { type: 'string' },
      concurrency: { type: 'string', default: '10' },
      'settle-delay': { type: 'string', default: String(DEFAULT_SETTLE_SECONDS) },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const missing = (['from', 'csv', 'template'] as const).filter((name) => values[name] === undefined || values[name] === '');
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}\n\n${usage}`);
  const from = values.from!;
  const concurrency = Number(values.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new UsageError(`--concurrency must be a positive whole number, got ${values.concurrency}`);
  const settleSeconds = Number(values['settle-delay']);
  if (values['settle-delay']!.trim() === '' || !(Number.isFinite(settleSeconds) && settleSeconds >= 0)) {
    throw new UsageError(`--settle-delay must be a number of seconds, 0 or more, got ${values['settle-delay']}`);
  }
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since must be an ISO date and time, e.g. 2026-03-30T09:00:00Z, got ${values.since}`);
  if (since && !values.reconcile) throw new UsageError('--since only applies with --reconcile');

  let csv: string;
  try {
    csv = readFileSync(values.csv!, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${values.csv}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { valid, invalid } = await prepareRows(csv, {
    from,
    template: values.template!,
    toColumn: values['to-column'],
    defaultCountry: values['default-country'],
    allowDuplicates: values['allow-duplicates'],
  });
  const printRows = (lines: RowLine[]) => {
    for (const line of foldRepeats(lines, values.verbose)) context.print(line);
  };
  printRows(valid.flatMap((r) => (r.originalNumber === undefined ? [] : [{ row: r.row, kind: 'read as', line: `row ${r.row}: ${r.originalNumber} read as ${r.to}` }])));
  if (invalid.length > 0) {
    context.print(`${invalid.length} invalid row${invalid.length === 1 ? '' : 's'}:`);
    // A reason quotes the row's own value: rows that differ only in it are alike.
    printRows(invalid.map((r) => ({ row: r.row, kind: r.reason.replaceAll(JSON.stringify(r.value), ''), line: `  row ${r.row}: ${JSON.stringify(r.value)}: ${r.reason}` })));
    if (!values['skip-invalid']) {
      context.printJson({ sent: 0, invalid });
      context.print('Nothing sent. Fix these rows, or pass --skip-invalid to send the others.');
      return EXIT.usage;
    }
  }

  const rates = parseRates(values.rate);
  const journalPath = values.journal ?? `${values.csv}.journal.jsonl`;
  const csvSha256 = createHash('sha256').update(csv).digest('hex');
  const { journal, resume } = Journal.open(journalPath, { csvSha256, template: values.template!, from }, { reconcile: values.reconcile, since });
  try {
    for (const note of resume.notes) context.warn(note);
    const done = valid.filter((r) => resume.states.get(r.row)?.state === 'sent');
    const pending = valid.filter((r) => resume.states.get(r.row)?.state !== 'sent');
    const toCheck = pending.filter((r) => resume.checkUnsent || resume.states.has(r.row)).length;
    const estimate = summarize(pending, rates);
    if (done.length > 0) context.print(`Resuming from ${journalPath}: ${done.length} row${done.length === 1 ? '' : 's'} already sent.`);
    context.print(
      `${pending.length} message${pending.length === 1 ? '' : 's'} to send, ${estimate.segments} segments, ` +
        `${estimate.unpriced > 0 ? `at least $${estimate.usd} (${estimate.unpriced} without a rate: pass --rate)` : `$${estimate.usd}`}` +
        `${toCheck > 0 ? `; ${toCheck} of them are looked up first and sent only if the API does not have them` : ''}.`,
    );
    if (values['dry-run']) {
      context.printJson({ dryRun: true, toSend: pending.length, toCheck, alreadySent: done.length, invalid, segments: estimate.segments, usd: estimate.usd });
      return EXIT.ok;
    }
    if (pending.length > 0 && !(await context.confirm(`Send ${pending.length} messages from ${from}?`, values.yes))) {
      context.print('Nothing sent.');
      return EXIT.failed;
    }

    const client = await context.client();
    const sender = new BulkSender(client, journal, context, { from, concurrency, resendUncertain: values['resend-uncertain'], settleMs: settleSeconds * 1000 }, resume);
    const { sent, reconciled, failed, uncertain, interrupted } = await sender.run(pending);

    const colors = context.colors('stdout');
    context.print(
      `${colors.green(`Sent ${sent.length}`)}${done.length ? ` (${done.length + sent.length + reconciled.length} in all)` : ''}, ` +
        `found already sent ${reconciled.length}, ${colors.red(`failed ${failed.length}`)}, ${colors.yellow(`to check ${uncertain.length}`)}.`,
    );
    printRows(failed.map((r) => ({ row: r.row, kind: r.error ?? '', line: `  ${colors.red('failed')}  row ${r.row} ${r.to}: ${r.error}` })));
    if (uncertain.length > 0) {
      context.print('These may have been sent and the API does not show them yet; check them in OpenPhone (rerun later to look again, or with --resend-uncertain to send those still not found):');
      printRows(uncertain.map((r) => ({ row: r.row, kind: r.error ?? '', line: `  ${colors.yellow('check')}   row ${r.row} ${r.to}: ${r.error}` })));
    }
    if (interrupted) context.print(`Interrupted. Run the same command again to resume from ${journalPath}.`);
    context.printJson({ sent: sent.length, reconciled: reconciled.length, alreadySent: done.length, failed, uncertain, invalid, interrupted, journal: journalPath });
    if (interrupted) return EXIT.interrupted;
    return failed.length > 0 || uncertain.length > 0 ? EXIT.failed : EXIT.ok;
  } finally {
    journal.close();
  }
}

function summarize(rows: readonly BulkRow[], rates: ReturnType<typeof parseRates>) {
  let segments = 0;
  let micros = 0;
  let unpriced = 0;
  for (const row of rows) {
    const estimate = estimateCost(row.content, { to: row.to, rates });
    segments += estimate.message.segments;
    micros += estimate.pricedTotal.micros;
    unpriced += estimate.unpricedRecipients.length;
  }
  return { segments, unpriced, usd: usdAmount(micros).usd };
}

interface SenderOptions {
  readonly from: string;
  readonly concurrency: number;
  readonly resendUncertain: boolean;
  /** How long after a lookup that missed a row it is looked up again, before the row may be sent. */
  readonly settleMs: number;
}

class BulkSender {
  /** Aborted by Ctrl-C: no new row is started, and a wait for a recheck ends. */
  private readonly stop = new AbortController();
  private checkUnsent: boolean;
  /** Message ids already matched to a row, so two identical rows are never matched to one message. */
  private readonly claimed = new Set<string>();
  /** When each row was first looked up and not found, so a send waits for a second lookup a settle delay later. */
  private readonly firstMiss = new Map<number, number>();
  /** Rows missed by a lookup made a settle delay or more after their first miss: the API does not have them. */
  private readonly provenUnsent = new Set<number>();

  constructor(
    private readonly client: OpenPhone,
    private readonly journal: Journal,
    private readonly context: CliContext,
    private readonly options: SenderOptions,
    private readonly resume: Resume,
  ) {
    this.checkUnsent = resume.checkUnsent;
    for (const state of resume.states.values()) if (state.state === 'sent') this.claimed.add(state.messageId);
  }

  async run(rows: readonly BulkRow[]) {
    const sent: Outcome[] = [];
    const reconciled: Outcome[] = [];
    const failed: Outcome[] = [];
    const uncertain: Outcome[] = [];
    const record = (row: BulkRow, outcome: Delivery) => {
      if (outcome.kind === 'sent') sent.push({ row: row.row, to: row.to });
      else if (outcome.kind === 'reconciled') reconciled.push({ row: row.row, to: row.to });
      else if (outcome.kind === 'failed') failed.push({ row: row.row, to: row.to, error: outcome.error });
      else uncertain.push({ row: row.row, to: row.to, error: outcome.error });
    };
    const queue = [...rows];
    for (const [row, outcome] of await this.probe(rows)) {
      queue.splice(queue.indexOf(row), 1);
      record(row, outcome);
    }
    const counts = () => ({ sent: sent.length, reconciled: reconciled.length, failed: failed.length, uncertain: uncertain.length });
    const budget = this.client.rateLimit;
    const progress = await ProgressBar.start(this.context, rows.length, counts(), budget ? (budget.limit * 1000) / budget.interval : Infinity);
    const onInterrupt = () => {
      this.stop.abort();
      progress.status('stopping after the messages in flight (Ctrl-C again to force)');
      process.once('SIGINT', () => {
        // The bar hid the cursor and turned line wrapping off: give the terminal back before leaving.
        progress.stop();
        this.context.warn('stopped with sends in flight, which may have gone out. Run the same command again to resume: it checks them before sending anything.');
        process.exit(EXIT.interrupted);
      });
    };
    process.once('SIGINT', onInterrupt);
    /** Rows to look up again, in the order they fall due. */
    const rechecks: { row: BulkRow; due: number }[] = [];
    const worker = async () => {
      while (!this.stop.signal.aborted) {
        let row = queue.shift();
        if (!row) {
          const recheck = rechecks.shift();
          if (!recheck) return;
          await this.waitUntil(recheck.due);
          if (this.stop.signal.aborted) return void rechecks.unshift(recheck);
          row = recheck.row;
        }
        const outcome = await this.deliver(row);
        if (outcome.kind === 'recheck') {
          rechecks.push({ row, due: outcome.due });
          rechecks.sort((a, b) => a.due - b.due);
          continue;
        }
        record(row, outcome);
        progress.update(counts());
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, Math.max(queue.length, 1)) }, worker));
    } finally {
      process.off('SIGINT', onInterrupt);
      progress.stop();
    }
    return { sent, reconciled, failed, uncertain, interrupted: this.stop.signal.aborted && queue.length + rechecks.length > 0 };
  }

  /**
   * A journal cut short at a line boundary looks like one that ends where the
   * run stopped. The rows just past the journaled ones are the first whose
   * entries it would have lost, so they are looked up (again after the settle
   * delay when none is listed): if the API has any of them, every row the
   * journal does not show as sent is looked up from now on.
   */
  private async probe(rows: readonly BulkRow[]): Promise<[BulkRow, Delivery][]> {
    const since = this.resume.startedAt;
    if (this.checkUnsent || this.resume.states.size === 0 || !since) return [];
    const candidates = rows.filter((r) => !this.resume.states.has(r.row)).slice(0, PROBE_ROWS);
    const lookUpAll = async () => {
      const found: [BulkRow, Delivery][] = [];
      for (const row of candidates) {
        const messageId = await this.lookUp(row, since);
        if (messageId) found.push([row, this.reconcile(row, messageId)]);
      }
      return found;
    };
    let found = await lookUpAll();
    if (found.length === 0 && candidates.length > 0) {
      this.context.note(`Looking the next ${candidates.length} rows up again in ${Math.ceil(this.options.settleMs / 1000)}s, in case their sends are not listed yet.`);
      await this.waitUntil(this.firstMiss.get(candidates[0]!.row)! + this.options.settleMs);
      found = await lookUpAll();
    }
    if (found.length > 0) {
      this.checkUnsent = true;
      this.journal.append({ type: 'check-unsent', at: new Date().toISOString(), reason: 'rows sent that the journal does not show' });
      this.context.warn(`The API has sends the journal does not show (it lost entries): checking every row not recorded as sent before sending it.`);
    }
    return found;
  }

  private reconcile(row: BulkRow, messageId: string): Delivery {
    this.journal.append({ type: 'sent', row: row.row, messageId, reconciled: true });
    return { kind: 'reconciled', messageId };
  }

  /**
   * Sends one row, unless the API already has it from an earlier attempt: any
   * row attempted before (or probed) is looked up first, and a row the API does
   * not list is looked up again a settle delay later before it is sent.
   */
  private async deliver(row: BulkRow): Promise<Delivery | Recheck> {
    const previous = this.resume.states.get(row.row);
    if (!this.provenUnsent.has(row.row) && (previous !== undefined || this.checkUnsent || this.firstMiss.has(row.row))) {
      const at = previous && 'at' in previous ? previous.at : undefined;
      let messageId: string | undefined;
      try {
        messageId = await this.lookUp(row, at ? new Date(at) : (this.resume.startedAt ?? new Date(0)));
      } catch (error) {
        return { kind: 'uncertain', error: `could not check whether an earlier attempt went through: ${this.context.redact(describeError(error))}` };
      }
      if (messageId) return this.reconcile(row, messageId);
      if (previous?.state === 'uncertain' && !this.options.resendUncertain) return { kind: 'uncertain', error: previous.error };
      if (!this.provenUnsent.has(row.row)) return { kind: 'recheck', due: this.firstMiss.get(row.row)! + this.options.settleMs };
    }
    this.journal.append({ type: 'attempt', row: row.row, to: row.to, at: new Date().toISOString() });
    try {
      // A campaign waits out a pause after a 429 rather than failing every row left (the default bound is the timeout).
      const message = await this.client.messages.send({ from: this.options.from, to: row.to, content: row.content }, { maxQueueWait: Infinity });
      if (typeof message?.id !== 'string') throw new TypeError('the API answered without the sent message');
      this.claimed.add(message.id);
      this.journal.append({ type: 'sent', row: row.row, messageId: message.id });
      return { kind: 'sent', messageId: message.id };
    } catch (error) {
      const text = this.context.redact(describeError(error));
      // Only an error that proves the API did nothing is a failure: anything else may have been sent.
      if (error instanceof OpenPhoneError && !error.mayHaveBeenProcessed) {
        this.journal.append({ type: 'failed', row: row.row, error: text, ...(error.status !== undefined && { status: error.status }) });
        return { kind: 'failed', error: text };
      }
      this.journal.append({ type: 'uncertain', row: row.row, error: text });
      return { kind: 'uncertain', error: text };
    }
  }

  /**
   * The id of the row's message if the API lists it. A miss is remembered: the
   * API lists a send a moment after it is made, so only a miss a settle delay
   * or more after the first one proves the row unsent.
   */
  private async lookUp(row: BulkRow, since: Date): Promise<string | undefined> {
    const startedAt = performance.now();
    const messageId = await findSentMessage(this.client, { from: this.options.from, to: row.to, content: row.content, since, claimed: this.claimed });
    if (messageId === undefined) {
      const firstMiss = this.firstMiss.get(row.row);
      if (firstMiss === undefined) this.firstMiss.set(row.row, startedAt);
      else if (startedAt - firstMiss >= this.options.settleMs) this.provenUnsent.add(row.row);
    }
    return messageId;
  }

  /** Resolves at `due` (a `performance.now()` time), or at once on Ctrl-C. */
  private async waitUntil(due: number): Promise<void> {
    const ms = due - performance.now();
    if (ms > 0) await sleep(ms, undefined, { signal: this.stop.signal }).catch(() => undefined);
  }
}
