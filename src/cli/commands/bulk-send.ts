import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { OpenPhone } from '../../client.js';
import { estimateCost, usdAmount } from '../../cost.js';
import { OpenPhoneError } from '../../errors.js';
import { prepareRows, type BulkRow } from '../bulk/rows.js';
import { Journal, type RowState } from '../bulk/journal.js';
import { EXIT, UsageError, type CliContext } from '../context.js';
import { parseRates } from '../estimate.js';
import { phoneNumberId } from './messages.js';

export const usage = `openphone bulk-send --from <PN…|E.164> --csv <file> --template "Hi {{firstName}}" [options]

  --to-column <name>       the column with the phone number (default: phone, number, mobile, to, ...)
  --default-country <CC>   read numbers written without a country code as this country's
  --skip-invalid           send the valid rows even when some are invalid
  --allow-duplicates       text a number that appears on several rows once per row
  --rate <CC=USD>          destination rate for international numbers (repeatable)
  --journal <file>         where progress is recorded (default: <csv>.journal.jsonl)
  --resend-uncertain       also resend rows whose send may have gone through (see below)
  --concurrency <n>        requests in flight at once (default 10; the rate limit still applies)
  --dry-run                validate and estimate only
  --yes                    do not ask for confirmation

Every row is validated before anything is sent. Progress is journaled, so running
the same command again after an interruption resumes without texting anyone twice.
Rows whose send failed in a way that may still have delivered it are listed for you
to check instead of being retried.`;

