import type { APIPromise } from '../core/api-promise.js';
import type { CallSummary } from '../internal/types.js';
import { Calls as DerivedCalls } from '../../generated/2026-03-30.resources.js';
import type { RequestOptions } from './resource.js';

/** Calls: the dated API's derived methods (`list`, `get`, `recordings`, `transcripts`) from the base; `summary` on v1. */
export class Calls extends DerivedCalls {
  /** The AI summary of a call (`AC…`), typed with its status: the dated API gives it only untyped, as `calls.get(id, { include: 'summary' })`. */
  summary(callId: string, options: RequestOptions = {}): APIPromise<CallSummary> {
    return this.callOperation('getCallSummary_v1', [callId], undefined, options);
  }
}
