import type { AnyOperationId, OperationId } from '../types.js';
import type { Route } from './responses.js';
import { DATED_SURFACE, type SpecOperation } from './spec.js';
import {
  createHeaderVersionedWebhook,
  deleteHeaderVersionedWebhookById,
  getHeaderVersionedWebhookById,
  getHeaderVersionedWebhookDelivery,
  listHeaderVersionedWebhookDeliveries,
  listHeaderVersionedWebhooks,
  retryHeaderVersionedWebhookDelivery,
  rotateHeaderVersionedWebhookSecret,
  sendHeaderVersionedTestWebhookEvent,
  updateHeaderVersionedWebhookById,
} from './routes/versioned-webhooks.js';
import { getContactById, getUserById, listContacts, listUsers, markConversationAsDone, markConversationAsOpen, markConversationAsRead, retryMessage } from './routes/dated.js';
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

/**
 * The operations the sandbox serves from its workspace. Any other operation
 * of the spec (one a regenerated spec adds, say) is answered from the spec
 * itself (see `specAnswer`). A spec that loses an operation routed here fails
 * to compile, naming it.
 */
export const routes = {
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
} as const satisfies Readonly<Partial<Record<OperationId, Route>>>;

export type RoutedOperationId = keyof typeof routes;

/** The dated operations the sandbox serves from its workspace; the others are answered from the spec. */
const datedRoutes = {
  listContacts,
  getContactById,
  listUsers,
  getUserById,
  markConversationAsRead,
  markConversationAsDone,
  markConversationAsOpen,
  retryMessage,
  createHeaderVersionedWebhook,
  listHeaderVersionedWebhooks,
  getHeaderVersionedWebhookById,
  updateHeaderVersionedWebhookById,
  deleteHeaderVersionedWebhookById,
  rotateHeaderVersionedWebhookSecret,
  sendHeaderVersionedTestWebhookEvent,
  listHeaderVersionedWebhookDeliveries,
  getHeaderVersionedWebhookDelivery,
  retryHeaderVersionedWebhookDelivery,
} as const satisfies Readonly<Partial<Record<AnyOperationId, Route>>>;

/** The hand-written route of an operation, if it has one. */
export function routeFor(operation: SpecOperation): Route | undefined {
  const table: Readonly<Record<string, Route>> = operation.surface === DATED_SURFACE ? datedRoutes : routes;
  return Object.hasOwn(table, operation.operationId) ? table[operation.operationId] : undefined;
}