interface Outcome {
  readonly row: number;
  readonly to: string;
  readonly error?: string;
}

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
      concurrency: { type: 'string', default: '10' },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
  });
  if (!values.from || !values.csv || values.template === undefined) throw new UsageError(`--from, --csv and --template are required\n\n${usage}`);
  const concurrency = Number(values.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new UsageError(`--concurrency must be a positive whole number, got ${values.concurrency}`);

  let csv: string;
  try {
    csv = readFileSync(values.csv, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${values.csv}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { valid, invalid } = prepareRows(csv, {
    from: values.from,
    template: values.template,
    toColumn: values['to-column'],
    defaultCountry: values['default-country'],
    allowDuplicates: values['allow-duplicates'],
  });
  for (const row of valid.filter((r) => r.originalNumber !== undefined)) {
    context.print(`row ${row.row}: ${row.originalNumber} read as ${row.to}`);
  }
  if (invalid.length > 0) {
    context.print(`${invalid.length} invalid row${invalid.length === 1 ? '' : 's'}:`);
    for (const row of invalid) context.print(`  row ${row.row}: ${JSON.stringify(row.value)}: ${row.reason}`);
    if (!values['skip-invalid']) {
      context.printJson({ sent: 0, invalid });
      context.print('Nothing sent. Fix these rows, or pass --skip-invalid to send the others.');
      return EXIT.usage;
    }
  }

  const journalPath = values.journal ?? `${values.csv}.journal.jsonl`;
  const csvSha256 = createHash('sha256').update(csv).digest('hex');
  const { journal, states } = Journal.open(journalPath, { type: 'header', version: 1, csvSha256, template: values.template, from: values.from });
  try {
    const rates = parseRates(values.rate);
    const done = valid.filter((r) => states.get(r.row)?.state === 'sent');
    const uncertain = valid.filter((r) => states.get(r.row)?.state === 'uncertain');
    const pending = valid.filter((r) => {
      const state = states.get(r.row)?.state;
      return state !== 'sent' && (state !== 'uncertain' || values['resend-uncertain']);
    });
    const estimate = summarize(pending, rates);
    if (done.length > 0) context.print(`Resuming from ${journalPath}: ${done.length} row${done.length === 1 ? '' : 's'} already sent.`);
    context.print(
      `${pending.length} message${pending.length === 1 ? '' : 's'} to send, ${estimate.segments} segments, ` +
        `${estimate.unpriced > 0 ? `at least $${estimate.usd} (${estimate.unpriced} without a rate: pass --rate)` : `$${estimate.usd}`}.`,
    );
    if (values['dry-run']) {
      context.printJson({ dryRun: true, toSend: pending.length, alreadySent: done.length, invalid, segments: estimate.segments, usd: estimate.usd });
      return EXIT.ok;
    }
    if (pending.length > 0 && !(await context.confirm(`Send ${pending.length} messages from ${values.from}?`, values.yes))) {
      context.print('Nothing sent.');
      return EXIT.failed;
    }

    const client = await context.client();
    const sender = new BulkSender(client, journal, context, values.from, concurrency);
    const { sent, failed, stillUncertain, interrupted } = await sender.run(pending, states);
    const allUncertain = [...stillUncertain, ...uncertain.filter((r) => !values['resend-uncertain']).map((r) => ({ row: r.row, to: r.to, error: (states.get(r.row) as { error: string }).error }))];

    context.print(`Sent ${sent.length}${done.length ? ` (${done.length + sent.length} in all)` : ''}, failed ${failed.length}, to check ${allUncertain.length}.`);
    for (const row of failed) context.print(`  failed  row ${row.row} ${row.to}: ${row.error}`);
    if (allUncertain.length > 0) {
      context.print('These may have been sent; check them in OpenPhone before sending again (or rerun with --resend-uncertain):');
      for (const row of allUncertain) context.print(`  check   row ${row.row} ${row.to}: ${row.error}`);
    }
    if (interrupted) context.print(`Interrupted. Run the same command again to resume from ${journalPath}.`);
    context.printJson({ sent: sent.length, alreadySent: done.length, failed, uncertain: allUncertain, invalid, interrupted, journal: journalPath });
    if (interrupted) return EXIT.interrupted;
    return failed.length > 0 || allUncertain.length > 0 ? EXIT.failed : EXIT.ok;
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

class BulkSender {
  private stopping = false;
  private phoneNumberIdPromise: Promise<string> | undefined;

  constructor(
    private readonly client: OpenPhone,
    private readonly journal: Journal,
    private readonly context: CliContext,
    private readonly from: string,
    private readonly concurrency: number,
  ) {}

  async run(rows: readonly BulkRow[], states: ReadonlyMap<number, RowState>) {
    const sent: Outcome[] = [];
    const failed: Outcome[] = [];
    const stillUncertain: Outcome[] = [];
    const queue = [...rows];
    const progress = this.progressBar(rows.length);
    const onInterrupt = () => {
      this.stopping = true;
      this.context.note('\nStopping after the messages in flight (Ctrl-C again to force)...');
      process.once('SIGINT', () => process.exit(EXIT.interrupted));
    };
    process.once('SIGINT', onInterrupt);
    const started = performance.now();
    let finished = 0;
    const worker = async () => {
      while (!this.stopping) {
        const row = queue.shift();
        if (!row) return;
        const outcome = await this.deliver(row, states.get(row.row));
        finished += 1;
        if (outcome.kind === 'sent') sent.push(row);
        else if (outcome.kind === 'failed') failed.push({ row: row.row, to: row.to, error: outcome.error });
        else stillUncertain.push({ row: row.row, to: row.to, error: outcome.error });
        progress?.update(finished, { rate: (finished / ((performance.now() - started) / 1000)).toFixed(1), failed: failed.length + stillUncertain.length });
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.concurrency, Math.max(rows.length, 1)) }, worker));
    } finally {
      process.off('SIGINT', onInterrupt);
      progress?.stop();
    }
    return { sent, failed, stillUncertain, interrupted: this.stopping && queue.length > 0 };
  }

  private progressBar(total: number): cliProgress.SingleBar | undefined {
    const stream = this.context.io.stderr as NodeJS.WriteStream;
    if (this.context.options.json || !stream.isTTY || total === 0) return undefined;
    const bar = new cliProgress.SingleBar(
      { stream, format: '{bar} {value}/{total} | {rate} msg/s | ETA {eta_formatted} | failed {failed}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: '0.0', failed: 0 });
    return bar;
  }

  /** Sends one row unless a previous run already did: an in-flight row from an interrupted run is looked up first. */
  private async deliver(row: BulkRow, previous: RowState | undefined): Promise<{ kind: 'sent' } | { kind: 'failed' | 'uncertain'; error: string }> {
    if (previous?.state === 'unconfirmed' || previous?.state === 'uncertain') {
      const found = await this.lookUp(row);
      if (found) {
        this.journal.append({ type: 'sent', row: row.row, messageId: found, reconciled: true });
        return { kind: 'sent' };
      }
    }
    this.journal.append({ type: 'attempt', row: row.row, to: row.to, at: new Date().toISOString() });
    try {
      const message = await this.client.messages.send({ from: this.from, to: row.to, content: row.content });
      this.journal.append({ type: 'sent', row: row.row, messageId: message.id });
      return { kind: 'sent' };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (error instanceof OpenPhoneError && error.mayHaveBeenProcessed) {
        this.journal.append({ type: 'uncertain', row: row.row, error: text });
        return { kind: 'uncertain', error: text };
      }
      this.journal.append({ type: 'failed', row: row.row, error: text, ...(error instanceof OpenPhoneError && error.status !== undefined && { status: error.status }) });
      return { kind: 'failed', error: text };
    }
  }

  /** The id of this row's message if the API has it: the same text to the same number, among the latest in that conversation. */
  private async lookUp(row: BulkRow): Promise<string | undefined> {
    this.phoneNumberIdPromise ??= phoneNumberId(this.client, this.from);
    const id = await this.phoneNumberIdPromise;
    for await (const message of this.client.messages.list({ phoneNumberId: id, participants: row.to }, { maxItems: 100 })) {
      if (message.direction === 'outgoing' && message.text === row.content) return message.id;
    }
    return undefined;
  }
}
