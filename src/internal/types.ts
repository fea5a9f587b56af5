/**
 * Names for the generated types of both surfaces. Everything here is derived
 * from `generated/v1.ts` and `generated/2026-03-30.ts`; no model is written by
 * hand, so a spec change flows through to every type below.
 */
import type { operations as datedTable } from '../../generated/2026-03-30.operations.js';
import type { operations as datedOperations } from '../../generated/2026-03-30.js';
import type { paths } from '../../generated/paths.js';
import type { operations as v1Table } from '../../generated/v1.operations.js';
import type { operations as v1Operations } from '../../generated/v1.js';

type operations = v1Operations & datedOperations;

/**
 * An operation of either surface, as the operation table names it: its
 * `operationId` (`sendMessage_v1`, `listUsers`, ...), or `METHOD /path` for
 * one the spec gives no id (`POST /v1/tasks/{taskId}/assign`).
 */
export type AnyOperationId = keyof typeof v1Table | keyof typeof datedTable;
/** An operation of the v1 surface. */
export type OperationId = keyof typeof v1Table;

/** The generated types of an operation, by id or, for one without an id, by its method and path. */
type OperationOf<Op extends AnyOperationId> = Op extends keyof operations
  ? operations[Op]
  : Op extends `${infer Method} ${infer Path}`
    ? Path extends keyof paths
      ? Lowercase<Method> extends keyof paths[Path]
        ? paths[Path][Lowercase<Method>]
        : never
      : never
    : never;

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type SuccessStatus = 200 | 201 | 202 | 204;

/** The JSON body of an operation's success response. */
export type SuccessBody<Op extends AnyOperationId> = {
  [Status in keyof OperationOf<Op>['responses']]: Status extends SuccessStatus ? JsonOf<OperationOf<Op>['responses'][Status]> : never;
}[keyof OperationOf<Op>['responses']];

/** What the facade returns: the `data` of the success body. */
export type ResponseData<Op extends AnyOperationId> = SuccessBody<Op> extends { data: infer Data } ? Data : never;

type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];

/**
 * `T` with each optional field also taking `undefined`, as openai-node types them: under
 * `exactOptionalPropertyTypes`, code that forwards its own optional value (`{ userId: opts.userId }`) compiles.
 */
export type AcceptingUndefined<T> = { [K in keyof T]: K extends OptionalKeys<T> ? T[K] | undefined : T[K] };

/** The JSON request body of an operation. */
export type RequestBody<Op extends AnyOperationId> = OperationOf<Op> extends { requestBody: infer Body } ? AcceptingUndefined<JsonOf<Body>> : never;

export type QueryParams<Op extends AnyOperationId> = OperationOf<Op>['parameters'] extends { query?: infer Query } ? AcceptingUndefined<NonNullable<Query>> : never;

/*
 * The models are interfaces over the generated types, so editors show their
 * names (`Message`, `Call`, ...) rather than the expanded object literals.
 */
/** The item type of a list. */
export type ItemOf<List> = List extends readonly (infer Item)[] ? Item : never;

/** A text message, as `messages.get` and `messages.list` return it (dated API). */
export interface Message extends ResponseData<'getMessageById'> {}
/** A message as `messages.send` returns it, just queued (v1: sending is v1's alone). */
export interface SentMessage extends ResponseData<'sendMessage_v1'> {}
/** A phone number of the workspace, with its users and restrictions (dated API). */
export interface PhoneNumber extends ItemOf<ResponseData<'listPhoneNumbers'>> {}
/** A call, as `calls.get` and `calls.list` return it (dated API). */
export interface Call extends ItemOf<ResponseData<'listCalls'>> {}
/** One recording of a call (dated API). */
export interface CallRecording extends ItemOf<ResponseData<'getCallRecordings'>> {}
/** The AI summary of a call (OpenPhone Business plan; v1). */
export interface CallSummary extends ResponseData<'getCallSummary_v1'> {}
/** A transcript of a call (OpenPhone Business plan; dated API). */
export interface CallTranscript extends ItemOf<ResponseData<'getCallTranscripts'>> {}
/** A contact of the workspace (dated API). */
export interface Contact extends ResponseData<'getContactById'> {}
/** A custom contact field defined in OpenPhone (v1: the definitions are v1's alone). */
export interface ContactCustomField extends ItemOf<ResponseData<'getContactCustomFields_v1'>> {}
/** A conversation between a workspace number and its participants (dated API). */
export interface Conversation extends ItemOf<ResponseData<'listConversationsHeaderVersioned'>> {}
/*
 * The same models as v1 answers them, for `client.v1` and the sandbox's v1
 * records: v1 names some fields differently (`defaultFields`, `userId`).
 */
