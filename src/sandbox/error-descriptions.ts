import type { operations } from '../../generated/v1.js';
import type { OperationId } from '../types.js';

type ResponsesOf<Op extends OperationId> = operations[Op]['responses'];

type DescriptionOf<Op extends OperationId, Status extends keyof ResponsesOf<Op>> = ResponsesOf<Op>[Status] extends {
  content: { 'application/json': { description: infer Description } };
}
  ? Description
  : never;

type DescribedStatus<Op extends OperationId> = {
  [Status in keyof ResponsesOf<Op>]: [DescriptionOf<Op, Status>] extends [never] ? never : Status;
}[keyof ResponsesOf<Op>];

/** Exactly the error responses the spec gives a fixed `description`, each with that description. */
type ErrorDescriptions = {
  [Op in OperationId as [DescribedStatus<Op>] extends [never] ? never : Op]: { [Status in DescribedStatus<Op>]: DescriptionOf<Op, Status> };
};

/**
 * The `description` some documented error bodies carry besides their title.
 * The operations table has codes and titles only; the type above makes the
 * compiler hold this list to the generated types, so it cannot miss an entry
 * or drift from the spec.
 */
export const ERROR_DESCRIPTIONS: ErrorDescriptions = {
  listCalls_v1: { 403: 'Not Phone Number User' },
  createContact_v1: { 400: 'Invalid Custom Field Item', 403: 'Not Phone Number User' },
  listContacts_v1: { 400: 'Invalid Custom Field Item', 403: 'Not Phone Number User' },
  getContactById_v1: { 400: 'Invalid Custom Field Item', 403: 'Not Phone Number User' },
  updateContactById_v1: { 400: 'Invalid Custom Field Item', 403: 'Not Phone Number User' },
  deleteContact_v1: { 400: 'Invalid Custom Field Item', 403: 'Not Phone Number User' },
  listConversations_v1: { 403: 'Not Phone Number User' },
  sendMessage_v1: {
    400: 'A2P Registration Not Approved',
    402: 'The organization does not have enough prepaid credits to send the message',
    403: 'Not Phone Number User',
  },
  listMessages_v1: {
    400: 'A2P Registration Not Approved',
    402: 'The organization does not have enough prepaid credits to send the message',
    403: 'Not Phone Number User',
  },
  getMessageById_v1: {
    400: 'A2P Registration Not Approved',
    402: 'The organization does not have enough prepaid credits to send the message',
    403: 'Not Phone Number User',
  },
  listWebhooks_v1: { 400: 'Invalid Version' },
  getWebhookById_v1: { 400: 'Invalid Version' },
  deleteWebhookById_v1: { 400: 'Invalid Version' },
  createMessageWebhook_v1: { 400: 'Invalid Version' },
  createCallWebhook_v1: { 400: 'Invalid Version' },
  createCallSummaryWebhook_v1: { 400: 'Invalid Version' },
  createCallTranscriptWebhook_v1: { 400: 'Invalid Version' },
};
