import type { AnyOperationId, OperationId } from '../internal/types.js';
import type { Route } from './responses.js';
import { DATED_SURFACE, type SandboxOperation } from './operations.js';
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
import {
  createContact,
  getContactById,
  getUserById,
  listContacts,
  updateContactById,
  listUsers,
  markConversationAsDone,
  markConversationAsOpen,
  markConversationAsRead,
  retryMessage,
} from './routes/dated.js';
import { getCallRecordings_v1, getCallSummary_v1, getCallTranscript_v1, listCalls_v1 } from './routes/calls.js';
import { createContact_v1, deleteContact, listContacts_v1, updateContactById_v1 } from './routes/contacts.js';
import { listMessages_v1, sendMessage_v1 } from './routes/messages.js';
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
import { datedTaskRoutes, v1TaskRoutes } from './routes/tasks.js';

/**
 * The operations whose behaviour is more than storing records: sends,
 * filters the API documents, webhooks with their keys. Every other operation
 * of the table (one a regenerated spec adds, say) is served by the generic
 * collections (see `collections.ts`). A spec that loses an operation routed
 * here fails to compile, naming it.
 */
export const routes = {
  listPhoneNumbers_v1,
  listConversations_v1,
  sendMessage_v1,
  listMessages_v1,
  listCalls_v1,
  getCallRecordings_v1,
  getCallSummary_v1,
  getCallTranscript_v1,
  createContact_v1,
  updateContactById_v1,
  deleteContact_v1: deleteContact,
  listContacts_v1,
  listWebhooks_v1,
  getWebhookById_v1,
  deleteWebhookById_v1,
  createMessageWebhook_v1,
  createCallWebhook_v1,
  createCallSummaryWebhook_v1,
  createCallTranscriptWebhook_v1,
  ...v1TaskRoutes,
} as const satisfies Readonly<Partial<Record<OperationId, Route>>>;

export type RoutedOperationId = keyof typeof routes;

/** The dated operations with behaviour of their own; the others are served by the generic collections. */
const datedRoutes = {
  listContacts,
  getContactById,
  createContact,
  updateContactById,
  deleteContact,
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
  ...datedTaskRoutes,
} as const satisfies Readonly<Partial<Record<AnyOperationId, Route>>>;

/** The hand-written route of an operation, if it has one. */
export function routeFor(operation: SandboxOperation): Route | undefined {
  const table: Readonly<Record<string, Route>> = operation.surface === DATED_SURFACE ? datedRoutes : routes;
  return Object.hasOwn(table, operation.operationId) ? table[operation.operationId] : undefined;
}
