import type { PagePromise } from '../pagination.js';
import type { QueryParams, RequestBody, ResponseData, Webhook } from '../types.js';
import { Resource, defined, type ListOptions, type RequestOptions } from './resource.js';

export type ListWebhooksParams = QueryParams<'listWebhooks_v1'>;
export type CreateMessageWebhookParams = RequestBody<'createMessageWebhook_v1'>;
export type CreateCallWebhookParams = RequestBody<'createCallWebhook_v1'>;
export type CreateCallSummaryWebhookParams = RequestBody<'createCallSummaryWebhook_v1'>;
export type CreateCallTranscriptWebhookParams = RequestBody<'createCallTranscriptWebhook_v1'>;

/** Registering where OpenPhone sends events. To receive them, see `verifyWebhook` and `createWebhookHandler`. */
export class Webhooks extends Resource {
  /** The webhooks of the workspace (one page: the API returns them all). */
  list(params: ListWebhooksParams = {}, options: ListOptions = {}): PagePromise<ResponseData<'listWebhooks_v1'>[number]> {
    return this.single(
      'listWebhooks_v1',
      (init) => {
        const query = defined({ userId: params.userId });
        this.validate('listWebhooks_v1', { query });
        return this.raw.GET('/v1/webhooks', { params: { query }, ...init });
      },
      options,
    );
  }

  /** One webhook by its id (`WH…`). */
  async get(id: string, options: RequestOptions = {}): Promise<Webhook> {
    this.validate('getWebhookById_v1', { path: { id } });
    return (await this.call((init) => this.raw.GET('/v1/webhooks/{id}', { params: { path: { id } }, ...init }), options)).data;
  }

  async delete(id: string, options: RequestOptions = {}): Promise<void> {
    this.validate('deleteWebhookById_v1', { path: { id } });
    await this.call((init) => this.raw.DELETE('/v1/webhooks/{id}', { params: { path: { id } }, ...init }), options);
  }

  /** Sends `message.received` / `message.delivered` events to `url`. */
  async createForMessages(params: CreateMessageWebhookParams, options: RequestOptions = {}): Promise<ResponseData<'createMessageWebhook_v1'>> {
    this.validate('createMessageWebhook_v1', { body: params });
    return (await this.call((init) => this.raw.POST('/v1/webhooks/messages', { body: params, ...init }), options)).data;
  }

  /** Sends call events (`call.ringing`, `call.completed`, `call.recording.completed`) to `url`. */
  async createForCalls(params: CreateCallWebhookParams, options: RequestOptions = {}): Promise<ResponseData<'createCallWebhook_v1'>> {
    this.validate('createCallWebhook_v1', { body: params });
    return (await this.call((init) => this.raw.POST('/v1/webhooks/calls', { body: params, ...init }), options)).data;
  }

  /** Sends `call.summary.completed` events to `url`. */
  async createForCallSummaries(params: CreateCallSummaryWebhookParams, options: RequestOptions = {}): Promise<ResponseData<'createCallSummaryWebhook_v1'>> {
    this.validate('createCallSummaryWebhook_v1', { body: params });
    return (await this.call((init) => this.raw.POST('/v1/webhooks/call-summaries', { body: params, ...init }), options)).data;
  }

  /** Sends `call.transcript.completed` events to `url`. */
  async createForCallTranscripts(params: CreateCallTranscriptWebhookParams, options: RequestOptions = {}): Promise<ResponseData<'createCallTranscriptWebhook_v1'>> {
    this.validate('createCallTranscriptWebhook_v1', { body: params });
    return (await this.call((init) => this.raw.POST('/v1/webhooks/call-transcripts', { body: params, ...init }), options)).data;
  }
}
