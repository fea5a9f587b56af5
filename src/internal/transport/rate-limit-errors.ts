import { OpenPhoneError, type OpenPhoneErrorOptions } from '../../core/errors.js';

/** The call waited longer than `maxQueueWait` for a rate-limit slot. It was never sent. */
export class QueueWaitError extends OpenPhoneError {
  override name = 'QueueWaitError';
  /** The `maxQueueWait` that ran out, in milliseconds. */
  readonly maxQueueWait: number;
  /** When the key's pause after a 429 ends, if one is why the wait ran out. */
  readonly pausedUntil: Date | undefined;
  constructor(message: string, options: OpenPhoneErrorOptions & { maxQueueWait: number; pausedUntil?: Date }) {
    super(message, { ...options, mayHaveBeenProcessed: false });
    this.maxQueueWait = options.maxQueueWait;
    this.pausedUntil = options.pausedUntil;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), maxQueueWait: this.maxQueueWait, pausedUntil: this.pausedUntil?.toISOString() };
  }
}

/** The `rateLimit.store` failed or did not answer in time, and `onStoreError` is `'fail'`. The call was never sent. */
export class RateLimitStoreError extends OpenPhoneError {
  override name = 'RateLimitStoreError';
  constructor(message: string, options: OpenPhoneErrorOptions = {}) {
    super(message, { ...options, mayHaveBeenProcessed: false });
  }
}