/** A text message as v1 answers it. */
export interface V1Message extends ResponseData<'getMessageById_v1'> {}
/** A phone number as v1 lists it. */
export interface V1PhoneNumber extends ItemOf<ResponseData<'listPhoneNumbers_v1'>> {}
/** A call as v1 answers it. */
export interface V1Call extends ItemOf<ResponseData<'listCalls_v1'>> {}
/** One recording of a call as v1 answers it. */
export interface V1CallRecording extends ItemOf<ResponseData<'getCallRecordings_v1'>> {}
/** The transcript of a call as v1 answers it. */
export interface V1CallTranscript extends ResponseData<'getCallTranscript_v1'> {}
/** A contact as v1 answers it, with `defaultFields` and `customFields`. */
export interface V1Contact extends ResponseData<'getContactById_v1'> {}
/** A conversation as v1 lists it. */
export interface V1Conversation extends ItemOf<ResponseData<'listConversations_v1'>> {}
/** A user of the workspace. */
export interface User extends ResponseData<'getUserById'> {}

/** A webhook of the current, versioned API: one for any of the event types. */
export interface VersionedWebhook extends Omit<ResponseData<'createHeaderVersionedWebhook'>, 'key'> {}
/** A versioned webhook as created, with the `key` its deliveries are signed with. */
export interface VersionedWebhookWithKey extends ResponseData<'createHeaderVersionedWebhook'> {}
/** An event type a versioned webhook can subscribe to, from the spec's enum. */
export type WebhookEventType = RequestBody<'createHeaderVersionedWebhook'>['events'][number];
/** One delivery of an event to a versioned webhook, as listed. */
export interface WebhookDelivery extends ItemOf<ResponseData<'listHeaderVersionedWebhookDeliveries'>> {}
/** One delivery with its request body and every attempt. */
export interface WebhookDeliveryDetail extends ResponseData<'getHeaderVersionedWebhookDelivery'> {}
/** The event a test delivery sent. */
export interface WebhookTestEvent extends SuccessBody<'sendHeaderVersionedTestWebhookEvent'> {}

/** A legacy (v1) webhook for message events. */
export interface MessageWebhook extends ResponseData<'createMessageWebhook_v1'> {}
/** A legacy (v1) webhook for call events. */
export interface CallWebhook extends ResponseData<'createCallWebhook_v1'> {}
/** A legacy (v1) webhook for call summary events. */
export interface CallSummaryWebhook extends ResponseData<'createCallSummaryWebhook_v1'> {}
/** A legacy (v1) webhook for call transcript events. */
export interface CallTranscriptWebhook extends ResponseData<'createCallTranscriptWebhook_v1'> {}
/** A legacy (v1) webhook: one kind per family of events. @model data:getWebhookById_v1 item:listWebhooks_v1 */
export type LegacyWebhook = MessageWebhook | CallWebhook | CallSummaryWebhook | CallTranscriptWebhook;
/** @deprecated The legacy (v1) webhook: use `LegacyWebhook`, or `VersionedWebhook` for the current API. */
export type Webhook = LegacyWebhook;
