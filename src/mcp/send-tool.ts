/**
 * The send tool, written by hand rather than derived: a text costs money and
 * cannot be taken back, so it checks the operator's caps (segments and cost
 * per send, a budget for the server's run, allowed recipients, how many)
 * before anything is sent, offers a dry run, and after an ambiguous failure
 * looks the message up instead of ever sending it again.
 */
import type { OpenPhone } from '../core/client.js';
import { estimateCost, usdAmount, usdToMicros, type CostEstimate, type DestinationRates } from '../lib/sms/cost.js';
import { ValidationError, describeValue, type ValidationIssue } from '../core/errors.js';
import type { ReconcileOptions } from '../resources/reconcile.js';
import { isReconciled } from '../resources/messages.js';
import { asList } from '../resources/operation-request.js';
import { SEND_METHOD, toolName, type InputSchema, type ToolAnnotations } from './operation-tools.js';
import { E164_PATTERN } from '../lib/phone/e164.js';

/** The operator's limits on what the send tool may do. */
export interface SendLimits {
  /** Refuse a send of more segments than this. */
  readonly maxSegments?: number | undefined;
  /** Refuse a send whose estimated cost (all recipients) is over this many US dollars, or unknown. */
  readonly maxCostUsd?: number | string | undefined;
  /** Refuse a send that would take the server's sends past this many US dollars in all. */
  readonly budgetUsd?: number | string | undefined;
  /** Recipients allowed, as E.164 numbers where `*` stands for any digits (`+1555*`); any when left out. */
  readonly allowTo?: readonly string[] | undefined;
  /** Refuse a send to more recipients than this. */
  readonly maxRecipients?: number | undefined;
  /** Destination rates for international recipients, as `estimateCost` takes them. */
  readonly rates?: DestinationRates | undefined;
  /** How an ambiguous failure is looked up (see `messages.send`'s `reconcile`). */
  readonly reconcile?: ReconcileOptions | undefined;
}

export const SEND_TOOL_NAME = toolName(SEND_METHOD);
/** The resource whose selection offers the send tool. */
export const SEND_RESOURCE = SEND_METHOD.split('.')[0]!;

export const sendToolSchema: InputSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', description: 'The sending number in E.164 (+15555550123) or its phone number id (PN...).' },
    to: {
      anyOf: [
        { type: 'string', pattern: E164_PATTERN, description: 'The recipient in E.164 (+15555550123).' },
        { type: 'array', items: { type: 'string', pattern: E164_PATTERN, description: 'A recipient in E.164.' }, minItems: 1, description: 'Recipients of a group message.' },
      ],
    },
    content: { type: 'string', minLength: 1, description: 'The text to send.' },
    userId: { type: 'string', description: 'The user sending, when not the number’s owner (US...).' },
    setInboxStatus: { type: 'string', enum: ['done'], description: 'Mark the conversation done after sending.' },
    dryRun: { type: 'boolean', description: 'Only estimate: answer the segments, the cost and what would be sent, and send nothing.' },
  },
  required: ['from', 'to', 'content'],
  additionalProperties: false,
};

export const sendToolAnnotations: ToolAnnotations = {
  title: 'Send a text message',
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};

/** What the send tool keeps between calls: the limits, checked once, and what has been spent. */
export class SendGuard {
  private spentMicros = 0;
  private readonly maxCostMicros: number | undefined;
  private readonly budgetMicros: number | undefined;
  private readonly allowed: readonly RegExp[] | undefined;

