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

  replace(rules: readonly FaultRule[]): void {
    for (const rule of rules) {
      const p = rule.probability ?? 1;
      if (!(p >= 0 && p <= 1)) throw new RangeError(`fault probability must be between 0 and 1, got ${String(p)}`);
    }
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
