import { OpenPhoneError, type OpenPhoneErrorOptions } from '../errors.js';

/** The call waited longer than `maxQueueWait` for a rate-limit slot. It was never sent. */
export class QueueWaitError extends OpenPhoneError {
  override name = 'QueueWaitError';
  /** The `maxQueueWait` that ran out, in milliseconds. */
  readonly maxQueueWait: number;
  constructor(message: string, options: OpenPhoneErrorOptions & { maxQueueWait: number }) {
    super(message, { ...options, mayHaveBeenProcessed: false });
    this.maxQueueWait = options.maxQueueWait;
  }
}

/** The `rateLimit.store` failed or did not answer in time, and `onStoreError` is `'fail'`. The call was never sent. */
export class RateLimitStoreError extends OpenPhoneError {
  override name = 'RateLimitStoreError';
  constructor(message: string, options: OpenPhoneErrorOptions = {}) {
    super(message, { ...options, mayHaveBeenProcessed: false });
  }
}
