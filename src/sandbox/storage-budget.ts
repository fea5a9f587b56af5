/**
 * A bound on what the workspace stores, whatever key writes it: every record a
 * write answers with is counted at the size of its JSON, until it is deleted
 * or the sandbox reset. Past the bound, writes are refused with a 507 and
 * reads and deletes go on, so a client can make room.
 */

import { isRecord } from '../internal/validation/is-record.js';

/** Default bound on the bytes of records written through the API: 32 MiB. */
export const DEFAULT_MAX_STORED_BYTES = 32 * 1024 * 1024;

export class StorageBudget {
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  /** The bytes counted now. */
  get storedBytes(): number {
    return this.total;
  }

  /** Whether a write may store more. */
  get full(): boolean {
    return this.total >= this.maxBytes;
  }

  /** Counts the record `id` at `bytes`, replacing what it counted before (an update). */
  stored(id: string, bytes: number): void {
    this.total += bytes - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, bytes);
  }

  deleted(id: string): void {
    this.total -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
  }

  clear(): void {
    this.sizes.clear();
    this.total = 0;
  }
}

/** The id of the record a write answered with (`{ data: { id } }`), if it names one. */
export function writtenRecordId(body: unknown): string | undefined {
  const data = isRecord(body) ? body.data : undefined;
  const id = isRecord(data) ? data.id : undefined;
  return typeof id === 'string' ? id : undefined;
}
