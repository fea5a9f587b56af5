import { ValidationError, describeValue } from '../../core/errors.js';
import { readOptions } from '../validation/options.js';
import { checkHeaders } from './headers.js';
import type { CallOptions } from './transport.js';

/** The longest delay a timer can hold: beyond it `setTimeout` fires at once, so a huge timeout would be none at all. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const refuse = (field: string, value: unknown, rule: string, message: string) => new ValidationError([{ field, value, rule, message }]);

/** A duration in ms the SDK can time, from `min` up; `Infinity` only where it means "no bound". Undefined when not given. */
export function checkDuration(field: string, value: unknown, { min, infinite }: { min: number; infinite: boolean }): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value === Infinity && infinite) return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > MAX_TIMER_MS) {
    const range = `a number of ms from ${min} to ${MAX_TIMER_MS}${infinite ? ', or Infinity for none' : ''}`;
    throw refuse(field, value, 'range', `${describeValue(value)} must be ${range}`);
  }
  return value;
}

/** `timeout`: above 0; `Infinity` for none. */
export const checkTimeout = (field: string, value: unknown) => checkDuration(field, value, { min: 1, infinite: true });

/** `maxQueueWait`: 0 or more; `Infinity` for no bound. */
export const checkMaxQueueWait = (field: string, value: unknown) => checkDuration(field, value, { min: 0, infinite: true });

/** A retry budget: a whole number, 0 or more. */
export function checkMaxRetries(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw refuse(field, value, 'range', `${describeValue(value)} must be a whole number, 0 or more`);
  }
  return value;
}

export function checkHook(field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') throw refuse(field, value, 'type', `must be a function, got ${describeValue(value)}`);
}

/**
 * One call's options, each checked before anything is sent: an option that
 * cannot be used is a `ValidationError` naming it, never a silent default or
 * a `TypeError` after the request went out.
 */
export function checkCallOptions(call: CallOptions): CallOptions {
  checkTimeout('timeout', call.timeout);
  checkMaxQueueWait('maxQueueWait', call.maxQueueWait);
  checkHook('onRetry', call.onRetry);
  checkHeaders('headers', call.headers);
  if (call.retry !== undefined && call.retry !== false) {
    if (typeof call.retry !== 'object' || call.retry === null) {
      throw refuse('retry', call.retry, 'type', `must be false or { maxRetries }, got ${describeValue(call.retry)}`);
    }
    checkMaxRetries('retry.maxRetries', readOptions(call.retry, ['maxRetries'], { name: 'retry', prefix: 'retry.', refuseUnknown: true }).maxRetries);
  }
  if (call.signal !== undefined && !(call.signal instanceof AbortSignal)) {
    throw refuse('signal', call.signal, 'type', `must be an AbortSignal, got ${describeValue(call.signal)}`);
  }
  return call;
}
