/**
 * Names for the generated v1 types. Everything here is derived from
 * `generated/v1.ts`; no model is written by hand, so a spec change flows
 * through to every type below.
 */
import type { operations } from '../generated/v1.js';

export type OperationId = keyof operations;

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type SuccessStatus = 200 | 201 | 202 | 204;

/** The JSON body of an operation's success response. */
export type SuccessBody<Op extends OperationId> = {
  [Status in keyof operations[Op]['responses']]: Status extends SuccessStatus ? JsonOf<operations[Op]['responses'][Status]> : never;
}[keyof operations[Op]['responses']];

/** What the facade returns: the `data` of the success body. */
export type ResponseData<Op extends OperationId> = SuccessBody<Op> extends { data: infer Data } ? Data : never;

/** The JSON request body of an operation. */
export type RequestBody<Op extends OperationId> = operations[Op] extends { requestBody: infer Body }
  ? JsonOf<Body>
  : never;

export type QueryParams<Op extends OperationId> = operations[Op]['parameters'] extends { query?: infer Query }
  ? NonNullable<Query>
  : never;

/*
 * The models are interfaces over the generated types, so editors show their
 * names (`Message`, `Call`, ...) rather than the expanded object literals.
 */
type ItemOf<List> = List extends readonly (infer Item)[] ? Item : never;

export interface Message extends ResponseData<'getMessageById_v1'> {}
export interface SentMessage extends ResponseData<'sendMessage_v1'> {}
export interface PhoneNumber extends ItemOf<ResponseData<'listPhoneNumbers_v1'>> {}
export interface Call extends ItemOf<ResponseData<'listCalls_v1'>> {}
export interface CallRecording extends ItemOf<ResponseData<'getCallRecordings_v1'>> {}
export interface CallSummary extends ResponseData<'getCallSummary_v1'> {}
export interface CallTranscript extends ResponseData<'getCallTranscript_v1'> {}
export interface Contact extends ResponseData<'getContactById_v1'> {}
export interface ContactCustomField extends ItemOf<ResponseData<'getContactCustomFields_v1'>> {}
export interface Conversation extends ItemOf<ResponseData<'listConversations_v1'>> {}
export interface MessageWebhook extends ResponseData<'createMessageWebhook_v1'> {}
export interface CallWebhook extends ResponseData<'createCallWebhook_v1'> {}
export interface CallSummaryWebhook extends ResponseData<'createCallSummaryWebhook_v1'> {}
export interface CallTranscriptWebhook extends ResponseData<'createCallTranscriptWebhook_v1'> {}
/** A v1 webhook: one kind per family of events. */
export type Webhook = MessageWebhook | CallWebhook | CallSummaryWebhook | CallTranscriptWebhook;