  constructor(
    private readonly client: OpenPhone,
    private readonly limits: SendLimits,
  ) {
    const issues: ValidationIssue[] = [];
    const money = (field: 'maxCostUsd' | 'budgetUsd') => {
      const value = limits[field];
      if (value === undefined) return undefined;
      const micros = usdToMicros(value);
      if (micros === undefined) issues.push({ field, value, rule: 'usd', message: `must be an amount of US dollars such as 0.05, got ${describeValue(value)}` });
      return micros;
    };
    this.maxCostMicros = money('maxCostUsd');
    this.budgetMicros = money('budgetUsd');
    for (const field of ['maxSegments', 'maxRecipients'] as const) {
      const value = limits[field];
      if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
        issues.push({ field, value, rule: 'integer', message: `must be a whole number of at least 1, got ${describeValue(value)}` });
      }
    }
    this.allowed = limits.allowTo?.map((pattern, index) => {
      if (!/^\+[0-9*]+$/.test(pattern)) issues.push({ field: `allowTo[${index}]`, value: pattern, rule: 'pattern', message: 'must be + and digits, with * for any digits (+1555*)' });
      return new RegExp(`^${pattern.replace(/\+/g, '\\+').replace(/\*/g, '\\d*')}$`);
    });
    if (issues.length > 0) throw new ValidationError(issues);
  }

  /** The caps and the budget left, for the tool's description. */
  describeLimits(): string {
    const parts = [
      this.limits.maxSegments !== undefined && `at most ${this.limits.maxSegments} segments a send`,
      this.maxCostMicros !== undefined && `at most $${usdAmount(this.maxCostMicros).usd} a send`,
      this.budgetMicros !== undefined && `$${usdAmount(this.budgetMicros).usd} in all for this server run`,
      this.limits.maxRecipients !== undefined && `at most ${this.limits.maxRecipients} recipients a send`,
      this.limits.allowTo && `only to ${this.limits.allowTo.join(', ')}`,
    ].filter(Boolean);
    return parts.length > 0 ? ` Limits set by the operator: ${parts.join('; ')}.` : '';
  }

  /**
   * Sends, or with `dryRun` only estimates; refused with a `ValidationError`
   * naming the cap before any request when the send would pass one.
   */
  async send(args: Record<string, unknown>): Promise<unknown> {
    const { dryRun, ...params } = args;
    const to = asList(params.to as string | string[] | undefined);
    const content = params.content;
    if (typeof content !== 'string') throw new ValidationError([{ field: 'content', value: content, rule: 'type', message: 'must be the text to send' }]);
    const estimate = estimateCost(content, { to, ...(this.limits.rates && { rates: this.limits.rates }) });
    const cost = this.refusals(to, estimate);
    if (cost.length > 0) throw new ValidationError(cost);
    const summary = {
      segments: estimate.message.segments,
      encoding: estimate.message.encoding,
      costUsd: estimate.total?.usd ?? null,
      ...(estimate.unpricedRecipients.length > 0 && { unpricedRecipients: estimate.unpricedRecipients }),
      ...(this.budgetMicros !== undefined && { budgetLeftUsd: usdAmount(this.budgetMicros - this.spentMicros).usd }),
    };
    if (dryRun === true) return { dryRun: true, sent: false, wouldSend: { ...params, to }, estimate: summary };
    // Counted before sending, so two sends at once cannot both fit in what is left; given back only when nothing was sent.
    const micros = estimate.total?.micros ?? estimate.pricedTotal.micros;
    this.spentMicros += micros;
    try {
      const message = await this.client.messages.send(params as unknown as Parameters<OpenPhone['messages']['send']>[0], {
        ...(this.limits.maxSegments !== undefined && { maxSegments: this.limits.maxSegments }),
        ...(this.limits.maxCostUsd !== undefined && { maxCostUsd: this.limits.maxCostUsd }),
        ...(this.limits.rates && { rates: this.limits.rates }),
        reconcile: this.limits.reconcile ?? true,
      });
      const reconciled = isReconciled(message);
      return {
        sent: true,
        ...(reconciled && { reconciled: true, note: 'The send failed ambiguously; this message was found by looking it up, so it was sent once. Do not send it again.' }),
        message,
        estimate: { ...summary, ...(this.budgetMicros !== undefined && { budgetLeftUsd: usdAmount(this.budgetMicros - this.spentMicros).usd }) },
      };
    } catch (error) {
      if (!(error as { mayHaveBeenProcessed?: boolean }).mayHaveBeenProcessed) this.spentMicros -= micros;
      throw error;
    }
  }

  /** Each cap the send would pass, as an issue saying what to change. */
  private refusals(to: readonly string[], estimate: CostEstimate): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const { maxSegments, maxRecipients } = this.limits;
    if (maxRecipients !== undefined && to.length > maxRecipients) {
      issues.push({ field: 'to', value: to.length, rule: 'maxRecipients', message: `${to.length} recipients is over the operator's limit of ${maxRecipients} a send: send to fewer` });
    }
    to.forEach((number, index) => {
      if (this.allowed && !this.allowed.some((pattern) => pattern.test(number))) {
        issues.push({ field: `to[${index}]`, value: number, rule: 'allowTo', message: `is not a recipient the operator allows (${this.limits.allowTo!.join(', ')})` });
      }
    });
    const segments = estimate.message.segments;
    if (maxSegments !== undefined && segments > maxSegments) {
      issues.push({
        field: 'content',
        value: `${segments} segments`,
        rule: 'maxSegments',
        message: `takes ${segments} segments, over the operator's limit of ${maxSegments}: shorten the text (or avoid characters outside GSM-7)`,
      });
    }
    const total = estimate.total?.micros;
    if ((this.maxCostMicros !== undefined || this.budgetMicros !== undefined) && total === undefined) {
      issues.push({ field: 'to', value: estimate.unpricedRecipients, rule: 'unpriced', message: 'the cost to these recipients is unknown, so it cannot be checked against the operator’s limits' });
    }
    if (total !== undefined && this.maxCostMicros !== undefined && total > this.maxCostMicros) {
      issues.push({
        field: 'content',
        value: `$${usdAmount(total).usd}`,
        rule: 'maxCostUsd',
        message: `costs about $${usdAmount(total).usd}, over the operator's limit of $${usdAmount(this.maxCostMicros).usd} a send: shorten the text or send to fewer`,
      });
    }
    if (total !== undefined && this.budgetMicros !== undefined && this.spentMicros + total > this.budgetMicros) {
      const left = usdAmount(Math.max(0, this.budgetMicros - this.spentMicros)).usd;
      issues.push({
        field: 'content',
        value: `$${usdAmount(total).usd}`,
        rule: 'budgetUsd',
        message: `costs about $${usdAmount(total).usd}, more than the $${left} left of this server run's budget: nothing more can be sent unless it fits`,
      });
    }
    return issues;
  }
}
