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

export type Message = ResponseData<'getMessageById_v1'>;
export type SentMessage = ResponseData<'sendMessage_v1'>;
export type PhoneNumber = ResponseData<'listPhoneNumbers_v1'>[number];
export type Call = ResponseData<'listCalls_v1'>[number];
export type CallRecording = ResponseData<'getCallRecordings_v1'>[number];
export type CallSummary = ResponseData<'getCallSummary_v1'>;
export type CallTranscript = ResponseData<'getCallTranscript_v1'>;
export type Contact = ResponseData<'getContactById_v1'>;
export type ContactCustomField = ResponseData<'getContactCustomFields_v1'>[number];
export type Conversation = ResponseData<'listConversations_v1'>[number];
export type Webhook = ResponseData<'getWebhookById_v1'>;
