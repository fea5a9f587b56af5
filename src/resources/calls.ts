import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { Call, CallRecording, CallSummary, CallTranscript, QueryParams } from '../internal/types.js';
import { Calls as DerivedCalls } from '../../generated/2026-03-30.resources.js';
import { asList, defined, isoDate, type ListOptions, type ListParams, type RequestOptions } from './resource.js';

export type ListCallsParams = ListParams<'listCalls_v1', 'participants', 'createdAfter' | 'createdBefore', 'since'>;

export class Calls extends DerivedCalls {
  /** Calls between one of your numbers and a participant; await for a page, or `for await` for all. */
  list(params: ListCallsParams, options: ListOptions = {}): PagePromise<Call> {
    return this.paginate('listCalls_v1', () => {
      const given = this.readFilters('listCalls_v1', params);
      const participants = asList(given.participants);
      const filters = this.resolvingPhoneNumbers(this.describe('listCalls_v1'), {
        query: {
          phoneNumberId: given.phoneNumberId,
          participants,
          userId: given.userId,
          createdAfter: isoDate(given.createdAfter),
          createdBefore: isoDate(given.createdBefore),
        },
      });
      return {
        fetchPage: async ({ position, pageSize }, init, phoneNumberIds) => {
          const { query: resolved } = await filters(phoneNumberIds);
          const query = defined({ ...resolved, maxResults: pageSize!, pageToken: position }) as QueryParams<'listCalls_v1'>;
          // The spec only says "E.164" in prose here, so the format is checked explicitly.
          this.validate('listCalls_v1', { query }, participants.map((number, index) => [`participants[${index}]`, number] as const));
          return this.raw.GET('/v1/calls', { params: { query }, ...init });
        },
        options,
        pageSize: given.maxResults,
        start: given.pageToken,
      };
    });
  }

  /** The recordings of a call (`AC…`). */
  recordings(callId: string, options: RequestOptions = {}): APIPromise<CallRecording[]> {
    return this.callOperation('getCallRecordings_v1', [callId], undefined, options);
  }

  /** The AI summary of a call (`AC…`). */
  summary(callId: string, options: RequestOptions = {}): APIPromise<CallSummary> {
    return this.callOperation('getCallSummary_v1', [callId], undefined, options);
  }

  /** The transcript of a call (`AC…`). */
  transcript(callId: string, options: RequestOptions = {}): APIPromise<CallTranscript> {
    return this.callOperation('getCallTranscript_v1', [callId], undefined, options);
  }
}
