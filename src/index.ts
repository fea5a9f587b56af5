export { OpenPhone, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RESPONSE_BYTES, type OpenPhoneOptions } from './core/client.js';
export type { RawClient } from './core/raw-client.js';
export type { CustomMethod, CustomRequest, CustomRequestInit, QueryValue } from './core/custom-request.js';
export type { LogFormat, Logger, LogLevel } from './core/logging.js';
export * from './core/errors.js';
export { DEFAULT_RATE_LIMIT, type RateLimitOptions, type RateLimitConfig, type RateLimitStatus, type RateLimitPause } from './internal/transport/rate-limit.js';
export { QueueWaitError, RateLimitStoreError } from './internal/transport/rate-limit-errors.js';
export {
  InProcessRateLimitStore,
  type RateLimitStore,
  type AcquireRequest,
  type AcquireResult,
} from './internal/transport/rate-limit-store.js';
export { MAX_RETRY_AFTER_MS, type CallOptions, type FetchFn, type RetryEvent } from './internal/transport/transport.js';
export { APIPromise, type WithResponse } from './core/api-promise.js';
export { PagePromise, PaginationError, type Page, type CursorPage } from './core/pagination.js';
export type { RequestOptions, ListOptions, DateInput, OneOrMany } from './resources/resource.js';
export { isReconciled, type Messages, type SendMessageParams, type SendMessageOptions, type SentMessageWithEstimate, type ReconciledMessage } from './resources/messages.js';
export type { ReconcileOptions } from './resources/reconcile.js';
export type { Calls } from './resources/calls.js';
export type { Contacts, CreateContactParams, UpdateContactParams } from './resources/contacts.js';
export type { Webhooks, CreateWebhookParams, UpdateWebhookParams, SendTestEventParams, ListWebhookDeliveriesParams } from './resources/webhooks.js';
export type {
  Conversations,
  PhoneNumbers,
  Users,
  ListCallsParams,
  ListContactsParams,
  ListConversationsHeaderVersionedParams as ListConversationsParams,
  ListMessagesParams,
  ListPhoneNumbersParams,
  ListUsersParams,
} from '../generated/2026-03-30.resources.js';
export type {
  V1Webhooks as LegacyWebhooks,
  V1ListWebhooksParams as ListLegacyWebhooksParams,
  V1CreateMessageWebhookParams as CreateMessageWebhookParams,
  V1CreateCallWebhookParams as CreateCallWebhookParams,
  V1CreateCallSummaryWebhookParams as CreateCallSummaryWebhookParams,
  V1CreateCallTranscriptWebhookParams as CreateCallTranscriptWebhookParams,
} from '../generated/v1.resources.js';
export type { V1 } from '../generated/v1.resources.js';
export type {
  Call,
  CallRecording,
  CallSummary,
  CallTranscript,
  Contact,
  ContactCustomField,
  Conversation,
  Message,
  PhoneNumber,
  SentMessage,
  V1Call,
  V1CallRecording,
  V1CallTranscript,
  V1Contact,
  V1Conversation,
  V1Message,
  V1PhoneNumber,
  Webhook,
  LegacyWebhook,
  User,
  VersionedWebhook,
  VersionedWebhookWithKey,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookEventType,
  WebhookTestEvent,
  MessageWebhook,
  CallWebhook,
  CallSummaryWebhook,
  CallTranscriptWebhook,
  OperationId,
  AnyOperationId,
  QueryParams,
  RequestBody,
  ResponseData,
} from './internal/types.js';
export { isE164, assertE164 } from './lib/phone/e164.js';
export {
  estimateSegments,
  type SegmentEstimate,
  type EstimateSegmentsOptions,
  type SmsEncoding,
  type CharacterCount,
  type SmartReplacement,
} from './lib/sms/segments.js';
export {
  estimateCost,
  type CostEstimate,
  type EstimateCostOptions,
  type RecipientCost,
  type UsdAmount,
  type DestinationRates,
} from './lib/sms/cost.js';
export * from './webhooks/index.js';
export type { paths, components, operations as v1Operations } from '../generated/v1.js';
