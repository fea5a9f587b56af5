/** An entry of a `WaitQueue`, kept by its owner to leave the queue in O(1). */
export interface QueueEntry<T> {
  readonly value: T;
  /** @internal */ prev: QueueEntry<T> | undefined;
  /** @internal */ next: QueueEntry<T> | undefined;
  /** @internal */ queued: boolean;
}

/**
 * A first-in, first-out queue from which any entry can leave in O(1), so that
 * aborting N waiters costs O(N). (A `Set` keeps deleted entries as holes that
 * every look at its first entry walks past until it is compacted.)
 */
export class WaitQueue<T> {
  private head: QueueEntry<T> | undefined;
  private tail: QueueEntry<T> | undefined;
  size = 0;

  push(value: T): QueueEntry<T> {
    const entry: QueueEntry<T> = { value, prev: this.tail, next: undefined, queued: true };
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    this.size += 1;
    return entry;
  }

  first(): QueueEntry<T> | undefined {
    return this.head;
  }

  /** Takes `entry` out; false when it had already left. */
  remove(entry: QueueEntry<T>): boolean {
    if (!entry.queued) return false;
    entry.queued = false;
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
    this.size -= 1;
    return true;
  }

  /** The values in order; entries may leave while this runs. */
  *[Symbol.iterator](): IterableIterator<QueueEntry<T>> {
    let entry = this.head;
    while (entry) {
      const next = entry.next;
      yield entry;
      entry = next;
    }
  }
}
