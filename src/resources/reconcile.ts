/**
 * Looking up a send that may have reached the API: the API has no
 * idempotency key, so after a timeout, a 5xx or a spoiled 2xx the only safe
 * way to know whether a text went out is to look for it. Never sends.
 */
import { OpenPhoneError, ValidationError, describeValue } from '../core/errors.js';
import type { ItemOf, QueryParams, ResponseData } from '../internal/types.js';
import { isRecord } from '../internal/validation/is-record.js';

/** A message as the dated `GET /messages` lists it. */
export type ListedMessage = ItemOf<ResponseData<'listMessages'>>;

export interface ReconcileOptions {
  /** Lookups before giving up; each waits `settleMs` first, since the list can lag behind sends. Default 3. */
  readonly lookups?: number;
  /** How long to wait before each lookup, in ms. Default 2000. */
  readonly settleMs?: number;
}

/** What was sent, to recognise it in the list. */
export interface SendAttempt {
  readonly from: string;
  readonly to: readonly string[];
  readonly content: string;
  /** When the send began, by this machine's clock. */
  readonly startedAt: number;
}

/** The query a lookup sends: the exact recipients, outgoing, created just before the send began or later. */
export type LookupQuery = QueryParams<'listMessages'>;

/** The messages the dated `GET /messages` lists for a lookup's query: its first page, or every page. */
export type ListMessages = (query: LookupQuery) => AsyncIterable<ListedMessage>;

const DEFAULT_LOOKUPS = 3;
const DEFAULT_SETTLE_MS = 2000;
/** Clocks differ: the lookup reaches this far before the send began. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface ReconcileSettings {
  readonly lookups: number;
  readonly settleMs: number;
}

/** `reconcile: true` or its options, checked; `undefined` when off. */
export function reconcileSettings(value: unknown): ReconcileSettings | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { lookups: DEFAULT_LOOKUPS, settleMs: DEFAULT_SETTLE_MS };
  if (!isRecord(value)) {
    throw new ValidationError([{ field: 'reconcile', value, rule: 'type', message: `must be true, false or { lookups, settleMs }, got ${describeValue(value)}` }]);
  }
  const { lookups = DEFAULT_LOOKUPS, settleMs = DEFAULT_SETTLE_MS, ...unknown } = value as ReconcileOptions;
  const issues = [];
  for (const name of Object.keys(unknown)) {
    issues.push({ field: `reconcile.${name}`, value: (unknown as Record<string, unknown>)[name], rule: 'unknown', message: 'is not an option of reconcile (lookups, settleMs)' });
  }
  if (typeof lookups !== 'number' || !Number.isSafeInteger(lookups) || lookups < 1) {
    issues.push({ field: 'reconcile.lookups', value: lookups, rule: 'minimum', message: `must be a whole number >= 1, got ${describeValue(lookups)}` });
  }
  if (typeof settleMs !== 'number' || !Number.isFinite(settleMs) || settleMs < 0) {
    issues.push({ field: 'reconcile.settleMs', value: settleMs, rule: 'minimum', message: `must be a number of ms >= 0, got ${describeValue(settleMs)}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { lookups, settleMs };
}

/** A failure after which the message may exist: the only kind worth a lookup. */
export function mayHaveBeenSent(error: unknown): error is OpenPhoneError {
  return error instanceof OpenPhoneError && error.mayHaveBeenProcessed;
}

function lookupQuery(attempt: SendAttempt): LookupQuery {
  return {
    'to[all]': [...attempt.to],
    direction: 'outgoing',
    'createdAt[gt]': new Date(attempt.startedAt - CLOCK_SKEW_MS).toISOString(),
    ...(attempt.from.startsWith('PN') ? { phoneNumberId: attempt.from } : { from: attempt.from }),
  };
}

/** The listed message that is this send: same text, same recipients, created after the send began (less the skew). */
function isThisSend(message: ListedMessage, attempt: SendAttempt): boolean {
  const recipients = [...attempt.to].sort().join(',');
  const listed = Array.isArray(message.to) ? [...(message.to as readonly string[])].sort().join(',') : String(message.to);
  return message.text === attempt.content && listed === recipients && message.direction === 'outgoing' && Date.parse(message.createdAt) >= attempt.startedAt - CLOCK_SKEW_MS;
}

/**
 * One lookup of a send: the first message `list` gives for its query that is
 * this send and none of `claimed` (messages already matched to another send
 * of the same text to the same recipients).
 */
export async function lookUpSend(list: ListMessages, attempt: SendAttempt, claimed: ReadonlySet<string> = new Set()): Promise<ListedMessage | undefined> {
  for await (const message of list(lookupQuery(attempt))) if (isThisSend(message, attempt) && !claimed.has(message.id)) return message;
  return undefined;
}

/**
 * Looks for the send up to `lookups` times, waiting `settleMs` before each;
 * the first match wins. A lookup that fails is a miss, so the send's own
 * error (which says the message may have been sent) stands.
 */
export async function findSentMessage(list: ListMessages, attempt: SendAttempt, settings: ReconcileSettings, signal: AbortSignal | undefined): Promise<ListedMessage | undefined> {
  for (let lookup = 0; lookup < settings.lookups; lookup++) {
    await settle(settings.settleMs, signal);
    try {
      const found = await lookUpSend(list, attempt);
      if (found) return found;
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }
  return undefined;
}

function settle(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
