import { ValidationError, type ValidationIssue } from '../core/errors.js';
import type { V1Call as Call, V1Message as Message } from '../internal/types.js';
import type { FaultRule } from './faults.js';
import { CONTROL_PREFIX, type SandboxStats } from './server.js';
import type { SandboxSimulator, Simulation, SimulationRequest } from './simulate.js';
import type { StoredRecord } from './store.js';
import { withoutTrailingSlashes } from '../internal/trailing-slashes.js';

/** A sandbox running in another process (`runSandbox`, or the `openphone sandbox` command), driven over its control endpoints. */
export interface SandboxConnection {
  readonly url: string;
  /** `GET /_sandbox/stats`. */
  stats(): Promise<SandboxStats>;
  /** `PUT /_sandbox/faults`. */
  setFaults(rules: readonly FaultRule[]): Promise<void>;
  /** `POST /_sandbox/reset`. */
  reset(): Promise<void>;
  /** `POST /_sandbox/fail-message`: see `Sandbox.failMessage`. */
  failMessage(messageId: string, options?: { readonly permanent?: boolean }): Promise<void>;
  /** `POST /_sandbox/simulate`: the same methods, results and `ValidationError`s as a sandbox started in this process. */
  readonly simulate: SandboxSimulator;
}

/** Drives the sandbox at `url` (as printed by `runSandbox`) from this process. */
export function connectSandbox(url: string): SandboxConnection {
  const base = withoutTrailingSlashes(url);
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${base}${CONTROL_PREFIX}${path}`, {
      method,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    const answer = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (response.ok) return answer;
    const { message, issues } = (answer ?? {}) as { message?: string; issues?: ValidationIssue[] };
    if (issues) throw new ValidationError(issues);
    throw new Error(`${method} ${CONTROL_PREFIX}${path} answered ${response.status}: ${message ?? text}`);
  };
  const simulate = <Data>(request: SimulationRequest) => control('POST', 'simulate', request) as Promise<Simulation<Data>>;
  return {
    url: base,
    stats: () => control('GET', 'stats') as Promise<SandboxStats>,
    setFaults: async (rules) => void (await control('PUT', 'faults', rules)),
    reset: async () => void (await control('POST', 'reset')),
    failMessage: async (messageId, options = {}) => void (await control('POST', 'fail-message', { messageId, ...options })),
    simulate: {
      messageReceived: (input) => simulate<Message>({ event: 'message.received', ...input }),
      messageDelivered: (messageId) => simulate<Message>({ event: 'message.delivered', messageId }),
      callCompleted: (input) => simulate<Call>({ event: 'call.completed', ...input }),
      taskOverdue: (taskId) => simulate<StoredRecord>({ event: 'task.overdue', taskId }),
    },
  };
}
