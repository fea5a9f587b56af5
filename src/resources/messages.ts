import { estimateCost, usdToMicros, type CostEstimate, type DestinationRates } from '../lib/sms/cost.js';
import { describeValue, type ValidationIssue } from '../core/errors.js';
import { APIPromise } from '../core/api-promise.js';
import type { AnyPage, PagePromise } from '../core/pagination.js';
import type { RequestBody, SentMessage, SuccessBody } from '../internal/types.js';
import { optionNames } from '../internal/validation/options.js';
import { Messages as DerivedMessages } from '../../generated/2026-03-30.resources.js';
import { findSentMessage, mayHaveBeenSent, reconcileSettings, type ListedMessage, type ReconcileOptions, type SendAttempt } from './reconcile.js';
import { CALL_OPTIONS, asList, dataOf, defined, type OneOrMany, type RequestOptions } from './resource.js';
import { isRecord } from '../internal/validation/is-record.js';

/** What `messages.send` takes: the request body without the deprecated `phoneNumberId`; `to` may be one number. */
export type SendMessageParams = Omit<RequestBody<'sendMessage_v1'>, 'phoneNumberId' | 'to'> & {
  /** The recipient in E.164, or a list of them: as many as the spec's `maxItems` allows (a group message when several). */
  readonly to: OneOrMany<string>;
};

export interface SendMessageOptions extends RequestOptions {
  /** Refuse to send, before any request, when the message would take more segments than this. */
  readonly maxSegments?: number | undefined;
  /** Refuse to send when the estimated cost (all recipients) exceeds this many US dollars, or cannot be known. */
  readonly maxCostUsd?: number | string | undefined;
  /** Destination rates for international recipients, as `estimateCost` takes them. */
  readonly rates?: DestinationRates | undefined;
  /** Resolve to `{ message, estimate }` instead of the message alone. */
  readonly includeEstimate?: boolean | undefined;
  /**
   * After a failure that may have reached the API (a timeout, a 5xx, a spoiled
   * 2xx), look for the message with the dated `GET /messages` (the exact
   * recipients, outgoing, since just before the send, the same text) and, when
   * found, resolve with it, marked `reconciled: true`. Never sends again; not
   * found, the send's own error stands. `true` for 3 lookups 2 s apart.
   */
  readonly reconcile?: boolean | ReconcileOptions | undefined;
}

/** A message found by a lookup after an ambiguous failure, not returned by the send itself. */
export type ReconciledMessage = SentMessage & { readonly reconciled: true };

/** Whether `send` found this message by looking it up after an ambiguous failure. */
export function isReconciled(message: SentMessage): message is ReconciledMessage {
  return isRecord(message) && (message as Partial<ReconciledMessage>).reconciled === true;
}

/** The fields of a send, each read once: the deprecated `phoneNumberId` is not. */
const SEND_FIELDS = /* @__PURE__ */ optionNames<SendMessageParams>({ content: true, from: true, to: true, userId: true, setInboxStatus: true });
/** The options only `send` takes; the ones every call takes are read with them. */
const SEND_GUARD_OPTIONS = /* @__PURE__ */ optionNames<Omit<SendMessageOptions, keyof RequestOptions>>({ maxSegments: true, maxCostUsd: true, rates: true, includeEstimate: true, reconcile: true });

export interface SentMessageWithEstimate {
  readonly message: SentMessage;
  readonly estimate: CostEstimate;
}

