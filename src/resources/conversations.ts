import type { PagePromise } from '../core/pagination.js';
import type { Conversation } from '../internal/types.js';
import { Conversations as DerivedConversations } from '../../generated/2026-03-30.resources.js';
import type { ListOptions, ListParams } from './resource.js';

export type ListConversationsParams = ListParams<
  'listConversations_v1',
  'phoneNumbers',
  'createdAfter' | 'createdBefore' | 'updatedAfter' | 'updatedBefore',
  'phoneNumber'
>;

/** Conversations: `list` on v1, handwritten; the dated API's derived methods (`markAsRead`, `markAsDone`, `markAsOpen`) from the base. */
export class Conversations extends DerivedConversations {
  /** Conversations, optionally filtered; await for a page, or `for await` for all. */
  list(params?: ListConversationsParams, options: ListOptions = {}): PagePromise<Conversation> {
    return this.listOperation('listConversations_v1', [], params, options);
  }
}
