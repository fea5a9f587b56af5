import type { OperationId } from '../types.js';
import type { Route } from './responses.js';
import { getCallRecordings_v1, getCallSummary_v1, getCallTranscript_v1, listCalls_v1 } from './routes/calls.js';
import {
  createContact_v1,
  deleteContact_v1,
  getContactById_v1,
  getContactCustomFields_v1,
  listContacts_v1,
  updateContactById_v1,
} from './routes/contacts.js';
import { getMessageById_v1, listMessages_v1, sendMessage_v1 } from './routes/messages.js';
import {
  createCallSummaryWebhook_v1,
  createCallTranscriptWebhook_v1,
  createCallWebhook_v1,
  createMessageWebhook_v1,
  deleteWebhookById_v1,
  getWebhookById_v1,
  listWebhooks_v1,
} from './routes/webhooks.js';
import { listConversations_v1, listPhoneNumbers_v1 } from './routes/workspace.js';

/** A handler for every operation of the spec: the compiler fails when the spec gains one the sandbox does not serve. */
export const routes: Readonly<Record<OperationId, Route>> = {
  listPhoneNumbers_v1,
  listConversations_v1,
  sendMessage_v1,
  listMessages_v1,
  getMessageById_v1,
  listCalls_v1,
  getCallRecordings_v1,
  getCallSummary_v1,
  getCallTranscript_v1,
  createContact_v1,
  getContactById_v1,
  updateContactById_v1,
  deleteContact_v1,
  listContacts_v1,
  getContactCustomFields_v1,
  listWebhooks_v1,
  getWebhookById_v1,
  deleteWebhookById_v1,
  createMessageWebhook_v1,
  createCallWebhook_v1,
  createCallSummaryWebhook_v1,
  createCallTranscriptWebhook_v1,
};
