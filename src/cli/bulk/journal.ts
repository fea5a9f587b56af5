import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { UsageError } from '../context.js';

/**
 * A bulk send's record, one JSON object per line, appended and flushed to disk
 * around every send. An attempt is written before the request and its outcome
 * after, so a run stopped at any point (Ctrl-C, crash, power loss) knows
 * which rows were confirmed, which failed, and which were in flight.
 */
export type JournalEntry =
  | { readonly type: 'header'; readonly version: 1; readonly csvSha256: string; readonly template: string; readonly from: string }
  | { readonly type: 'attempt'; readonly row: number; readonly to: string; readonly at: string }
  | { readonly type: 'sent'; readonly row: number; readonly messageId: string; readonly reconciled?: boolean }
  | { readonly type: 'failed'; readonly row: number; readonly error: string; readonly status?: number }
  | { readonly type: 'uncertain'; readonly row: number; readonly error: string };

export type JournalHeader = Extract<JournalEntry, { type: 'header' }>;

/** Where each row stands after replaying the journal. */
export type RowState =
  | { readonly state: 'sent'; readonly messageId: string }
  | { readonly state: 'failed'; readonly error: string }
  | { readonly state: 'uncertain'; readonly error: string; readonly at: string | undefined }
  /** Attempted, with no outcome recorded: the run stopped while it was in flight. */
  | { readonly state: 'unconfirmed'; readonly at: string };

export class Journal {
  private constructor(private readonly fd: number) {}

  /** Opens the journal at `path`, creating it, or resuming it when it belongs to the same CSV, template and sender. */
  static open(path: string, header: JournalHeader): { journal: Journal; states: Map<number, RowState> } {
    const states = new Map<number, RowState>();
    const resuming = existsSync(path);
    if (resuming) {
      const entries = readEntries(path);
      const found = entries[0];
      if (found?.type !== 'header' || found.csvSha256 !== header.csvSha256 || found.template !== header.template || found.from !== header.from) {
        throw new UsageError(`${path} records a different bulk send (another CSV, template or sender); move it away to start a new one`);
      }
      replay(entries.slice(1), states);
    }
    const journal = new Journal(openSync(path, 'a'));
    if (!resuming) journal.append(header);
    return { journal, states };
  }

  /** Appends one entry and forces it to disk before returning. */
  append(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Reads every complete line; a last line cut short by a crash is ignored. */
function readEntries(path: string): JournalEntry[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const entries: JournalEntry[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      if (index !== lines.length - 1) throw new UsageError(`${path} line ${index + 1} is not valid; the journal was edited or damaged`);
    }
  }
  return entries;
}

function replay(entries: readonly JournalEntry[], states: Map<number, RowState>): void {
  const attemptedAt = new Map<number, string>();
  for (const entry of entries) {
    if (entry.type === 'attempt') {
      attemptedAt.set(entry.row, entry.at);
      states.set(entry.row, { state: 'unconfirmed', at: entry.at });
    } else if (entry.type === 'sent') {
      states.set(entry.row, { state: 'sent', messageId: entry.messageId });
    } else if (entry.type === 'failed') {
      states.set(entry.row, { state: 'failed', error: entry.error });
    } else if (entry.type === 'uncertain') {
      states.set(entry.row, { state: 'uncertain', error: entry.error, at: attemptedAt.get(entry.row) });
    }
  }
}
