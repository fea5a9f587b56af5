import { describeValue } from '../core/errors.js';
import { readOptions, type RefuseOptions } from '../internal/validation/options.js';
import { isRecord } from '../internal/validation/is-record.js';

/** What the sandbox does to a request a fault rule selects. */
export type Fault =
  /** Answer with this status without processing the request. */
  | { readonly type: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Drop the connection without processing the request. */
  | { readonly type: 'reset' }
  /** Wait, then handle the request normally. */
  | { readonly type: 'delay'; readonly ms: number }
  /** Process the request (a send is recorded), then answer with this status. */
  | { readonly type: 'process-then-status'; readonly status: number }
  /** Process the request, then drop the connection before answering. */
  | { readonly type: 'process-then-reset' };

export interface FaultRule {
  /** Only requests with this method (any when omitted). */
  readonly method?: string;
  /** Only this operation, e.g. `sendMessage_v1` (any when omitted). */
  readonly operationId?: string;
  /** Chance that a matching request is affected, 0 to 1, drawn from the seeded generator. Default 1. */
  readonly probability?: number;
  /** Affect at most this many requests. */
  readonly times?: number;
  readonly fault: Fault;
}

const isStatus = (value: unknown) => Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599;

/** The longest delay a timer can wait: `setTimeout` turns anything longer into 1 ms. */
export const MAX_DELAY_MS = 2 ** 31 - 1;

function checkRule(rule: FaultRule, index: number): void {
  const problem = (message: string) => new RangeError(`fault rule ${index}: ${message}`);
  if (!isRecord(rule)) throw problem(`must be an object with a fault, got ${describeValue(rule)}`);
  const p = rule.probability ?? 1;
  if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw problem(`probability must be between 0 and 1, got ${describeValue(p)}`);
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) throw problem('times must be a whole number >= 0');
  for (const name of ['method', 'operationId'] as const) {
    if (rule[name] !== undefined && typeof rule[name] !== 'string') throw problem(`${name} must be a string, got ${describeValue(rule[name])}`);
  }
  const fault: Record<string, unknown> | undefined = isRecord(rule.fault) ? rule.fault : undefined;
  switch (fault?.type) {
    case 'status':
    case 'process-then-status':
      if (!isStatus(fault.status)) throw problem(`status must be an HTTP status, got ${describeValue(fault.status)}`);
      if (fault.headers !== undefined && !(isRecord(fault.headers) && Object.values(fault.headers).every((v) => typeof v === 'string'))) {
        throw problem('headers must map header names to strings');
      }
      return;
    case 'delay':
      if (!(typeof fault.ms === 'number' && fault.ms >= 0 && fault.ms <= MAX_DELAY_MS)) {
        throw problem(`ms must be a number from 0 to ${MAX_DELAY_MS} (a timer's longest wait, about 24.8 days), got ${describeValue(fault.ms)}`);
      }
      return;
    case 'reset':
    case 'process-then-reset':
      return;
    default:
      throw problem(`fault.type must be status, reset, delay, process-then-status or process-then-reset, got ${describeValue(fault?.type)}`);
  }
}

export interface FaultTarget {
  readonly method: string;
  readonly operationId: string | undefined;
}

/** Chooses the fault for each request: the first rule that matches and fires. */
export class FaultPlan {
  private rules: { rule: FaultRule; used: number }[] = [];

  constructor(
    rules: readonly FaultRule[],
    private readonly random: () => number,
  ) {
    this.replace(rules);
  }

  /** @throws {RangeError} for a rule that is not a `FaultRule`: rules can come as JSON from another process. */
  replace(rules: readonly FaultRule[]): void {
    if (!Array.isArray(rules)) throw new RangeError('fault rules must be a list');
    rules.forEach(checkRule);
    this.rules = rules.map((rule) => ({ rule, used: 0 }));
  }

  pick(target: FaultTarget): Fault | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== target.method) continue;
      if (rule.operationId && rule.operationId !== target.operationId) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (this.random() >= (rule.probability ?? 1)) continue;
      entry.used++;
      return rule.fault;
    }
    return undefined;
  }
}

/** Which requests a convenience rule applies to: all of them unless narrowed. */
export interface FaultScope {
  readonly method?: string;
  readonly operationId?: string;
}

function checkRate(rate: unknown): void {
  if (!(typeof rate === 'number' && rate >= 0 && rate <= 1)) throw new RangeError(`rate must be between 0 and 1, got ${describeValue(rate)}`);
}

/** The fault helpers document a `RangeError` for every value they cannot use, options included. */
const refuseOption: RefuseOptions = (issue, cause) =>
  new RangeError(issue.rule === 'type' ? `options must be an object, got ${describeValue(issue.value)}` : `options.${issue.field} ${issue.message}`, { cause });

/** The scope fields and the helper's own `extra` options. */
function readScope<Name extends string>(options: unknown, extra: readonly Name[]): { scope: FaultScope; given: Partial<Record<Name, unknown>> } {
  // Typed as the scope here; `checked` refuses values that are not, as it does for rules from another process.
  const scopeNames = ['method', 'operationId'] as const;
  const scope = readOptions(options, scopeNames, { readElsewhere: extra, refuse: refuseOption }) as FaultScope;
  return { scope, given: readOptions(options, extra, { readElsewhere: scopeNames, refuse: refuseOption }) };
}

/** The helpers' rules, checked as the sandbox will check them, so a bad value fails where it was passed. */
function checked(rules: FaultRule[]): FaultRule[] {
  rules.forEach(checkRule);
  return rules;
}

/**
 * Rules that answer `rate` (0 to 1) of requests with a server error instead
 * of processing them, spread evenly over `statuses` (default 500, 502, 503,
 * 504): `startSandbox({ faults: errorRate(0.1) })`.
 */
export function errorRate(rate: number, options: FaultScope & { readonly statuses?: readonly number[] } = {}): FaultRule[] {
  checkRate(rate);
  const { scope, given } = readScope(options, ['statuses']);
  const { statuses = [500, 502, 503, 504] } = given;
  if (!(Array.isArray(statuses) && statuses.every(isStatus))) {
    throw new RangeError(`statuses must be a list of HTTP statuses, got ${describeValue(statuses)}`);
  }
  const share = rate / statuses.length;
  // The first rule that fires wins, so each one's chance is conditional on none before it firing: each then fires for `share` of requests.
  return checked(statuses.map((status: number, i: number) => ({ ...scope, probability: Math.min(1, share / (1 - share * i)), fault: { type: 'status', status } })));
}

/** A rule that delays requests by `ms` before handling them normally: all of them, or `probability` of them. */
export function latency(ms: number, options: FaultScope & { readonly probability?: number } = {}): FaultRule[] {
  const { scope, given } = readScope(options, ['probability']);
  const { probability = 1 } = given;
  checkRate(probability);
  return checked([{ ...scope, probability: probability as number, fault: { type: 'delay', ms } }]);
}

/** A rule that drops the connection of `rate` (0 to 1) of requests without processing them. */
export function connectionResets(rate: number, options: FaultScope = {}): FaultRule[] {
  checkRate(rate);
  return checked([{ ...readScope(options, []).scope, probability: rate, fault: { type: 'reset' } }]);
}
