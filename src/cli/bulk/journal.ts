import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { UsageError } from '../context.js';
import { isRecord } from '../../internal/validation/is-record.js';

/**
 * A bulk send's record, one JSON object per line, appended and flushed to disk
 * around every send. An attempt is written before the request and its outcome
 * after, so a run stopped at any point (Ctrl-C, crash, power loss) knows
 * which rows were confirmed, which failed, and which were in flight.
 */
export type JournalEntry =
  | JournalHeader
  | { readonly type: 'attempt'; readonly row: number; readonly to: string; readonly at: string }
  | { readonly type: 'sent'; readonly row: number; readonly messageId: string; readonly reconciled?: boolean }
  | { readonly type: 'failed'; readonly row: number; readonly error: string; readonly status?: number }
  | { readonly type: 'uncertain'; readonly row: number; readonly error: string }
  /** From here on the journal may be missing sends: every row it does not show as sent is looked up before sending. */
  | { readonly type: 'check-unsent'; readonly at: string; readonly reason: string };

/** What a journal belongs to: a run with another CSV, template or sender is another bulk send. */
export interface Campaign {
  readonly csvSha256: string;
  readonly template: string;
  readonly from: string;
}

/** Version 1 (0.1.0) has no `startedAt`; its first attempt stands in for it. */
export type JournalHeader = Campaign & { readonly type: 'header'; readonly version: 1 | 2; readonly startedAt?: string };

/** Where a row stands after replaying the journal. `at` is the row's first attempt. */
export type RowState =
  | { readonly state: 'sent'; readonly messageId: string }
  | { readonly state: 'failed'; readonly error: string; readonly at: string | undefined }
  | { readonly state: 'uncertain'; readonly error: string; readonly at: string | undefined }
  /** Attempted, with no outcome recorded: the run stopped while it was in flight. */
  | { readonly state: 'unconfirmed'; readonly at: string };

export interface Resume {
  readonly states: ReadonlyMap<number, RowState>;
  /** When this bulk send started: this campaign's messages are looked for from then on. */
  readonly startedAt: Date | undefined;
  /** The journal may lack sends, so every row it does not show as sent is looked up before sending. */
  readonly checkUnsent: boolean;
  /** What was repaired, for the user to read. */
  readonly notes: readonly string[];
}

export interface OpenOptions {
  /** Look up every row the journal does not show as sent, and start over from a damaged journal. */
  readonly reconcile: boolean;
  /** When the bulk send started, for a journal that cannot say. */
  readonly since: Date | undefined;
}

interface Reading {
  readonly entries: JournalEntry[];
  /** Damage that leaves the journal's campaign or its middle unknown. */
  readonly damage?: string;
  /** A last line cut short: the byte offset where the complete lines end. */
  readonly partialFrom?: number;
  /** The last entry is whole but its newline is missing. */
  readonly missingNewline?: boolean;
}

const RECONCILE_HINT =
  'Run the same command with --reconcile to check every row against the API before sending ' +
  '(add --since <ISO time the first run started> if the journal cannot say), or, if nothing was sent with this journal, delete it.';

export class Journal {
  /** Set for a journal this run created, until an entry follows its header. */
  private unusedNewFile: string | undefined;

  private constructor(private readonly fd: number) {}

  /**
   * Opens the journal at `path`, creating it, or resuming it when it belongs to
   * the same CSV, template and sender. A last line cut short is dropped, and the
   * rows after it are then looked up before sending; damage that hides which
   * bulk send this is, or what happened in the middle, is refused unless
   * `reconcile`, which moves the damaged journal aside and looks up every row.
   */
  static open(path: string, campaign: Campaign, options: OpenOptions): { journal: Journal; resume: Resume } {
    const now = new Date();
    if (!existsSync(path)) {
      const startedAt = options.since ?? now;
      const journal = Journal.create(path, campaign, startedAt);
      if (options.reconcile) journal.append({ type: 'check-unsent', at: now.toISOString(), reason: 'started with --reconcile' });
      return { journal, resume: { states: new Map(), startedAt, checkUnsent: options.reconcile, notes: [] } };
    }

    const reading = read(path);
    const header = reading.entries[0]?.type === 'header' ? (reading.entries[0] as JournalHeader) : undefined;
    if (header && !sameCampaign(header, campaign)) {
      throw new UsageError(`${path} records a different bulk send (another CSV, template or sender); move it away to start a new one`);
    }
    if (reading.damage) {
      if (!options.reconcile) throw new UsageError(`${path} ${reading.damage}, so it cannot show which rows were sent. ${RECONCILE_HINT}`);
      const startedAt = options.since ?? (header && headerStart(header, reading.entries));
      if (!startedAt) throw new UsageError(`${path} ${reading.damage}. Pass --since <ISO time the first run started> with --reconcile.`);
      const aside = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(path, aside);
      const journal = Journal.create(path, campaign, startedAt);
      journal.append({ type: 'check-unsent', at: now.toISOString(), reason: reading.damage });
      const notes = [`${path} ${reading.damage}; moved it to ${aside} and checking every row against the API before sending.`];
      return { journal, resume: { states: new Map(), startedAt, checkUnsent: true, notes } };
    }

    const notes: string[] = [];
    if (reading.partialFrom !== undefined) {
      truncateSync(path, reading.partialFrom);
      notes.push(`${path} ended in a partial last line (cut mid-write, or the file was cut short): dropped it, and checking the rows it does not show as sent against the API before sending.`);
    }
    const journal = new Journal(openSync(path, 'a'));
    if (reading.missingNewline) writeSync(journal.fd, '\n');
    const { states, checkUnsent } = replay(reading.entries.slice(1));
    // A run that sends nothing removes the journal it created (see close), so one that shows no row has lost its entries.
    const noRows = states.size === 0;
    if (noRows && !checkUnsent) {
      notes.push(`${path} records no row after its header (it was cut short, or a run stopped before its first send): checking every row against the API before sending.`);
    }
    const mustCheck = options.reconcile || reading.partialFrom !== undefined || noRows;
    if (mustCheck && !checkUnsent) {
      const reason = options.reconcile ? 'resumed with --reconcile' : reading.partialFrom !== undefined ? 'partial last line dropped' : 'no row recorded';
      journal.append({ type: 'check-unsent', at: now.toISOString(), reason });
    }
    const startedAt = options.since ?? headerStart(header!, reading.entries);
    if ((mustCheck || checkUnsent) && !startedAt) {
      journal.close();
      throw new UsageError(`${path} does not say when this bulk send started. Pass --since <ISO time the first run started> with --reconcile.`);
    }
    return { journal, resume: { states, startedAt, checkUnsent: checkUnsent || mustCheck, notes } };
  }

