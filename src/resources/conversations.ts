import type { APIPromise } from '../api-promise.js';
import type { PagePromise } from '../pagination.js';
import type { Conversation, QueryParams } from '../types.js';
import { Resource, asOptionalList, defined, isoDate, type ListOptions, type ListParams, type RequestOptions } from './resource.js';

export type ListConversationsParams = ListParams<
  'listConversations_v1',
  'phoneNumbers',
  'createdAfter' | 'createdBefore' | 'updatedAfter' | 'updatedBefore',
  'phoneNumber'
>;

export class Conversations extends Resource {
  /** Conversations, optionally filtered; await for a page, or `for await` for all. */
  list(params: ListConversationsParams = {}, options: ListOptions = {}): PagePromise<Conversation> {
    return this.paginate('listConversations_v1', () => {
      const given = this.readFilters('listConversations_v1', params);
      return {
        fetchPage: ({ position, pageSize }, init) => {
        const phoneNumbers = asOptionalList(given.phoneNumbers);
        const query: QueryParams<'listConversations_v1'> = defined({
          phoneNumbers,
          userId: given.userId,
          excludeInactive: given.excludeInactive,
          createdAfter: isoDate(given.createdAfter),
          createdBefore: isoDate(given.createdBefore),
          updatedAfter: isoDate(given.updatedAfter),
          updatedBefore: isoDate(given.updatedBefore),
          maxResults: pageSize!,
          pageToken: position,
        });
        this.validate('listConversations_v1', { query });
        return this.raw.GET('/v1/conversations', { params: { query }, ...init });
        },
        options,
        pageSize: given.maxResults,
        start: given.pageToken,
      };
    });
  }

  /** Marks the conversation (`CN…`) as read, and returns it (dated API). */
  markAsRead(conversationId: string, options: RequestOptions = {}): APIPromise<Conversation> {
    const path = { conversationId };
    return this.data('markConversationAsRead', { path }, (init) => this.raw.POST('/conversations/{conversationId}/mark-as-read', { params: { path }, ...init }), options);
  }

  /** Marks the conversation as done, moving it out of the open inbox, and returns it (dated API). */
  markAsDone(conversationId: string, options: RequestOptions = {}): APIPromise<Conversation> {
    const path = { conversationId };
    return this.data('markConversationAsDone', { path }, (init) => this.raw.POST('/conversations/{conversationId}/mark-as-done', { params: { path }, ...init }), options);
  }

  /** Reopens a conversation marked as done, and returns it (dated API). */
  markAsOpen(conversationId: string, options: RequestOptions = {}): APIPromise<Conversation> {
    const path = { conversationId };
    return this.data('markConversationAsOpen', { path }, (init) => this.raw.POST('/conversations/{conversationId}/mark-as-open', { params: { path }, ...init }), options);
  }
}
