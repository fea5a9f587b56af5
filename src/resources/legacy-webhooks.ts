import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { CallSummaryWebhook, CallTranscriptWebhook, CallWebhook, MessageWebhook, LegacyWebhook, QueryParams, RequestBody } from '../internal/types.js';
import { LegacyWebhooks as DerivedLegacyWebhooks } from '../../generated/2026-03-30.resources.js';
import type { ListOptions, RequestOptions } from './resource.js';

export type ListLegacyWebhooksParams = QueryParams<'listWebhooks_v1'>;
export type CreateMessageWebhookParams = RequestBody<'createMessageWebhook_v1'>;
export type CreateCallWebhookParams = RequestBody<'createCallWebhook_v1'>;
export type CreateCallSummaryWebhookParams = RequestBody<'createCallSummaryWebhook_v1'>;
export type CreateCallTranscriptWebhookParams = RequestBody<'createCallTranscriptWebhook_v1'>;

/**
 * The v1 webhooks, one per family of events, as `webhooks` was before 0.2.0.
 * New code should use `webhooks`, the versioned API for every event type. To
 * receive events, see `verifyWebhook` and `createWebhookHandler`.
 */
export class LegacyWebhooks extends DerivedLegacyWebhooks {
  /** The webhooks of the workspace (one page: the API returns them all). */
  list(params?: ListLegacyWebhooksParams, options: ListOptions = {}): PagePromise<LegacyWebhook> {
    return this.listOperation('listWebhooks_v1', [], params, options);
  }

  /** One webhook by its id (`WH…`). */
  get(id: string, options: RequestOptions = {}): APIPromise<LegacyWebhook> {
    return this.callOperation('getWebhookById_v1', [id], undefined, options);
  }

  delete(id: string, options: RequestOptions = {}): APIPromise<void> {
    return this.callOperation('deleteWebhookById_v1', [id], undefined, options);
  }

  /** Sends `message.received` / `message.delivered` events to `url`. */
  createForMessages(params: CreateMessageWebhookParams, options: RequestOptions = {}): APIPromise<MessageWebhook> {
    return this.callOperation('createMessageWebhook_v1', [], params, options);
  }

  /** Sends call events (`call.ringing`, `call.completed`, `call.recording.completed`) to `url`. */
  createForCalls(params: CreateCallWebhookParams, options: RequestOptions = {}): APIPromise<CallWebhook> {
    return this.callOperation('createCallWebhook_v1', [], params, options);
  }

  /** Sends `call.summary.completed` events to `url`. */
  createForCallSummaries(params: CreateCallSummaryWebhookParams, options: RequestOptions = {}): APIPromise<CallSummaryWebhook> {
    return this.callOperation('createCallSummaryWebhook_v1', [], params, options);
  }

  /** Sends `call.transcript.completed` events to `url`. */
  createForCallTranscripts(params: CreateCallTranscriptWebhookParams, options: RequestOptions = {}): APIPromise<CallTranscriptWebhook> {
    return this.callOperation('createCallTranscriptWebhook_v1', [], params, options);
  }
}