  private static create(path: string, campaign: Campaign, startedAt: Date): Journal {
    const journal = new Journal(openSync(path, 'wx'));
    journal.append({ type: 'header', version: 2, ...campaign, startedAt: startedAt.toISOString() });
    journal.unusedNewFile = path;
    return journal;
  }

  /** Appends one entry and forces it to disk before returning. */
  append(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
    if (entry.type !== 'header') this.unusedNewFile = undefined;
  }

  /**
   * Closes the journal, and removes it when this run created it and recorded
   * nothing (a dry run, a declined confirmation, no client): a journal found
   * with nothing after its header then always means lost entries.
   */
  close(): void {
    closeSync(this.fd);
    if (this.unusedNewFile !== undefined) unlinkSync(this.unusedNewFile);
  }
}

const sameCampaign = (header: JournalHeader, campaign: Campaign) => header.csvSha256 === campaign.csvSha256 && header.template === campaign.template && header.from === campaign.from;

function headerStart(header: JournalHeader, entries: readonly JournalEntry[]): Date | undefined {
  if (header.startedAt) return new Date(header.startedAt);
  const first = entries.find((entry) => entry.type === 'attempt');
  return first ? new Date(first.at) : undefined;
}

function parse(line: string): JournalEntry | undefined {
  try {
    const entry = JSON.parse(line) as unknown;
    return isRecord(entry) && typeof entry.type === 'string' ? (entry as unknown as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

function read(path: string): Reading {
  const text = readFileSync(path, 'utf8');
  if (text.length === 0) return { entries: [], damage: 'is empty' };
  const lines = text.split('\n');
  const last = lines.pop()!;
  const entries: JournalEntry[] = [];
  for (const [index, line] of lines.entries()) {
    const entry = parse(line);
    if (!entry || (index === 0) !== (entry.type === 'header')) {
      return { entries, damage: index === 0 ? 'has a damaged header' : `has a damaged line ${index + 1}` };
    }
    entries.push(entry);
  }
  if (last === '') return { entries };
  const tail = parse(last);
  if (tail && (entries.length === 0) === (tail.type === 'header')) return { entries: [...entries, tail], missingNewline: true };
  if (entries.length === 0) return { entries, damage: 'has a damaged header' };
  return { entries, partialFrom: Buffer.byteLength(text) - Buffer.byteLength(last) };
}

function replay(entries: readonly JournalEntry[]): { states: Map<number, RowState>; checkUnsent: boolean } {
  const states = new Map<number, RowState>();
  const firstAttempt = new Map<number, string>();
  let checkUnsent = false;
  for (const entry of entries) {
    if (entry.type === 'attempt') {
      if (!firstAttempt.has(entry.row)) firstAttempt.set(entry.row, entry.at);
      states.set(entry.row, { state: 'unconfirmed', at: firstAttempt.get(entry.row)! });
    } else if (entry.type === 'sent') {
      states.set(entry.row, { state: 'sent', messageId: entry.messageId });
    } else if (entry.type === 'failed' || entry.type === 'uncertain') {
      states.set(entry.row, { state: entry.type, error: entry.error, at: firstAttempt.get(entry.row) });
    } else if (entry.type === 'check-unsent') {
      checkUnsent = true;
    }
  }
  return { states, checkUnsent };
}