/** Messages: `send` on v1 (sending is v1's alone), handwritten; the dated API's derived methods (`list`, `get`, `retry`) from the base. */
export class Messages extends DerivedMessages {
  /**
   * Sends a text. Validated before anything is sent: E.164 numbers, a `from`
   * that is a number or a `PN…` id, content that is not empty or only
   * whitespace and within the spec's length, and the optional cost guard.
   *
   * Never retried once it may have reached the API (the API has no idempotency
   * key); such a failure has `mayHaveBeenProcessed: true`.
   */
  send(params: SendMessageParams, options: SendMessageOptions & { readonly includeEstimate: true }): APIPromise<SentMessageWithEstimate>;
  send(params: SendMessageParams, options?: SendMessageOptions & { readonly includeEstimate?: false }): APIPromise<SentMessage>;
  /** Options whose `includeEstimate` is not known when compiling: narrow the result with `'estimate' in result`. */
  send(params: SendMessageParams, options?: SendMessageOptions): APIPromise<SentMessage | SentMessageWithEstimate>;
  send(params: SendMessageParams, options: SendMessageOptions = {}): APIPromise<SentMessage | SentMessageWithEstimate> {
    let estimate: CostEstimate | undefined;
    let includeEstimate: boolean | undefined;
    let reconcile: ReturnType<typeof reconcileSettings>;
    let attempt: SendAttempt | undefined;
    const sending = this.call(
      'sendMessage_v1',
      null,
      (init) => {
        const guard = this.readArgument('sendMessage_v1', options, SEND_GUARD_OPTIONS, 'options', CALL_OPTIONS);
        const { maxSegments, maxCostUsd, rates } = guard;
        includeEstimate = guard.includeEstimate;
        reconcile = reconcileSettings(guard.reconcile);
        // The deprecated phoneNumberId is known but never sent (`from` replaces it), as its type says.
        const given = this.readArgument('sendMessage_v1', params, SEND_FIELDS, 'params', ['phoneNumberId']);
        const to = asList(given.to);
        const body: RequestBody<'sendMessage_v1'> = defined({
          content: given.content,
          from: given.from,
          to,
          userId: given.userId,
          setInboxStatus: given.setInboxStatus,
        });
        this.validate('sendMessage_v1', { body });
        // A group send is priced as one send per recipient, so the guard applies to the total.
        const wantsEstimate = includeEstimate || maxSegments !== undefined || maxCostUsd !== undefined;
        estimate = wantsEstimate ? estimateCost(body.content, { to, ...(rates && { rates }) }) : undefined;
        if (estimate) this.validate('sendMessage_v1', { body }, [], costIssues(estimate, body.content, maxSegments, maxCostUsd));
        attempt = { from: body.from, to, content: body.content, startedAt: Date.now() };
        return this.sendOperation<SuccessBody<'sendMessage_v1'>>(this.describe('sendMessage_v1'), { body }, init, true);
      },
      options,
      (body, response, operation) => {
        const message = dataOf(body, response, operation);
        return includeEstimate && estimate ? { message, estimate } : message;
      },
      SEND_GUARD_OPTIONS,
    );
    // `in` reads no getter: the option itself is read once, with the others.
    if (!isRecord(options) || !('reconcile' in options)) return sending;
    const signal = (options as RequestOptions).signal;
    return new APIPromise(async () => {
      try {
        const { data, response, trace } = await sending.withResponse();
        return { response, trace, read: () => data };
      } catch (error) {
        if (!reconcile || !attempt || !mayHaveBeenSent(error)) throw error;
        const sent = attempt;
        let response: Response | undefined;
        const found = await findSentMessage(
          (query) => firstPage(this.listOperation<ListedMessage>('listMessages', [], query, signal instanceof AbortSignal ? { signal } : {}), (answered) => (response = answered)),
          sent,
          reconcile,
          signal instanceof AbortSignal ? signal : undefined,
        );
        if (!found || !response) throw error;
        const message = asSentMessage(found, sent);
        return { response, trace: undefined, read: () => (includeEstimate && estimate ? { message, estimate } : message) };
      }
    });
  }
}

/** One lookup of a send: the first page of the dated list, keeping the response it came in. */
async function* firstPage(list: PagePromise<ListedMessage, AnyPage<ListedMessage>>, answered: (response: Response) => void): AsyncIterable<ListedMessage> {
  const page = await list.withResponse();
  answered(page.response);
  yield* page.data.data;
}

/** A listed message in the shape `send` resolves with, marked as found by a lookup. */
function asSentMessage(found: ListedMessage, sent: SendAttempt): ReconciledMessage {
  return {
    ...found,
    phoneNumberId: found.phoneNumberId ?? (sent.from.startsWith('PN') ? sent.from : null),
    userId: found.userId ?? null,
    reconciled: true,
  } as ReconciledMessage;
}

function costIssues(estimate: CostEstimate, content: string, maxSegments: number | undefined, maxCostUsd: number | string | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { segments, encoding } = estimate.message;
  const recipients = estimate.recipients.length;
  // A guard that cannot be read refuses the send rather than letting everything through.
  if (maxSegments !== undefined && !(Number.isInteger(maxSegments) && maxSegments >= 1)) {
    issues.push({ field: 'maxSegments', value: maxSegments, rule: 'type', message: `${describeValue(maxSegments)} must be a whole number of segments, 1 or more` });
  } else if (maxSegments !== undefined && segments > maxSegments) {
    const cause = estimate.message.ucs2Characters.length ? `; ${estimate.message.ucs2Characters.map((c) => c.character).join(' ')} make it UCS-2` : '';
    issues.push({
      field: 'content',
      value: content,
      rule: 'maxSegments',
      message: `would be sent as ${segments} ${encoding} segments, more than maxSegments ${maxSegments}${cause}`,
    });
  }
  if (maxCostUsd !== undefined) {
    const limit = usdToMicros(maxCostUsd);
    if (limit === undefined) {
      issues.push({ field: 'maxCostUsd', value: maxCostUsd, rule: 'usd', message: `${describeValue(maxCostUsd)} is not an amount of US dollars` });
    } else if (estimate.total === null) {
      issues.push({
        field: 'maxCostUsd',
        value: maxCostUsd,
        rule: 'maxCostUsd',
        message: `cannot be checked: no rate for ${estimate.unpricedRecipients.join(', ')} (pass rates)`,
      });
    } else if (estimate.total.micros > limit) {
      issues.push({
        field: 'content',
        value: content,
        rule: 'maxCostUsd',
        message: `would cost $${estimate.total.usd} (${plural(segments, 'segment')}${recipients > 1 ? ` to ${recipients} recipients` : ''}), more than maxCostUsd $${String(maxCostUsd)}`,
      });
    }
  }
  return issues;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
